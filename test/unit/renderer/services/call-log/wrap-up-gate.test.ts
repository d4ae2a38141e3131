import { describe, expect, it } from 'vitest';
import type { DispositionCode } from '../../../../../shared/api/call-logs';
import { dispositionOptions, wrapUpGaps } from '../../../../../renderer/src/services/call-log/wrap-up-gate';

const code = (c: string): DispositionCode => ({ code: c, label: { 'zh-CN': c, 'en-US': c } });
const codes = [code('resolved'), code('complaint-taken'), code('callback-promised'), code('transferred')];

describe('wrap-up gate', () => {
  it('offers a queue its own codes in its order, and every code to a call of a queue not listed', () => {
    const config = { dispositionCodes: codes, queueDispositions: [{ ivrChoice: 'complaint', codes: ['callback-promised', 'complaint-taken'] }] };
    expect(dispositionOptions(config, 'complaint').map((d) => d.code)).toEqual(['callback-promised', 'complaint-taken']);
    expect(dispositionOptions(config, 'consult')).toEqual(codes);
    expect(dispositionOptions(config, null)).toEqual(codes);
  });

  it('offers every code rather than none when a queue lists only retired ones', () => {
    const config = { dispositionCodes: codes, queueDispositions: [{ ivrChoice: 'complaint', codes: ['gone', 'resolved'] }] };
    expect(dispositionOptions(config, 'complaint').map((d) => d.code)).toEqual(['resolved']);
    expect(dispositionOptions({ ...config, queueDispositions: [{ ivrChoice: 'complaint', codes: ['gone'] }] }, 'complaint')).toEqual(codes);
  });

  it('asks for the disposition only when the center requires one and there is one to choose', () => {
    const base = { dispositionRequired: true, offered: codes, dispositionCode: null, scriptStatus: null } as const;
    expect(wrapUpGaps(base)).toEqual(['disposition']);
    expect(wrapUpGaps({ ...base, dispositionCode: 'resolved' })).toEqual([]);
    expect(wrapUpGaps({ ...base, dispositionRequired: false })).toEqual([]);
    expect(wrapUpGaps({ ...base, offered: [] })).toEqual([]);
  });

  it('waits for a script still running, and not for one completed or abandoned', () => {
    const base = { dispositionRequired: false, offered: codes, dispositionCode: null } as const;
    expect(wrapUpGaps({ ...base, scriptStatus: 'running' })).toEqual(['script']);
    expect(wrapUpGaps({ ...base, scriptStatus: 'completed' })).toEqual([]);
    expect(wrapUpGaps({ ...base, scriptStatus: 'abandoned' })).toEqual([]);
    expect(wrapUpGaps({ ...base, dispositionRequired: true, scriptStatus: 'running' })).toEqual(['disposition', 'script']);
  });
});
