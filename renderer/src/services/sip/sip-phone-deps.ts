import type { UserAgent, UserAgentOptions } from 'sip.js';
import type { Logger } from '../../logger';

/** What the phone needs of an `<audio>` element; tests hand in a plain object. */
export interface AudioElementLike {
  src: string;
  srcObject: MediaProvider | null;
  loop: boolean;
  autoplay: boolean;
  currentTime: number;
  play(): Promise<void>;
  pause(): void;
  /** Missing where the browser cannot pick an output device. */
  setSinkId?(sinkId: string): Promise<void>;
}

/**
 * Every side effect of the phone, handed in: the app passes `browserSipPhoneDeps()`, unit tests
 * pass fakes (a fake clock, a user agent on a fake transport), and the phone never reaches for
 * `window`, `navigator` or the clock by itself.
 */
export interface SipPhoneDeps {
  now(): number;
  /** [0, 1), for backoff jitter. */
  random(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** UUIDv7 call ids. */
  uuid(): string;
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  /** Fires `online` / `offline` (the window in the browser). */
  networkEvents: EventTarget;
  isOnline(): boolean;
  createAudioElement(): AudioElementLike;
  createObjectUrl(blob: Blob): string;
  revokeObjectUrl(url: string): void;
  log: Logger;
  /** The sip.js UserAgent; tests build one on a fake transport. Defaults to `new UserAgent(options)`. */
  userAgentFactory?: (options: Partial<UserAgentOptions>) => UserAgent;
}
