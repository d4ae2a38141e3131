import type { StoredCallLog } from '../../../../../shared/api/call-logs';
import type { Evaluation, Review, ReviewDetail } from '../../../../../shared/api/qa';
import type { Recording, RecordingLevels } from '../../../../../shared/api/recordings';
import type { Scorecard } from '../../../../../shared/qa/scorecard';

/* One sampled call of five minutes with its recording, scorecard and (optionally) an evaluation. */

export const ids = {
  review: '0193a1b2-0000-7000-8000-00000000e001',
  call: '0193a1b2-0000-7000-8000-00000000c001',
  agent: '0193a1b2-0000-7000-8000-0000000000a9',
  assessor: '0193a1b2-0000-7000-8000-0000000000b9',
  evaluation: '0193a1b2-0000-7000-8000-00000000f001',
  comment: '0193a1b2-0000-7000-8000-00000000d001',
} as const;

export const CALL_START = '2026-03-02T08:50:00.000Z';
/** The recording starts 6 s into the call, when it was answered. */
export const RECORDING_START = '2026-03-02T08:50:06.000Z';
export const DURATION_MS = 300_000;

const at = (seconds: number): string => new Date(Date.parse(CALL_START) + seconds * 1000).toISOString();

export const scorecard: Scorecard = {
  id: 'default',
  version: 2,
  active: true,
  updatedAt: '2026-01-01T00:00:00.000Z',
  definition: {
    name: { 'zh-CN': '通用评分表', 'en-US': 'General scorecard' },
    sections: [
      {
        id: 'opening',
        label: { 'zh-CN': '开场', 'en-US': 'Opening' },
        items: [
          { id: 'greeting', label: { 'zh-CN': '规范问候', 'en-US': 'Greeting' }, weight: 5, fatal: false },
          { id: 'verify', label: { 'zh-CN': '核实身份', 'en-US': 'Verify identity' }, weight: 10, fatal: false },
        ],
      },
      {
        id: 'conduct',
        label: { 'zh-CN': '服务规范', 'en-US': 'Conduct' },
        items: [{ id: 'privacy', label: { 'zh-CN': '泄露客户信息', 'en-US': 'Leaks customer data' }, weight: 1, fatal: true }],
      },
    ],
  },
};

export const call: StoredCallLog = {
  id: '0193a1b2-0000-7000-8000-00000000c001',
  version: 9,
  direction: 'inbound',
  status: 'completed',
  remote: { number: '13800138000', displayName: '王先生' },
  ivrChoice: 'consult',
  startedAt: CALL_START,
  answeredAt: at(6),
  endedAt: at(306),
  endedBy: 'remote',
  endCause: 'BYE',
  interruption: null,
  holdSeconds: 20,
  transfers: [],
  customerId: null,
  wrapUp: { dispositionCode: 'consult-answered', notes: '', doneAt: at(320) },
  script: null,
  scriptAnswers: [],
  ticketIds: [],
  events: [
    { seq: 0, type: 'ringing', at: at(0) },
    { seq: 1, type: 'answered', at: at(6) },
    { seq: 2, type: 'held', at: at(66) },
    { seq: 3, type: 'resumed', at: at(86) },
    { seq: 4, type: 'recording_paused', at: at(126), detail: { reason: '银行卡号' } },
    { seq: 5, type: 'recording_resumed', at: at(156) },
    { seq: 6, type: 'ended', at: at(306) },
    { seq: 7, type: 'disposition_set', at: at(320), detail: { code: 'consult-answered' } },
  ],
  callback: null,
  agentId: '0193a1b2-0000-7000-8000-0000000000a9',
  agentName: '张坐席',
  receivedAt: at(330),
  updatedAt: at(330),
};

export const review: Review = {
  id: '0193a1b2-0000-7000-8000-00000000e001',
  callId: call.id,
  agentId: call.agentId,
  agentName: '张坐席',
  callStartedAt: CALL_START,
  direction: 'inbound',
  remoteNumber: '13800138000',
  talkSeconds: 300,
  reasons: ['random', 'long_hold'],
  assessorId: '0193a1b2-0000-7000-8000-0000000000b9',
  assessorName: '周质检',
  status: 'open',
  calibrationId: null,
  evaluationId: null,
  sampledAt: '2026-03-03T01:00:00.000Z',
};

export function evaluation(patch: Partial<Evaluation> = {}): Evaluation {
  return {
    id: '0193a1b2-0000-7000-8000-00000000f001',
    reviewId: review.id,
    callId: call.id,
    agentId: call.agentId,
    agentName: '张坐席',
    assessorId: review.assessorId,
    assessorName: '周质检',
    scorecardId: 'default',
    scorecardVersion: 2,
    status: 'submitted',
    scores: [
      { itemId: 'greeting', value: 4 },
      { itemId: 'verify', value: 10 },
      { itemId: 'privacy', value: 1 },
    ],
    comments: [{ id: '0193a1b2-0000-7000-8000-00000000d001', atMs: 65_000, itemId: 'greeting', text: '保持前没有告知客户' }],
    summary: '整体规范。',
    total: 93.3,
    fatal: false,
    calibrationId: null,
    version: 3,
    submittedAt: '2026-03-04T02:00:00.000Z',
    agentResponse: { status: 'pending', at: null, note: '' },
    corrections: [],
    updatedAt: '2026-03-04T02:00:00.000Z',
    ...patch,
  };
}

export function reviewDetail(patch: Partial<ReviewDetail> = {}): ReviewDetail {
  return { review, call, scorecard, evaluation: null, ...patch };
}

export const recording: Recording = {
  callId: call.id,
  agentId: call.agentId,
  agentName: '张坐席',
  status: 'ready',
  mediaType: 'audio/webm',
  bytes: 2_400_000,
  receivedBytes: 2_400_000,
  durationMs: DURATION_MS,
  startedAt: RECORDING_START,
  pauses: [{ startMs: 120_000, endMs: 150_000, source: 'manual', byUserId: call.agentId, byName: '张坐席', reason: '银行卡号' }],
  measures: { agentTalkMs: 120_000, customerTalkMs: 80_000, agentTalkRatio: 0.6, overtalkMs: 4_000, overtalkCount: 3, longestSilenceMs: 9_000, longestSilenceAtMs: 200_000, holdMs: 20_000 },
  createdAt: '2026-03-02T08:56:00.000Z',
  completedAt: '2026-03-02T08:56:10.000Z',
};

export const levels: RecordingLevels = { frameMs: 100, agent: Array.from({ length: 3000 }, (_, i) => (i % 50) * 10), customer: Array.from({ length: 3000 }, () => 0) };
