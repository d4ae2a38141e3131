/**
 * DTMF for IVRs and voice mail on the far side. RFC 4733 telephone-events go in the RTP stream
 * when the peer negotiated them (they survive transcoding that would garble in-band tones);
 * otherwise SIP INFO with `application/dtmf-relay`, which PBXs without telephone-event accept.
 */

export const DTMF_DURATION_MS = 160;
/** Chromium's RTCDTMFSender minimum gap between tones is 30 ms; 70 ms is its default. */
export const DTMF_GAP_MS = 70;

/** One digit, normalised (`a` → `A`), or null for anything that is not a DTMF key. */
export function normalizeDtmfDigit(digit: string): string | null {
  return /^[0-9*#A-Da-d]$/.test(digit) ? digit.toUpperCase() : null;
}

/** True when an SDP (the peer's offer or answer) carries an `a=rtpmap:… telephone-event/…` line. */
export function offersTelephoneEvent(sdp: string | null | undefined): boolean {
  return typeof sdp === 'string' && /^a=rtpmap:\d+ telephone-event\/\d+/im.test(sdp);
}

export interface DtmfInfoBody {
  contentDisposition: 'render';
  contentType: 'application/dtmf-relay';
  content: string;
}

export function dtmfInfoBody(digit: string): DtmfInfoBody {
  return {
    contentDisposition: 'render',
    contentType: 'application/dtmf-relay',
    content: `Signal=${digit}\r\nDuration=${DTMF_DURATION_MS}`,
  };
}
