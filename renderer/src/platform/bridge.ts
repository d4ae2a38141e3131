import type { ConsoleApi } from '../../../shared/ipc/contract';
import { APP_NAME, APP_VERSION } from '../app-meta';
import {
  createMemoryStorage,
  createWebBridge,
  type KeyValueStorage,
  type WebBridgeEnv,
  type WebNotifications,
} from './web-bridge';

export { BridgeError, unwrap, unwrapResult } from './ipc-result';

/**
 * The one way the renderer reaches the platform. The desktop preload sets `window.api`; in a
 * plain browser the web bridge implements the same contract over Web Storage and Notification.
 */
export const bridge: ConsoleApi = window.api ?? createWebBridge(browserEnv());

function browserEnv(): WebBridgeEnv {
  return {
    localStorage: webStorage(() => window.localStorage),
    sessionStorage: webStorage(() => window.sessionStorage),
    notifications: browserNotifications(),
    appName: APP_NAME,
    appVersion: APP_VERSION,
    platform: navigator.platform || 'web',
  };
}

// Merely reading `window.localStorage` throws when storage is disabled (e.g. some privacy modes);
// the console still works for the tab's lifetime then.
function webStorage(get: () => Storage): KeyValueStorage {
  try {
    const storage = get();
    const probe = '__callcenter-console.probe__';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return createMemoryStorage();
  }
}

function browserNotifications(): WebNotifications | null {
  if (typeof Notification === 'undefined') return null;
  return {
    permission: () => Notification.permission,
    requestPermission: () => Notification.requestPermission(),
    show: (title, body) => void new Notification(title, { body }),
  };
}
