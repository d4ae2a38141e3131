import { describe, expect, it } from 'vitest';
import { parseNameAddr, remoteParty, sanitizeIvrChoice, uriUser } from '../../../../../renderer/src/services/sip/remote-identity';

/** Control characters and the right-to-left override: what sanitising must have removed. */
function hasUnsafeCharacters(text: string): boolean {
  return Array.from(text).some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\u202e');
}

describe('sanitizeIvrChoice', () => {
  it('keeps a short token, lower-cased and trimmed', () => {
    expect(sanitizeIvrChoice('consult')).toBe('consult');
    expect(sanitizeIvrChoice('  Complaint ')).toBe('complaint');
    expect(sanitizeIvrChoice('vip_queue-2')).toBe('vip_queue-2');
    expect(sanitizeIvrChoice('x'.repeat(32))).toBe('x'.repeat(32));
  });

  it('gives no choice for anything else rather than a cleaned-up guess', () => {
    for (const raw of ['', '   ', 'x'.repeat(33), '<script>alert(1)</script>', 'consult;drop', '业务咨询', 'a b', 'consult\u0000', '\u202econsult', undefined, null]) {
      expect(sanitizeIvrChoice(raw)).toBeNull();
    }
  });
});

describe('uriUser', () => {
  it('reads the user part of sip, sips and tel URIs', () => {
    expect(uriUser('sip:13800138000@pbx.example;user=phone')).toBe('13800138000');
    expect(uriUser('sips:+8613800138000:secret@pbx.example')).toBe('+8613800138000');
    expect(uriUser('sip:1001;npdi@pbx.example')).toBe('1001');
    expect(uriUser('tel:+86-10-6552-1234;ext=12')).toBe('+86-10-6552-1234');
  });

  it('gives null for a URI with no user part or another scheme', () => {
    expect(uriUser('sip:pbx.example')).toBeNull();
    expect(uriUser('sip:@pbx.example')).toBeNull();
    expect(uriUser('http://evil.example/x@y')).toBeNull();
    expect(uriUser('no scheme')).toBeNull();
  });
});

describe('parseNameAddr', () => {
  it('reads quoted and unquoted display names and the URI user', () => {
    expect(parseNameAddr('"张 敏" <sip:13800138000@pbx.example>;tag=1')).toEqual({ displayName: '张 敏', user: '13800138000' });
    expect(parseNameAddr('Zhang Min <sip:1001@pbx.example>')).toEqual({ displayName: 'Zhang Min', user: '1001' });
    expect(parseNameAddr('<tel:+8613800138000>')).toEqual({ displayName: '', user: '+8613800138000' });
    expect(parseNameAddr('sip:1001@pbx.example;tag=x')).toEqual({ displayName: '', user: '1001' });
  });

  it('takes the first of several identities, ignoring commas inside quotes', () => {
    expect(parseNameAddr('"Zhang, Min" <sip:13800138000@pbx.example>, <tel:+8613800138000>')).toEqual({ displayName: 'Zhang, Min', user: '13800138000' });
  });

  it('does not take a < inside the quoted name for the start of the URI', () => {
    expect(parseNameAddr('"<b>x</b> \\"q\\"" <sip:9001@pbx.example>')).toEqual({ displayName: '<b>x</b> "q"', user: '9001' });
  });

  it('gives null for nothing and survives junk', () => {
    expect(parseNameAddr(undefined)).toBeNull();
    expect(parseNameAddr('   ')).toBeNull();
    expect(parseNameAddr('"unterminated <sip:1@x>')).toEqual({ displayName: '', user: null });
    expect(parseNameAddr('<<<<>>>>')).toEqual({ displayName: '', user: null });
    expect(parseNameAddr('"\\')).toEqual({ displayName: '', user: null });
  });

  it('parses a huge header in linear time', () => {
    const huge = `"${'a<'.repeat(200_000)}`;
    const started = Date.now();
    expect(parseNameAddr(huge)).not.toBeUndefined();
    expect(parseNameAddr(`${'"\\"'.repeat(100_000)} <sip:1@x>`)).not.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(200);
  });
});

describe('remoteParty', () => {
  it('takes the number and name the network asserted (P-Asserted-Identity) over From', () => {
    expect(
      remoteParty({ assertedIdentity: '"Customer" <sip:+8613800138000@trunk.example>', fromDisplayName: 'Spoofed', fromUser: '10086' }),
    ).toEqual({ number: '+8613800138000', displayName: 'Customer' });
  });

  it('uses From when there is no P-Asserted-Identity', () => {
    expect(remoteParty({ fromDisplayName: '张敏', fromUser: '13800138000' })).toEqual({ number: '13800138000', displayName: '张敏' });
  });

  it('keeps From for what an asserted identity lacks (no user part, no name)', () => {
    expect(remoteParty({ assertedIdentity: '<sip:trunk.example>', fromDisplayName: 'Li', fromUser: '9001' })).toEqual({ number: '9001', displayName: 'Li' });
    expect(remoteParty({ assertedIdentity: '<tel:+8613800138000>', fromDisplayName: 'Li', fromUser: '9001' })).toEqual({ number: '+8613800138000', displayName: 'Li' });
  });

  it('leaves the number unknown when the asserted identity is withheld or no number, rather than trust From', () => {
    for (const user of ['anonymous', 'unknown', '1'.repeat(40), '%3Cscript%3E']) {
      expect(remoteParty({ assertedIdentity: `<sip:${user}@trunk.example>`, fromDisplayName: '', fromUser: '9000' }).number).toBeNull();
    }
  });

  it('gives an unknown number for anonymous or non-numeric callers', () => {
    expect(remoteParty({ fromDisplayName: 'Anonymous', fromUser: 'anonymous' })).toEqual({ number: null, displayName: 'Anonymous' });
    expect(remoteParty({ fromUser: undefined })).toEqual({ number: null, displayName: '' });
  });

  it('makes a hostile identity short inert text: 2 KB names, control and bidi characters, markup', () => {
    const party = remoteParty({
      fromDisplayName: `<img src=x onerror=alert(1)>\u0007\u202e${'A'.repeat(2048)}`,
      fromUser: '9001<script>',
    });
    expect(party.number).toBeNull();
    expect(Array.from(party.displayName)).toHaveLength(48);
    expect(party.displayName.startsWith('<img src=x onerror=alert(1)>AAA')).toBe(true);
    expect(party.displayName.endsWith('…')).toBe(true);
    expect(hasUnsafeCharacters(party.displayName)).toBe(false);
  });

  it('does not throw on a hostile asserted identity', () => {
    const party = remoteParty({ assertedIdentity: `"\u0000${'"'.repeat(5000)}<sip:%zz@x>`, fromDisplayName: 'ok', fromUser: '%E0%A4%A' });
    expect(party).toEqual({ number: null, displayName: expect.any(String) });
  });
});
