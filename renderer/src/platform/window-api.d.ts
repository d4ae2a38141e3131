import type { ConsoleApi } from '../../../shared/ipc/contract';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser, where the web bridge stands in. */
    api?: ConsoleApi;
  }
}

export {};
