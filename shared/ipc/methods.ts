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
  'getDesktopStatus',
  'setPresence',
  'showIncomingCall',
  'dismissIncomingCall',
  'eventsReady',
] as const;
export type IpcMethod = (typeof IPC_METHODS)[number];

/** Name of the Electron IPC channel that carries a method: one namespace, nothing else is handled. */
export const ipcChannel = (method: IpcMethod): string => `console:${method}`;

/** The one channel for main → renderer events; the payload is a `ConsoleEvent` (contract.ts). */
export const IPC_EVENT_CHANNEL = 'console:event';

/** The phone actions that can have a system-wide hotkey. */
export const HOTKEY_ACTIONS = ['answer', 'hangUp', 'hold', 'mute'] as const;
export type HotkeyAction = (typeof HOTKEY_ACTIONS)[number];
