import { describe, expect, it } from 'vitest';
import { callerKey } from '../../../shared/customers/caller';

describe('callerKey', () => {
  it('gives every way of writing one number the same E.164 key', () => {
    const forms = ['13800138000', '+8613800138000', '008613800138000', '138-0013-8000', '+86 138 0013 8000', '8613800138000'];
    expect(new Set(forms.map((f) => JSON.stringify(callerKey(f))))).toEqual(new Set([JSON.stringify({ kind: 'customer', e164: '+8613800138000' })]));
  });

  it('reads landlines with their area code, with or without the trunk 0 and country code', () => {
    for (const form of ['01065521234', '+861065521234', '00861065521234', '(010) 6552 1234']) {
      expect(callerKey(form)).toEqual({ kind: 'customer', e164: '+861065521234' });
    }
  });

  it('treats the center’s own extensions as internal calls', () => {
    expect(callerKey('1002')).toEqual({ kind: 'internal', extension: '1002' });
  });

  it('makes anything that is no phone number an unknown caller', () => {
    expect(callerKey(null)).toEqual({ kind: 'unknown', reason: 'withheld' });
    expect(callerKey('')).toEqual({ kind: 'unknown', reason: 'withheld' });
    expect(callerKey('   ')).toEqual({ kind: 'unknown', reason: 'withheld' });
    for (const bad of ['anonymous', 'unknown', '1'.repeat(40), '138abc00138000', '<script>', '+86138#0013', '123456']) {
      expect(callerKey(bad)).toEqual({ kind: 'unknown', reason: 'not_a_number' });
    }
  });
});
