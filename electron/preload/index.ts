import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
// The method list only: contract.ts would pull zod into a preload that must stay small and sandboxed.
import { IPC_EVENT_CHANNEL, IPC_METHODS, ipcChannel } from '../../shared/ipc/methods';
import type { ConsoleApi } from '../../shared/ipc/contract';

/**
 * `window.api` is exactly the contract: one function per method, each bound to its own channel,
 * and `onEvent` for the one event channel. The renderer never gets `ipcRenderer` or a generic
 * invoke, so a script injected into the page can reach nothing the contract does not name, and
 * the main process still checks every call.
 */
const methods = Object.fromEntries(
  IPC_METHODS.map((method) => {
    const channel = ipcChannel(method);
    // Only the first argument crosses: a request is one value or none.
    return [method, (request?: unknown) => ipcRenderer.invoke(channel, request)];
  }),
);

function onEvent(listener: (event: unknown) => void): () => void {
  // The payload only: the IpcRendererEvent carries `sender`, an ipcRenderer the page must never hold.
  const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
  ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
  };
}

const api = Object.freeze({ ...methods, onEvent }) as unknown as ConsoleApi;

contextBridge.exposeInMainWorld('api', api);
