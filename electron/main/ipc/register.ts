import type { z } from 'zod';
import {
  IPC_METHODS,
  ipcChannel,
  ipcContract,
  type IpcContract,
  type IpcMethod,
  type IpcResponse,
  type IpcResult,
} from '../../../shared/ipc/contract';
import type { Logger } from '../log';

/** What a handler receives: the request after parsing, never the raw value from the renderer. */
export type IpcParsedRequest<M extends IpcMethod> = z.output<IpcContract[M]['request']>;

export type IpcHandler<M extends IpcMethod> = (
  request: IpcParsedRequest<M>,
) => IpcResponse<M> | Promise<IpcResponse<M>>;

/** One handler per contract method: leaving one out does not compile. */
export type Handlers = { [M in IpcMethod]: IpcHandler<M> };

/** The part of an invoke event the check needs; Electron's `senderFrame` is null once the frame is gone. */
export interface InvokeEventLike {
  readonly senderFrame?: { readonly url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface RegisterIpcOptions {
  /** Decides on the URL of the frame that sent the call. */
  isTrustedSender: (frameUrl: string) => boolean;
  log: Logger;
}

/**
 * Registers exactly the contract's channels. Every call is checked in the same order: sender frame,
 * then request schema, then the handler; the reply is always an `IpcResult`, never a rejection,
 * so the renderer gets a code it can act on instead of Electron's wrapped error string.
 * Returns a function that removes the handlers again.
 */
export function registerIpc(ipcMain: IpcMainLike, handlers: Handlers, options: RegisterIpcOptions): () => void {
  // A handler map assembled at runtime (or cast) can still miss a method; fail at startup, not on first call.
  const missing = IPC_METHODS.filter((method) => typeof (handlers as Partial<Handlers>)[method] !== 'function');
  if (missing.length > 0) throw new Error(`IPC handlers missing for: ${missing.join(', ')}`);

  for (const method of IPC_METHODS) {
    ipcMain.handle(ipcChannel(method), (event, request) => handleCall(method, handlers, options, event, request));
  }
  return () => {
    for (const method of IPC_METHODS) ipcMain.removeHandler(ipcChannel(method));
  };
}

async function handleCall<M extends IpcMethod>(
  method: M,
  handlers: Handlers,
  { isTrustedSender, log }: RegisterIpcOptions,
  event: InvokeEventLike,
  request: unknown,
): Promise<IpcResult<IpcResponse<M>>> {
  const frameUrl = senderFrameUrl(event);
  if (frameUrl === null || !isTrustedSender(frameUrl)) {
    log.warn(`refused ${method}: sender frame not trusted`, { frameUrl });
    return { ok: false, error: { code: 'forbidden_sender', message: 'The sender frame is not allowed to call the console API.' } };
  }

  const parsed = ipcContract[method].request.safeParse(request);
  if (!parsed.success) {
    const message = describeIssues(parsed.error.issues);
    log.warn(`refused ${method}: invalid request`, message);
    return { ok: false, error: { code: 'invalid_request', message } };
  }

  try {
    const handler = handlers[method] as IpcHandler<M>;
    const value = await handler(parsed.data as IpcParsedRequest<M>);
    return { ok: true, value };
  } catch (error) {
    log.error(`${method} failed`, error);
    return { ok: false, error: { code: 'failed', message: error instanceof Error ? error.message : String(error) } };
  }
}

function senderFrameUrl(event: InvokeEventLike): string | null {
  try {
    const frame = event.senderFrame;
    return frame && typeof frame.url === 'string' && frame.url !== '' ? frame.url : null;
  } catch {
    // Electron throws when a disposed frame is read; such a sender is not trusted.
    return null;
  }
}

/** Names each failing field, never its value: a secret that fails validation must not reach the logs. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
}
