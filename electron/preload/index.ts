import { contextBridge, ipcRenderer } from 'electron';
// The method list only: contract.ts would pull zod into a preload that must stay small and sandboxed.
import { IPC_METHODS, ipcChannel } from '../../shared/ipc/methods';
import type { ConsoleApi } from '../../shared/ipc/contract';

/**
 * `window.api` is exactly the contract: one function per method, each bound to its own channel.
 * The renderer never gets `ipcRenderer` or a generic invoke, so a script injected into the page
 * can reach nothing the contract does not name, and the main process still checks every call.
 */
const api = Object.freeze(
  Object.fromEntries(
    IPC_METHODS.map((method) => {
      const channel = ipcChannel(method);
      // Only the first argument crosses: a request is one value or none.
      return [method, (request?: unknown) => ipcRenderer.invoke(channel, request)];
    }),
  ),
) as ConsoleApi;

contextBridge.exposeInMainWorld('api', api);
