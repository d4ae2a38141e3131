import type { SipConfig } from '../../../../shared/api/phone';

/**
 * The softphone as the rest of the console sees it: commands in, plain serialisable snapshots out.
 * No sip.js object ever leaves services/sip/ (STYLE.md: live SIP objects inside domain data is the
 * mistake to avoid); the UI renders snapshots and calls commands by call id.
 */

export type RegistrationState =
  /** Not started, or stopped at logout. */
  | 'unregistered'
  /** WebSocket connecting / REGISTER sent, first time. */
  | 'connecting'
  | 'registered'
  /** Lost the server; retrying with backoff (see `nextRetryAt`). */
  | 'reconnecting'
  /** Gave up until the user or config changes: wrong credentials, or a setting that cannot work. */
  | 'failed';

export type PhoneErrorCode =
  | 'unreachable'
  | 'auth_failed'
  | 'timeout'
  | 'offline'
  | 'microphone_denied'
  | 'no_microphone'
  | 'invalid_number'
  | 'call_failed'
  | 'transfer_failed'
  | 'not_supported';

export interface PhoneError {
  code: PhoneErrorCode;
  /** Technical detail for the log and a tooltip (e.g. `403 Forbidden`); the UI translates `code`. */
  detail: string;
}

export interface RegistrationSnapshot {
  state: RegistrationState;
  error: PhoneError | null;
  /** ms since epoch of the last change. */
  since: number;
  /** Reconnect attempt number while `reconnecting` (1-based), else 0. */
  attempt: number;
  nextRetryAt: number | null;
}

export type CallDirection = 'inbound' | 'outbound';

export type CallState =
  /** Inbound, not answered yet. */
  | 'ringing'
  /** Outbound, INVITE sent, no answer yet (includes remote ringing). */
  | 'dialing'
  | 'talking'
  /** We put it on hold. */
  | 'held'
  | 'ended';

export type CallEndedBy = 'local' | 'remote' | 'system';

export interface CallParty {
  /** Digits of the caller / callee (`callerNumber` of shared/telephony/caller-id), null when unknown. */
  number: string | null;
  /** Sanitised display name, may be ''. */
  displayName: string;
}

export interface TransferSnapshot {
  kind: 'blind' | 'attended';
  target: string;
  state: 'pending' | 'accepted' | 'failed';
  error: string | null;
}

export interface CallSnapshot {
  /** Client-made id (UUIDv7), stable for the call's life; the call log uses it as its record id. */
  id: string;
  direction: CallDirection;
  state: CallState;
  remote: CallParty;
  /** The PBX's IVR choice (e.g. `consult` | `complaint`) from the configured header, sanitised; null if absent. */
  ivrChoice: string | null;
  muted: boolean;
  /** The remote side put us on hold (their re-INVITE was sendonly/inactive). */
  remoteHold: boolean;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  endedBy: CallEndedBy | null;
  /** SIP status / reason of the end (`486 Busy Here`, `BYE`, `CANCEL`, `transferred`), null while live. */
  endCause: string | null;
  transfer: TransferSnapshot | null;
  /** Media is being recovered after a reconnect (re-INVITE with ICE restart). */
  mediaRecovering: boolean;
}

export interface AudioDevices {
  microphoneId: string | null;
  speakerId: string | null;
  ringerId: string | null;
}

export interface PhoneSnapshot {
  registration: RegistrationSnapshot;
  /** navigator.onLine as last reported by online/offline events. */
  online: boolean;
  /** Live calls first (in the order they started), then calls ended in the last few seconds. */
  calls: CallSnapshot[];
  devices: AudioDevices;
}

/**
 * A live call's audio as MediaStreams, for the call recorder: plain browser objects, never sip.js
 * ones, and never kept in the store (they are handles on live media, not data).
 */
export interface CallMedia {
  /** What we send: the agent's microphone (the sender's track). */
  local: MediaStream;
  /** What we hear: the customer. */
  remote: MediaStream;
}

export interface DialOptions {
  /** Extra SIP headers for the INVITE, e.g. a callback task id. */
  extraHeaders?: string[];
}

export interface SipPhone {
  getSnapshot(): PhoneSnapshot;
  subscribe(listener: (snapshot: PhoneSnapshot) => void): () => void;
  /** Connects and registers; resolves once the first attempt settles (registered, or failed with an error). */
  start(config: SipConfig): Promise<void>;
  /** Unregisters, hangs up nothing (the caller decides), closes the transport. */
  stop(): Promise<void>;
  /** Starts an outbound call; returns its id. Throws PhoneError-like `invalid_number` for a bad number. */
  dial(target: string, options?: DialOptions): Promise<string>;
  answer(callId: string): Promise<void>;
  /** Refuses a ringing call (486 Busy Here by default). */
  reject(callId: string, status?: 486 | 603): Promise<void>;
  hangUp(callId: string): Promise<void>;
  hold(callId: string): Promise<void>;
  resume(callId: string): Promise<void>;
  setMuted(callId: string, muted: boolean): void;
  /** One DTMF digit (0-9 * # A-D): RFC 4733 when the peer offers telephone-event, SIP INFO otherwise. Never logged. */
  sendDtmf(callId: string, digit: string): Promise<void>;
  blindTransfer(callId: string, target: string): Promise<void>;
  /** Completes an attended transfer: `callId` is transferred to the party of `consultCallId` (REFER with Replaces). */
  completeAttendedTransfer(callId: string, consultCallId: string): Promise<void>;
  setDevices(devices: Partial<AudioDevices>): Promise<void>;
  /** The call's local and remote audio once it is connected; null for an unknown, unconnected or ended call. */
  callMedia(callId: string): CallMedia | null;
  /** Tells which call's media changed under it (a microphone switched mid-call): a recorder wires it again. */
  subscribeCallMedia(listener: (callId: string) => void): () => void;
}
