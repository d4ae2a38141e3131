import type { HandlersDeps } from '../../../../../electron/main/ipc/handlers';
import type { HotkeyStatus } from '../../../../../shared/ipc/contract';
import { Notification, safeStorage } from '../../../../support/fake-electron';
import { recordingLogger } from '../../recording-logger';

const off: HotkeyStatus = { accelerator: '', status: 'off' };

/** Everything `createHandlers` needs, with inert desktop services; a test overrides what it looks at. */
export function handlersDeps(userDataDir: string, overrides: Partial<HandlersDeps> = {}): HandlersDeps {
  return {
    app: { getName: () => 'console', getVersion: () => '1.0.0' },
    userDataDir,
    env: {},
    platform: 'linux',
    safeStorage,
    Notification,
    focusMainWindow: () => {},
    mainWindow: () => null,
    focusApp: () => {},
    events: { send: () => 'dropped', ready: () => 0 },
    tray: { setPresence: () => false },
    hotkeys: { status: () => ({ answer: off, hangUp: off, hold: off, mute: off }) },
    loginItem: { status: () => 'unsupported' },
    linkHandlers: () => ({ tel: false, app: false }),
    clock: () => new Date('2025-03-01T08:30:00.000Z'),
    logFor: () => recordingLogger(),
    ...overrides,
  };
}
