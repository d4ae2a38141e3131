import { vi, type Mock } from 'vitest';
import { UserAgent } from 'sip.js';
import type { AudioElementLike, SipPhoneDeps } from '../../../../../../renderer/src/services/sip/sip-phone-deps';
import { uuidV7 } from '../../../../../../renderer/src/services/sip/uuid-v7';
import type { FakePbx } from './fake-pbx';

export interface FakeAudioElement extends AudioElementLike {
  play: Mock<() => Promise<void>>;
  pause: Mock<() => void>;
  setSinkId: Mock<(sinkId: string) => Promise<void>>;
}

export function fakeAudioElement(): FakeAudioElement {
  return {
    src: '',
    srcObject: null,
    loop: false,
    autoplay: false,
    currentTime: 0,
    play: vi.fn(async () => undefined),
    pause: vi.fn(),
    setSinkId: vi.fn(async () => undefined),
  };
}

export interface FakeDeps {
  deps: SipPhoneDeps;
  log: { info: Mock; warn: Mock; error: Mock };
  audioElements: FakeAudioElement[];
  setOnline(online: boolean): void;
}

/**
 * Side effects for createSipPhone on the global (vitest-faked) timers, with sip.js's UserAgent on
 * the fake PBX's transport.
 */
export function fakeDeps(pbx: FakePbx, overrides: Partial<SipPhoneDeps> = {}): FakeDeps {
  const networkEvents = new EventTarget();
  let online = true;
  let counter = 0;
  const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const audioElements: FakeAudioElement[] = [];
  const deps: SipPhoneDeps = {
    now: () => Date.now(),
    random: () => 0.5,
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as number),
    uuid: () => uuidV7({ now: () => Date.now(), getRandomValues: (bytes) => bytes.fill(++counter % 256) }),
    getUserMedia: vi.fn(async () => {
      throw Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
    }),
    networkEvents,
    isOnline: () => online,
    createAudioElement: () => {
      const element = fakeAudioElement();
      audioElements.push(element);
      return element;
    },
    createObjectUrl: () => 'blob:ringtone',
    revokeObjectUrl: () => undefined,
    log,
    userAgentFactory: (options) => new UserAgent({ ...options, transportConstructor: pbx.Transport }),
    ...overrides,
  };
  return {
    deps,
    log,
    audioElements,
    setOnline(next) {
      online = next;
      networkEvents.dispatchEvent(new Event(next ? 'online' : 'offline'));
    },
  };
}
