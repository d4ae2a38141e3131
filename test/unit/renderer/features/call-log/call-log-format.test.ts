import { describe, expect, it } from 'vitest';
import { callLength, dispositionLabel, formatBytes, formatCount } from '../../../../../renderer/src/features/call-log/call-log-format';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 5, 9, 0, seconds)).toISOString();
const base = { direction: 'inbound' as const, answeredAt: null, endedAt: null, interruption: null };

describe('callLength', () => {
  it('measures from answer to end when the call was answered', () => {
    expect(callLength({ ...base, status: 'completed', answeredAt: at(10), endedAt: at(75) })).toEqual({ kind: 'talked', ms: 65_000 });
  });

  it('says missed for an unanswered incoming call and not answered for an outgoing one', () => {
    expect(callLength({ ...base, status: 'ended', endedAt: at(20) })).toEqual({ kind: 'missed' });
    expect(callLength({ ...base, direction: 'outbound', status: 'ended', endedAt: at(20) })).toEqual({ kind: 'notAnswered' });
  });

  it('gives only a lower bound up to the last heartbeat when the console died mid-call', () => {
    const interruption = { lastSeenAt: at(40), detectedAt: at(600) };
    expect(callLength({ ...base, status: 'interrupted', answeredAt: at(10), interruption })).toEqual({ kind: 'atLeast', ms: 30_000 });
  });

  it('has no length while the call is live', () => {
    expect(callLength({ ...base, status: 'live', answeredAt: at(10) })).toEqual({ kind: 'live' });
  });
});

describe('formatBytes', () => {
  it('shows megabytes below a gigabyte and gigabytes above, in the UI language', () => {
    expect(formatBytes(500 * 1024 * 1024, 'en-US')).toBe('500 MB');
    expect(formatBytes(2.5 * 1024 ** 3, 'en-US')).toBe('2.5 GB');
    expect(formatBytes(1.25 * 1024 * 1024, 'en-US')).toBe('1.3 MB');
    expect(formatBytes(2.5 * 1024 ** 3, 'zh-CN')).toMatch(/^2\.5\s?GB$/);
  });
});

describe('formatCount', () => {
  it('groups thousands so that 100 000 calls read at a glance', () => {
    expect(formatCount(100_000, 'en-US')).toBe('100,000');
  });
});

describe('dispositionLabel', () => {
  const codes = [{ code: 'consult-answered', label: { 'zh-CN': '咨询已解答', 'en-US': 'Question answered' } }];

  it('uses the label in the UI language, the bare code when the hub no longer lists it, and null for none', () => {
    expect(dispositionLabel(codes, 'consult-answered', 'zh-CN')).toBe('咨询已解答');
    expect(dispositionLabel(codes, 'retired-code', 'en-US')).toBe('retired-code');
    expect(dispositionLabel(codes, null, 'en-US')).toBeNull();
  });
});
