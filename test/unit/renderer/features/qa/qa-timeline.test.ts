import { describe, expect, it } from 'vitest';
import type { CallLogEvent } from '../../../../../shared/api/call-logs';
import { buildTimeline, clockText, EDGE_TOLERANCE_MS, fractionOf, positionOf } from '../../../../../renderer/src/features/qa/timeline';
import { levelsToPeaks } from '../../../../../renderer/src/features/qa/waveform';
import { call, DURATION_MS, recording, RECORDING_START } from './qa-fixtures';

const START = Date.parse(RECORDING_START);
const ev = (seq: number, type: CallLogEvent['type'], ms: number, detail?: CallLogEvent['detail']): CallLogEvent => ({
  seq,
  type,
  at: new Date(START + ms).toISOString(),
  ...(detail ? { detail } : {}),
});

describe('buildTimeline', () => {
  it('places each marked event at its time minus the recording start when the call log and recording share a clock', () => {
    const { markers } = buildTimeline({ events: call.events, startedAt: RECORDING_START, durationMs: DURATION_MS });
    expect(markers.map((m) => [m.type, m.atMs])).toEqual([
      ['answered', 0],
      ['held', 60_000],
      ['resumed', 80_000],
    ]);
  });

  it('leaves out ringing, the end and wrap-up events when they say nothing about the conversation or fall after the recording', () => {
    const { markers } = buildTimeline({ events: call.events, startedAt: RECORDING_START, durationMs: DURATION_MS });
    expect(markers.map((m) => m.type)).not.toContain('ringing');
    expect(markers.map((m) => m.type)).not.toContain('ended');
    // disposition_set at 314 s is beyond the 300 s recording and its tolerance.
    expect(markers.map((m) => m.type)).not.toContain('disposition_set');
  });

  it('keeps transfers, script steps and the disposition with their detail when they happen inside the recording', () => {
    const events = [ev(0, 'transfer_requested', 10_000, { target: '8002' }), ev(1, 'script_step', 20_000, { stepId: 'identify' }), ev(2, 'disposition_set', 299_000, { code: 'done' })];
    const { markers } = buildTimeline({ events, startedAt: RECORDING_START, durationMs: DURATION_MS });
    expect(markers.map((m) => [m.type, m.atMs, m.detail])).toEqual([
      ['transfer_requested', 10_000, { target: '8002' }],
      ['script_step', 20_000, { stepId: 'identify' }],
      ['disposition_set', 299_000, { code: 'done' }],
    ]);
  });

  it('clamps an event to the edge when it is within the tolerance outside the recording', () => {
    const events = [ev(0, 'answered', -500), ev(1, 'held', DURATION_MS + 1_000), ev(2, 'resumed', -EDGE_TOLERANCE_MS - 1)];
    const { markers } = buildTimeline({ events, startedAt: RECORDING_START, durationMs: DURATION_MS });
    expect(markers.map((m) => [m.type, m.atMs])).toEqual([
      ['answered', 0],
      ['held', DURATION_MS],
    ]);
  });

  it('orders markers by the call log sequence when the clock went backwards', () => {
    const events = [ev(1, 'resumed', 5_000), ev(0, 'held', 6_000)];
    const { markers } = buildTimeline({ events, startedAt: RECORDING_START, durationMs: DURATION_MS });
    expect(markers.map((m) => m.type)).toEqual(['held', 'resumed']);
  });

  it('takes the pauses with who and why from the recording when it has them', () => {
    const { pauses } = buildTimeline({ events: call.events, startedAt: RECORDING_START, durationMs: DURATION_MS, pauses: recording.pauses });
    expect(pauses).toEqual([{ key: 'pause-0', startMs: 120_000, endMs: 150_000, closed: true, source: 'manual', byName: '张坐席', reason: '银行卡号' }]);
  });

  it('shades a pause still open at the end up to the end of the recording', () => {
    const { pauses } = buildTimeline({
      events: [],
      startedAt: RECORDING_START,
      durationMs: DURATION_MS,
      pauses: [{ startMs: 290_000, endMs: null, source: 'script', byUserId: call.agentId, byName: '张坐席', reason: '身份证号' }],
    });
    expect(pauses.map((p) => [p.startMs, p.endMs, p.closed, p.source])).toEqual([[290_000, DURATION_MS, false, 'script']]);
  });

  it('pairs recording_paused with the next recording_resumed from the call log when the recording has no pauses', () => {
    const events = [ev(0, 'recording_paused', 10_000, { reason: '银行卡号' }), ev(1, 'recording_paused', 12_000), ev(2, 'recording_resumed', 20_000), ev(3, 'recording_paused', 250_000)];
    const { pauses } = buildTimeline({ events, startedAt: RECORDING_START, durationMs: DURATION_MS, pauses: [] });
    expect(pauses.map((p) => [p.startMs, p.endMs, p.closed, p.reason, p.byName])).toEqual([
      [10_000, 20_000, true, '银行卡号', null],
      [250_000, DURATION_MS, false, null, null],
    ]);
  });
});

describe('positionOf and fractionOf', () => {
  it('returns null for a time that cannot be read', () => {
    expect(positionOf('not a time', RECORDING_START, DURATION_MS)).toBeNull();
  });

  it('gives 0 for any position when the recording is empty', () => {
    expect(fractionOf(5_000, 0)).toBe(0);
    expect(fractionOf(150_000, DURATION_MS)).toBe(0.5);
    expect(fractionOf(400_000, DURATION_MS)).toBe(1);
  });
});

describe('clockText', () => {
  it('shows m:ss below an hour and h:mm:ss from an hour on', () => {
    expect(clockText(0)).toBe('0:00');
    expect(clockText(65_999)).toBe('1:05');
    expect(clockText(3_600_000 + 61_000)).toBe('1:01:01');
  });
});

describe('levelsToPeaks', () => {
  it('draws each level up and down as a share of full scale when given RMS × 1000 values', () => {
    expect(levelsToPeaks([0, 500, 1000])).toEqual([0, -0, 0.5, -0.5, 1, -1]);
  });
});
