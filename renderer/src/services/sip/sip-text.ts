/**
 * Small readings of SIP and SDP text the phone acts on. Kept apart from sip.js objects so they are
 * tested on strings.
 */

const REASON_PHRASES: Record<number, string> = {
  408: 'Request Timeout',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  486: 'Busy Here',
  487: 'Request Terminated',
  603: 'Decline',
};

/** `486 Busy Here`: the status line as the call log and the UI's tooltip show it. */
export function statusText(statusCode: number | undefined, reasonPhrase?: string | undefined): string {
  const code = statusCode ?? 0;
  const reason = (reasonPhrase ?? '').replace(/[^\x20-\x7e]/g, '').trim().slice(0, 64) || REASON_PHRASES[code] || '';
  return reason ? `${code} ${reason}` : String(code);
}

/** The status code in a REFER's NOTIFY body (`message/sipfrag`: `SIP/2.0 200 OK`), or null. */
export function sipfragStatus(body: string | undefined | null): number | null {
  if (typeof body !== 'string') return null;
  const match = /^\s*SIP\/2\.0\s+(\d{3})\b/.exec(body);
  return match ? Number(match[1]) : null;
}

/**
 * True when an offer puts us on hold: its audio is `sendonly` or `inactive` (RFC 3264 §8.4). The
 * old RFC 2543 way, a 0.0.0.0 connection address, is not read as hold: Chromium writes 0.0.0.0
 * into offers made before any ICE candidate was gathered.
 */
export function isHoldOffer(sdp: string | undefined | null): boolean {
  if (typeof sdp !== 'string' || sdp === '') return false;
  const lines = sdp.split(/\r?\n/);
  let inAudio = false;
  let sessionDirection: string | null = null;
  let audioDirection: string | null = null;
  for (const line of lines) {
    if (line.startsWith('m=')) inAudio = line.startsWith('m=audio');
    const direction = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/.exec(line)?.[1];
    if (direction) {
      if (inAudio) audioDirection = direction;
      else if (sessionDirection === null) sessionDirection = direction;
    }
  }
  const direction = audioDirection ?? sessionDirection ?? 'sendrecv';
  return direction === 'sendonly' || direction === 'inactive';
}
