import { describe, expect, it } from 'vitest';
import { isHoldOffer, sipfragStatus, statusText } from '../../../../../renderer/src/services/sip/sip-text';
import { dtmfInfoBody, normalizeDtmfDigit, offersTelephoneEvent } from '../../../../../renderer/src/services/sip/dtmf';

const sdp = (...lines: string[]) => ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', ...lines, ''].join('\r\n');

describe('statusText', () => {
  it('writes the status line as the call log shows it', () => {
    expect(statusText(486, 'Busy Here')).toBe('486 Busy Here');
    expect(statusText(603)).toBe('603 Decline');
    expect(statusText(499)).toBe('499');
  });

  it('keeps a far end from putting control characters or essays into the reason', () => {
    expect(statusText(480, '\u0007Gone\r\n')).toBe('480 Gone');
    expect(statusText(500, 'x'.repeat(500))).toHaveLength(4 + 64);
  });
});

describe('sipfragStatus', () => {
  it('reads the status of a NOTIFY sipfrag body', () => {
    expect(sipfragStatus('SIP/2.0 200 OK')).toBe(200);
    expect(sipfragStatus('SIP/2.0 180 Ringing\r\n')).toBe(180);
    expect(sipfragStatus('  SIP/2.0 486 Busy Here')).toBe(486);
  });

  it('gives null for anything else', () => {
    expect(sipfragStatus('')).toBeNull();
    expect(sipfragStatus(undefined)).toBeNull();
    expect(sipfragStatus('HTTP/1.1 200 OK')).toBeNull();
  });
});

describe('isHoldOffer', () => {
  it('reads sendonly or inactive audio as hold', () => {
    expect(isHoldOffer(sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=sendonly'))).toBe(true);
    expect(isHoldOffer(sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=inactive'))).toBe(true);
    expect(isHoldOffer(sdp('a=sendonly', 'm=audio 9 RTP/AVP 0'))).toBe(true);
  });

  it('reads sendrecv, no direction or an empty body as not held', () => {
    expect(isHoldOffer(sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=sendrecv'))).toBe(false);
    expect(isHoldOffer(sdp('m=audio 9 RTP/AVP 0'))).toBe(false);
    expect(isHoldOffer(sdp('a=sendonly', 'm=audio 9 RTP/AVP 0', 'a=sendrecv'))).toBe(false);
    expect(isHoldOffer('')).toBe(false);
    expect(isHoldOffer(undefined)).toBe(false);
  });

  it('does not take a 0.0.0.0 address for hold (Chromium writes it before ICE gathering)', () => {
    expect(isHoldOffer(sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111', 'c=IN IP4 0.0.0.0', 'a=sendrecv'))).toBe(false);
  });
});

describe('DTMF', () => {
  it('accepts the sixteen DTMF keys and nothing else', () => {
    expect('0123456789*#ABCD'.split('').map(normalizeDtmfDigit).join('')).toBe('0123456789*#ABCD');
    expect(normalizeDtmfDigit('a')).toBe('A');
    for (const bad of ['', '12', 'E', ' ', '\n', '５']) expect(normalizeDtmfDigit(bad)).toBeNull();
  });

  it('sees telephone-event in an SDP', () => {
    expect(offersTelephoneEvent(sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111 126', 'a=rtpmap:111 opus/48000/2', 'a=rtpmap:126 telephone-event/8000'))).toBe(true);
    expect(offersTelephoneEvent(sdp('m=audio 9 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000'))).toBe(false);
    expect(offersTelephoneEvent(undefined)).toBe(false);
  });

  it('writes the INFO body PBXs expect', () => {
    expect(dtmfInfoBody('5')).toEqual({ contentDisposition: 'render', contentType: 'application/dtmf-relay', content: 'Signal=5\r\nDuration=160' });
  });
});
