// The SIP service's public surface: the rest of the renderer imports this folder, not its files.
export { createSipPhone } from './sip-phone';
export { browserSipPhoneDeps } from './browser-deps';
export { SipPhoneError, isPhoneError } from './phone-error';
export { ENDED_CALL_RETENTION_MS } from './call-model';
export type { AudioElementLike, SipPhoneDeps } from './sip-phone-deps';
export type * from './phone-types';
