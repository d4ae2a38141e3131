import { createLogger } from '../../logger';
import type { SipPhoneDeps } from './sip-phone-deps';
import { createUuidV7 } from './uuid-v7';

/** The real side effects in Chromium (the Electron renderer or a browser tab). */
export function browserSipPhoneDeps(overrides: Partial<SipPhoneDeps> = {}): SipPhoneDeps {
  return {
    now: () => Date.now(),
    random: () => Math.random(),
    setTimeout: (callback, ms) => window.setTimeout(callback, ms),
    clearTimeout: (handle) => window.clearTimeout(handle as number),
    uuid: createUuidV7({ now: () => Date.now(), getRandomValues: (bytes) => crypto.getRandomValues(bytes) }),
    getUserMedia: (constraints) => navigator.mediaDevices.getUserMedia(constraints),
    networkEvents: window,
    isOnline: () => navigator.onLine,
    createAudioElement: () => {
      const element = document.createElement('audio');
      element.autoplay = true;
      return element;
    },
    createObjectUrl: (blob) => URL.createObjectURL(blob),
    revokeObjectUrl: (url) => URL.revokeObjectURL(url),
    log: createLogger('sip'),
    ...overrides,
  };
}
