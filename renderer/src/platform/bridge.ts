import type { ConsoleApi } from '../../../shared/ipc/contract';
import { APP_NAME, APP_VERSION } from '../app-meta';
import {
  createMemoryStorage,
  createWebBridge,
  registerWebTelHandler,
  type KeyValueStorage,
  type WebBridgeEnv,
  type WebNotifications,
  type WebPage,
} from './web-bridge';

export { BridgeError, unwrap, unwrapResult } from './ipc-result';

const localStorage = webStorage(() => window.localStorage);

/**
 * The one way the renderer reaches the platform. The desktop preload sets `window.api`; in a
 * plain browser the web bridge implements the same contract over Web Storage and Notification.
 */
export const bridge: ConsoleApi = window.api ?? createWebBridge(browserEnv());

/**
 * Web mode only: asks the browser to open `tel:` links in the console. Null in the desktop app (the
 * installer registers the app) and in browsers without `registerProtocolHandler`.
 */
export const registerTelHandler: (() => boolean) | null =
  window.api || typeof navigator.registerProtocolHandler !== 'function'
    ? null
    : () => registerWebTelHandler(localStorage, (scheme, url) => navigator.registerProtocolHandler(scheme, url), window.location.origin);

function browserEnv(): WebBridgeEnv {
  return {
    localStorage,
    sessionStorage: webStorage(() => window.sessionStorage),
    notifications: browserNotifications(),
    page: browserPage(),
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
    showSticky: ({ tag, title, body, onClick }) => {
      const notification = new Notification(title, { body, tag, requireInteraction: true });
      notification.onclick = onClick;
      return () => notification.close();
    },
  };
}

function browserPage(): WebPage {
  return {
    isHidden: () => document.visibilityState === 'hidden',
    focus: () => window.focus(),
    url: () => window.location.href,
    replaceUrl: (url) => window.history.replaceState(window.history.state, '', url),
  };
}
