import { describe, expect, it } from 'vitest';
import { ConsoleEventSchema, DIAL_NUMBER_MAX } from '../../../../shared/ipc/contract';
import {
  findDialLinkInArgv,
  isDialLinkCandidate,
  parseDialLink,
  REFUSED_LINK_MAX,
  truncateLink,
} from '../../../../shared/desktop/dial-link';

describe('parseDialLink', () => {
  it('takes the number of a tel: link without its visual separators', () => {
    expect(parseDialLink('tel:+86 138-0013-8000')).toEqual({ ok: true, number: '+8613800138000', source: 'tel' });
    expect(parseDialLink('tel:10086')).toEqual({ ok: true, number: '10086', source: 'tel' });
    expect(parseDialLink('tel:(010) 1234.5678')).toEqual({ ok: true, number: '01012345678', source: 'tel' });
    expect(parseDialLink('TEL:10086')).toEqual({ ok: true, number: '10086', source: 'tel' });
  });

  it('drops the parameters when a tel: link has them', () => {
    expect(parseDialLink('tel:+8613800138000;phone-context=example.com')).toEqual({
      ok: true,
      number: '+8613800138000',
      source: 'tel',
    });
    expect(parseDialLink('tel:8000;ext=12')).toMatchObject({ ok: true, number: '8000' });
  });

  it('decodes percent-escapes when the link is encoded', () => {
    expect(parseDialLink('tel:%2B86%20138%200013%208000')).toEqual({ ok: true, number: '+8613800138000', source: 'tel' });
    expect(parseDialLink('tel:*21%23')).toEqual({ ok: true, number: '*21#', source: 'tel' });
  });

  it('takes the number of the app link in both of its forms', () => {
    expect(parseDialLink('callcenter://dial/+86%20138-0013-8000')).toEqual({ ok: true, number: '+8613800138000', source: 'app-link' });
    expect(parseDialLink('callcenter:dial/10086')).toEqual({ ok: true, number: '10086', source: 'app-link' });
    expect(parseDialLink('CallCenter://DIAL/10086')).toEqual({ ok: true, number: '10086', source: 'app-link' });
  });

  it('accepts a number of exactly the maximum length', () => {
    expect(parseDialLink(`tel:${'1'.repeat(DIAL_NUMBER_MAX)}`)).toMatchObject({ ok: true });
  });

  const refused: [string, string, 'malformed' | 'unsupported' | 'not_a_number'][] = [
    ['a script in the number', 'tel:<script>alert(1)</script>', 'not_a_number'],
    ['an encoded script in the number', 'callcenter://dial/%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'not_a_number'],
    ['letters', 'tel:1-800-FLOWERS', 'not_a_number'],
    ['no number', 'tel:', 'not_a_number'],
    ['no number after dial/', 'callcenter://dial/', 'not_a_number'],
    ['only dial-pad symbols', 'tel:*#', 'not_a_number'],
    ['a plus sign inside', 'tel:86+138', 'not_a_number'],
    ['a number too long', `tel:${'1'.repeat(DIAL_NUMBER_MAX + 1)}`, 'not_a_number'],
    ['a path behind the number', 'callcenter://dial/10086/../../x', 'not_a_number'],
    ['full-width digits', 'tel:１００８６', 'not_a_number'],
    ['an encoded separator of parameters', 'tel:10086%3Bx=1', 'not_a_number'],
    ['a javascript: URL', 'javascript:alert(document.cookie)', 'unsupported'],
    ['a web URL', 'https://evil.example/tel:10086', 'unsupported'],
    ['a sip: URI', 'sip:10086@pbx', 'unsupported'],
    ['another app link host', 'callcenter://settings/reset', 'unsupported'],
    ['html without a scheme', '<img src=x onerror=alert(1)>', 'malformed'],
    ['an empty string', '', 'malformed'],
    ['a bare number', '10086', 'malformed'],
    ['a broken percent-escape', 'tel:%E0%A4%A', 'malformed'],
    ['a control character', 'tel:100\u000086', 'malformed'],
    ['an encoded control character', 'tel:100%0A86', 'malformed'],
    ['an app link without an action', 'callcenter://', 'malformed'],
    ['a huge link', `tel:${'1'.repeat(5000)}`, 'malformed'],
  ];
  for (const [name, link, reason] of refused) {
    it(`refuses as ${reason} when the link has ${name}`, () => {
      expect(parseDialLink(link)).toEqual({ ok: false, reason });
    });
  }

  it('gives a number the dial event accepts whenever it accepts a link', () => {
    for (const link of ['tel:+86 138-0013-8000', 'callcenter:dial/*21#', `tel:${'9'.repeat(DIAL_NUMBER_MAX)}`]) {
      const parsed = parseDialLink(link);
      if (!parsed.ok) throw new Error(`refused ${link}`);
      expect(ConsoleEventSchema.safeParse({ type: 'dial', number: parsed.number, source: parsed.source }).success).toBe(true);
    }
  });
});

describe('findDialLinkInArgv', () => {
  it('finds the link by its scheme wherever it is in the command line', () => {
    expect(findDialLinkInArgv(['C:\\Console\\console.exe', '--allow-file-access-from-files', 'tel:10086'])).toBe('tel:10086');
    expect(findDialLinkInArgv(['/usr/bin/electron', '/app/out/main/index.js', 'callcenter://dial/1', '--flag'])).toBe(
      'callcenter://dial/1',
    );
  });

  it('answers null when no argument is one of the link schemes', () => {
    expect(findDialLinkInArgv(['console.exe', '--tel:10086', 'https://x/tel:1', 'sip:1@pbx'])).toBeNull();
    expect(findDialLinkInArgv([])).toBeNull();
  });

  it('recognises a candidate whatever the case of its scheme', () => {
    expect(isDialLinkCandidate('TEL:1')).toBe(true);
    expect(isDialLinkCandidate('CallCenter:dial/1')).toBe(true);
    expect(isDialLinkCandidate('telnet:1')).toBe(false);
  });
});

describe('truncateLink', () => {
  it('keeps a short link as it is', () => {
    expect(truncateLink('tel:abc')).toBe('tel:abc');
  });

  it('cuts a long link to the limit without splitting a character', () => {
    expect(truncateLink('x'.repeat(500))).toHaveLength(REFUSED_LINK_MAX);
    const emoji = `${'x'.repeat(REFUSED_LINK_MAX - 1)}😀`;
    expect(truncateLink(`${emoji}tail`)).toBe('x'.repeat(REFUSED_LINK_MAX - 1));
  });
});
