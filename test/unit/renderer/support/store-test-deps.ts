import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { vi } from 'vitest';
import { AppDb, appDbName } from '../../../../renderer/src/services/local-db/app-db';
import { createWebBridge } from '../../../../renderer/src/platform/web-bridge';
import type { AudioDeviceOption, Clock, MediaDeviceService, StoreDeps } from '../../../../renderer/src/store';
import type { SipPhone } from '../../../../renderer/src/services/sip/phone-types';
import type { fakeHub } from './fake-hub';
import { memoryStorage } from './memory-storage';

export interface ShownNotification {
  title: string;
  body: string;
}

export function fakeMediaDevices(devices: AudioDeviceOption[] = []) {
  const listeners = new Set<() => void>();
  const service: MediaDeviceService = {
    list: async () => devices,
    subscribe: (onChange) => {
      listeners.add(onChange);
      return () => void listeners.delete(onChange);
    },
  };
  return { service, listeners, plugIn: (device: AudioDeviceOption) => {
    devices.push(device);
    for (const l of listeners) l();
  } };
}

/** `key {"values"}`: tests read which text was asked for, not a translation. */
export const echoTranslate = (key: string, values?: Record<string, string | number>) =>
  values ? `${key} ${JSON.stringify(values)}` : key;

/**
 * The store's dependencies for a test: a web bridge over in-memory storage whose notifications are
 * recorded, the scripted hub, and (when given) a fake phone and clock.
 */
export function storeTestDeps(options: {
  hub: ReturnType<typeof fakeHub>;
  phone?: () => SipPhone;
  clock?: Clock;
  mediaDevices?: MediaDeviceService;
}) {
  const session = memoryStorage();
  const local = memoryStorage();
  const notifications: ShownNotification[] = [];
  const bridge = createWebBridge({
    localStorage: local,
    sessionStorage: session,
    notifications: {
      permission: () => 'granted',
      requestPermission: async () => 'granted',
      show: (title, body) => void notifications.push({ title, body }),
      showSticky: ({ title, body }) => {
        notifications.push({ title, body });
        return () => undefined;
      },
    },
    appName: 'test',
    appVersion: '0',
    platform: 'test',
  });
  let phonesCreated = 0;
  let dbSeq = 0;
  const deps: StoreDeps = {
    bridge,
    createHubClient: options.hub.create,
    createSipPhone: () => {
      phonesCreated += 1;
      if (!options.phone) throw new Error('this test has no phone');
      return options.phone();
    },
    mediaDevices: options.mediaDevices ?? fakeMediaDevices().service,
    // A new in-memory IndexedDB per test run: fake-indexeddb, the same engine as the db tests.
    openAppDb: (userId) => new AppDb(`${appDbName(userId)}.${(dbSeq += 1)}`, { indexedDB: new IDBFactory(), IDBKeyRange }),
    translate: echoTranslate,
    random: () => 0.5,
    ...(options.clock ? { clock: options.clock } : {}),
  };
  return { deps, session, local, notifications, phonesCreated: () => phonesCreated };
}

/** The store logs what it does and what goes wrong; a test reads its state, not its log. Undone by vi.restoreAllMocks(). */
export function quietConsole(): void {
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
}
