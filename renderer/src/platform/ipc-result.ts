import type { IpcErrorCode, IpcResult } from '../../../shared/ipc/contract';

/** A bridge call that came back `{ok:false}`: the code says whether to retry, report or fix the caller. */
export class BridgeError extends Error {
  override readonly name = 'BridgeError';
  readonly code: IpcErrorCode;

  constructor(code: IpcErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function unwrapResult<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value;
  throw new BridgeError(result.error.code, result.error.message);
}

/** Await a bridge call and return its value, throwing a typed `BridgeError` when it failed. */
export async function unwrap<T>(call: Promise<IpcResult<T>>): Promise<T> {
  return unwrapResult(await call);
}
