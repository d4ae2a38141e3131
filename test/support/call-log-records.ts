import { randomBytes } from 'node:crypto';
import type { CallLogEvent, CallLogRecord, ScriptAnswer } from '../../shared/api/call-logs';
import { digits, intBetween, pick, type Random } from '../../hub/src/seed/prng';

/** A UUIDv7 (RFC 9562 §5.7) for `ms`, as the console makes call ids; random bits from `random` when given. */
export function callLogId(ms = Date.now(), random?: Random): string {
  const bytes = random === undefined ? randomBytes(16) : Buffer.from(Array.from({ length: 16 }, () => Math.floor(random() * 256)));
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const at = (start: number, seconds: number): string => new Date(start + seconds * 1000).toISOString();

/**
 * A completed inbound consultation of four minutes, started 10 minutes before the test hub's
 * clock starts; tests patch what they are about.
 */
export function callLogRecord(patch: Partial<CallLogRecord> = {}): CallLogRecord {
  const startedAt = patch.startedAt ?? '2026-03-02T08:50:00.000Z';
  const start = Date.parse(startedAt);
  return {
    id: callLogId(start),
    version: 9,
    direction: 'inbound',
    status: 'completed',
    remote: { number: '13800138000', displayName: '王先生' },
    ivrChoice: 'consult',
    startedAt,
    answeredAt: at(start, 6),
    endedAt: at(start, 246),
    endedBy: 'remote',
    endCause: 'BYE',
    interruption: null,
    holdSeconds: 0,
    transfers: [],
    customerId: 'c-0001',
    wrapUp: { dispositionCode: 'consult-answered', notes: '客户询问订单发货时间，已告知预计三天内发货。', doneAt: at(start, 280) },
    script: { flowId: 'consult-basic', flowVersion: 3 },
    scriptAnswers: [{ stepId: 'identify', questionId: 'order-number', value: 'SO20260301-0042', answeredAt: at(start, 40) }],
    ticketIds: [],
    events: [
      { seq: 0, type: 'ringing', at: at(start, 0) },
      { seq: 1, type: 'answered', at: at(start, 6) },
      { seq: 2, type: 'script_started', at: at(start, 7), detail: { flowId: 'consult-basic' } },
      { seq: 3, type: 'ended', at: at(start, 246), detail: { cause: 'BYE' } },
      { seq: 4, type: 'disposition_set', at: at(start, 260), detail: { code: 'consult-answered' } },
      { seq: 5, type: 'wrap_up_done', at: at(start, 280) },
    ],
    callback: null,
    ...patch,
  };
}

const NOTES = [
  '客户询问订单发货时间，已告知预计三天内发货，客户表示满意。',
  '客户反映收到的商品外包装破损，内件完好，已登记并告知可申请补偿。',
  '客户要求修改收货地址，面单未打印，已在系统备注中修改。',
  '客户投诉配送员态度差且未送货上门，情绪激动，已安抚并承诺两个工作日内回电告知处理结果。',
  '查询物流信息，包裹已到达本地网点，预计明日派送。',
  '客户咨询产品保修政策，已说明三包规定及所需凭证。',
  '回访投诉处理结果，客户对处理方案满意，结案。',
  '来电无声，多次询问无应答后挂断。',
];
const QUESTIONS = ['order-number', 'product', 'purchase-date', 'problem', 'expectation', 'contact-time', 'serial-number'];
const ANSWERS = ['SO20260301-0042', '智能电饭煲 IH-5L', '2026-02-14', '加热时有异响，偶尔显示 E3 故障代码', '希望换货', '工作日下午', 'SN7730021984'];
const DISPOSITIONS = ['consult-answered', 'transferred', 'order-placed', 'after-sales', 'complaint', 'callback-promised', 'other'];

/**
 * A call as a floor makes them, about 1–2 KB of JSON: mostly answered consultations, some
 * complaints with longer scripts, callbacks, holds and transfers, now and then a dropped call.
 * The same `random` sequence gives the same calls.
 */
export function realisticCallLog(random: Random, startedAt: Date): CallLogRecord {
  const start = startedAt.getTime();
  const outbound = random() < 0.15;
  const dropped = !outbound && random() < 0.08;
  const complaint = !outbound && !dropped && random() < 0.25;
  const ring = intBetween(random, 2, 15);
  const talk = dropped ? intBetween(random, 3, 20) : intBetween(random, 45, 900);
  const end = ring + talk;
  const events: CallLogEvent[] = [];
  const event = (type: CallLogEvent['type'], seconds: number, detail?: CallLogEvent['detail']) =>
    events.push({ seq: events.length, type, at: at(start, seconds), ...(detail === undefined ? {} : { detail }) });
  event(outbound ? 'dialing' : 'ringing', 0);
  event('answered', ring);
  const flowId = outbound ? 'callback-after-sales' : complaint ? 'complaint-intake' : 'consult-basic';
  if (!dropped) event('script_started', ring + 1, { flowId });
  let holdSeconds = 0;
  if (!dropped && random() < 0.3) {
    holdSeconds = intBetween(random, 10, 90);
    event('held', ring + 30);
    event('resumed', ring + 30 + holdSeconds);
  }
  const transferred = !dropped && !outbound && random() < 0.1;
  if (transferred) event('transfer_requested', end - 5, { target: '2001', kind: 'blind' });
  event(transferred ? 'transferred' : 'ended', end, { cause: transferred ? 'REFER' : 'BYE' });
  const dispositionCode = dropped ? 'silent-dropped' : transferred ? 'transferred' : complaint ? 'complaint' : pick(random, DISPOSITIONS);
  const doneAt = end + intBetween(random, 10, 90);
  event('disposition_set', doneAt - 5, { code: dispositionCode });
  event('wrap_up_done', doneAt);
  const answers: ScriptAnswer[] = dropped
    ? []
    : Array.from({ length: complaint ? intBetween(random, 4, 7) : intBetween(random, 1, 4) }, (_, i) => ({
        stepId: `step-${i + 1}`,
        questionId: QUESTIONS[i % QUESTIONS.length]!,
        value: i === 3 ? `${ANSWERS[3]}；${pick(random, NOTES)}` : ANSWERS[i % ANSWERS.length]!,
        answeredAt: at(start, ring + 20 + i * 15),
      }));
  const number = `1${pick(random, ['38', '39', '58', '86', '77'])}${digits(random, 8)}`;
  return {
    id: callLogId(start, random),
    version: events.length + answers.length + 2,
    direction: outbound ? 'outbound' : 'inbound',
    status: 'completed',
    remote: { number, displayName: number },
    ivrChoice: outbound ? null : complaint ? 'complaint' : 'consult',
    startedAt: at(start, 0),
    answeredAt: at(start, ring),
    endedAt: at(start, end),
    endedBy: pick(random, ['local', 'remote'] as const),
    endCause: transferred ? 'REFER' : 'BYE',
    interruption: null,
    holdSeconds,
    transfers: transferred ? [{ kind: 'blind', target: '2001', at: at(start, end - 5), outcome: 'accepted' }] : [],
    customerId: dropped ? null : `c-${String(intBetween(random, 1, 3000)).padStart(4, '0')}`,
    wrapUp: { dispositionCode, notes: dropped ? NOTES[7]! : pick(random, NOTES.slice(0, 7)), doneAt: at(start, doneAt) },
    script: dropped ? null : { flowId, flowVersion: intBetween(random, 1, 4) },
    scriptAnswers: answers,
    ticketIds: complaint ? [`T-${digits(random, 6)}`] : [],
    events,
    callback: null,
  };
}
