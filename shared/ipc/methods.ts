/**
 * The method names of the IPC contract, without zod, so that the sandboxed preload bundles only
 * this list. `contract.ts` proves at compile time that it matches the contract.
 */
export const IPC_METHODS = [
  'getAppInfo',
  'getSettings',
  'updateSettings',
  'getSecret',
  'setSecret',
  'deleteSecret',
  'showNotification',
] as const;
export type IpcMethod = (typeof IPC_METHODS)[number];

/** Name of the Electron IPC channel that carries a method: one namespace, nothing else is handled. */
export const ipcChannel = (method: IpcMethod): string => `console:${method}`;
