import type { CallLogEvent } from '../../../shared/api/call-logs';
import { callLogId, callLogRecord } from '../../support/call-log-records';
import { recordingFixture } from '../../support/long-recording';
import { flatAnalysis, putAnalysis, tusUpload, uploadCallLogs, waitRecordingReady } from './recording-api';

/**
 * Calls with recordings on the hub, made over its API as the agent's console would make them (the
 * call log batch, the analysis, the tus upload), for the QA tests: sampling needs recorded calls of
 * a period, and reviews need a recording to play. The audio is the fixture recorded with
 * Chromium's MediaRecorder (scripts/make-recording-fixture.ts): 440 Hz left, 1000 Hz right, ~6 s.
 */

export interface SeededCallSpec {
  startedAt: Date;
  talkSeconds: number;
  holdSeconds?: number;
  remoteNumber?: string;
  /** Without a recording a call is no sampling candidate. */
  recorded?: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Uploads one finished call of the agent behind `token` (and its recording); returns the call id. */
export async function seedCall(hubUrl: string, token: string, spec: SeededCallSpec): Promise<string> {
  const start = spec.startedAt.getTime();
  const hold = spec.holdSeconds ?? 0;
  const answered = start + 5_000;
  const ended = answered + (spec.talkSeconds + hold) * 1000;
  const id = callLogId(start);
  const events: CallLogEvent[] = [
    { seq: 0, type: 'ringing', at: iso(start) },
    { seq: 1, type: 'answered', at: iso(answered) },
  ];
  if (hold > 0) {
    events.push({ seq: events.length, type: 'held', at: iso(answered + 2_000) }, { seq: events.length + 1, type: 'resumed', at: iso(answered + 2_000 + hold * 1000) });
  }
  events.push(
    { seq: events.length, type: 'ended', at: iso(ended), detail: { cause: 'BYE' } },
    { seq: events.length + 1, type: 'disposition_set', at: iso(ended + 5_000), detail: { code: 'consult-answered' } },
    { seq: events.length + 2, type: 'wrap_up_done', at: iso(ended + 10_000) },
  );
  await uploadCallLogs(hubUrl, token, [
    callLogRecord({
      id,
      startedAt: iso(start),
      answeredAt: iso(answered),
      endedAt: iso(ended),
      holdSeconds: hold,
      remote: { number: spec.remoteNumber ?? '13800138000', displayName: '' },
      script: null,
      scriptAnswers: [],
      customerId: null,
      wrapUp: { dispositionCode: 'consult-answered', notes: '质检测试通话', doneAt: iso(ended + 10_000) },
      events,
    }),
  ]);
  if (spec.recorded ?? true) {
    const bytes = recordingFixture();
    await putAnalysis(hubUrl, token, id, flatAnalysis(iso(answered), 6_000));
    await tusUpload(hubUrl, token, id, bytes);
    await waitRecordingReady(hubUrl, token, id);
  }
  return id;
}
