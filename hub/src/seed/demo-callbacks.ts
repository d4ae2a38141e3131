import type { CallbackType } from '../../../shared/api/tickets';
import { nextCallingTime } from '../../../shared/callbacks/callback-rules';
import { readCallbackConfig } from '../callbacks/config-repo';
import { callbackTarget } from '../complaints/case-repo';
import type { Queryable } from '../db/db';
import { centerTimeZone } from '../reports/complaint-report';
import { requestHash } from '../tickets/ticket-repo';
import { intBetween, pick, randomFor, stableUuid } from './prng';

/*
 * The callback worklist of a fresh demo (issue 8): after-sales and pre-sales callbacks beside the
 * complaint callbacks the demo complaints asked for (demo-complaints.ts), some overdue, some due
 * later, some in the pool and some with callback1, VIPs first. Their customers are far down the
 * book, like the callback-due complaints', so hub tests seeding a few customers start with an
 * empty worklist.
 */

const HOUR_MS = 3_600_000;
const FIRST_CUSTOMER = 210;

interface DemoCallback {
  type: Exclude<CallbackType, 'complaint'>;
  /** Hours from the seed's now to the due time (negative: overdue), moved into the calling hours. */
  dueInHours: number;
  assignee: 'callback1' | null;
  /** A VIP customer of the book rather than the next one in turn. */
  vip: boolean;
}

const NOTES: Record<DemoCallback['type'], readonly string[]> = {
  after_sales: ['维修完成三天回访：设备是否运行正常', '送货上门后回访：安装与使用情况', '换货完成回访：新机是否满意', '上门服务后回访：服务人员态度与效率'],
  pre_sales: ['客户询价后未下单，跟进购买意向', '活动咨询后跟进：是否需要报价单', '客户要求补货后通知到货'],
};

const CALLBACKS: readonly DemoCallback[] = [
  { type: 'after_sales', dueInHours: -30, assignee: 'callback1', vip: false },
  { type: 'after_sales', dueInHours: -20, assignee: null, vip: true },
  { type: 'pre_sales', dueInHours: -6, assignee: null, vip: false },
  { type: 'after_sales', dueInHours: 1, assignee: 'callback1', vip: false },
  { type: 'pre_sales', dueInHours: 2, assignee: null, vip: false },
  { type: 'after_sales', dueInHours: 3, assignee: null, vip: true },
  { type: 'after_sales', dueInHours: 4, assignee: 'callback1', vip: false },
  { type: 'pre_sales', dueInHours: 20, assignee: null, vip: false },
  { type: 'after_sales', dueInHours: 26, assignee: null, vip: false },
  { type: 'pre_sales', dueInHours: 50, assignee: 'callback1', vip: false },
];

/** A callback of the past days, worked to its end: what the figures (回访统计) of a fresh demo count. */
interface DemoHistory {
  type: Exclude<CallbackType, 'complaint'>;
  daysAgo: number;
  by: 'callback1' | 'callback2';
  attempts: readonly ('answered' | 'no_answer' | 'busy')[];
  /** The verdict on the last (answered) attempt; none: reached without a survey, or never reached. */
  survey: { score: number; satisfied: boolean; reasons: string } | null;
}

const HISTORY: readonly DemoHistory[] = [
  { type: 'after_sales', daysAgo: 5, by: 'callback1', attempts: ['answered'], survey: { score: 5, satisfied: true, reasons: '安装师傅很专业' } },
  { type: 'after_sales', daysAgo: 4, by: 'callback1', attempts: ['no_answer', 'answered'], survey: { score: 4, satisfied: true, reasons: '' } },
  { type: 'after_sales', daysAgo: 3, by: 'callback2', attempts: ['answered'], survey: { score: 2, satisfied: false, reasons: '送货比约定晚了两天' } },
  { type: 'pre_sales', daysAgo: 3, by: 'callback2', attempts: ['busy', 'answered'], survey: null },
  { type: 'after_sales', daysAgo: 2, by: 'callback1', attempts: ['no_answer', 'no_answer', 'no_answer'], survey: null },
  { type: 'after_sales', daysAgo: 1, by: 'callback2', attempts: ['answered'], survey: { score: 5, satisfied: true, reasons: '维修后运行正常' } },
];

/** Generated customers from FIRST_CUSTOMER on: VIPs and the others apart, in book order. */
async function demoCustomers(tx: Queryable, customers: number): Promise<{ vip: string[]; plain: string[] }> {
  const ids = [];
  for (let index = FIRST_CUSTOMER; index < Math.min(customers, FIRST_CUSTOMER + 200); index += 1) ids.push(stableUuid(`demo-customer:${index}`));
  const { rows } = await tx.query<{ id: string; vip: boolean }>(
    `select c.id, (c.vip_level > 0 or c.key_account) as vip from customers c
      where c.id = any($1::uuid[]) and exists (select 1 from customer_phones p where p.customer_id = c.id)
      order by array_position($1::uuid[], c.id)`,
    [ids],
  );
  return { vip: rows.filter((r) => r.vip).map((r) => r.id), plain: rows.filter((r) => !r.vip).map((r) => r.id) };
}

/**
 * Adds the demo callbacks not there yet; returns how many. The complaint callbacks come from the
 * procedure; the first one waiting is given to callback1, so that both lists have one.
 */
export async function insertDemoCallbacks(tx: Queryable, customers: number, now: Date): Promise<number> {
  const pool = await demoCustomers(tx, customers);
  if (pool.plain.length < CALLBACKS.length + HISTORY.length || pool.vip.length < 2) return 0;
  const [config, timeZone] = await Promise.all([readCallbackConfig(tx), centerTimeZone(tx)]);
  const random = randomFor('demo-callbacks');
  let inserted = 0;
  let plain = 0;
  let vip = 0;
  for (const [index, demo] of CALLBACKS.entries()) {
    const customerId = demo.vip ? pool.vip[vip++] : pool.plain[plain++];
    if (customerId === undefined) continue;
    const id = stableUuid(`demo-callback:${index}`);
    const target = await callbackTarget(tx, customerId);
    // A due time inside the calling hours; an overdue one must still lie before now.
    let due = nextCallingTime(now.getTime() + demo.dueInHours * HOUR_MS, config.callingHours, timeZone);
    if (demo.dueInHours < 0 && due > now.getTime()) due = nextCallingTime(now.getTime() + (demo.dueInHours - 24) * HOUR_MS, config.callingHours, timeZone);
    const createdAt = new Date(Math.min(due, now.getTime()) - intBetween(random, 24, 72) * HOUR_MS);
    const note = pick(random, NOTES[demo.type]);
    const source = demo.type === 'after_sales' ? 'rule' : 'manual';
    const result = await tx.query(
      `insert into callbacks (id, type, status, source, rule_key, customer_id, phone, due_at, priority, note, created_at, created_by, request_hash,
                              assignee, claimed_at, updated_at)
       values ($1, $2, 'pending', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $10)
       on conflict (id) do nothing`,
      [
        id,
        demo.type,
        source,
        source === 'rule' ? `demo:${index}` : null,
        customerId,
        target.phone,
        new Date(due),
        target.high ? 'high' : 'normal',
        note,
        createdAt,
        source === 'rule' ? 'system' : 'supervisor1',
        requestHash('demo-callback', { id }),
        demo.assignee,
        demo.assignee === null ? null : createdAt,
      ],
    );
    inserted += result.rowCount;
  }
  for (const [index, demo] of HISTORY.entries()) {
    const customerId = pool.plain[plain++];
    if (customerId === undefined) continue;
    inserted += await insertHistory(tx, index, demo, customerId, now, config, timeZone);
  }
  // One complaint callback in callback1's list; left alone once anyone holds it.
  await tx.query(
    `update callbacks set assignee = 'callback1', claimed_at = created_at
      where id = (select c.id from callbacks c where c.ticket_id = $1 and c.status = 'pending' order by c.created_at limit 1) and assignee is null and version = 1`,
    [stableUuid('demo-complaint:callback-due-1')],
  );
  return inserted;
}

/** One callback of the past, with its attempts and verdict, as the worklist's routes would have left it. */
async function insertHistory(
  tx: Queryable,
  index: number,
  demo: DemoHistory,
  customerId: string,
  now: Date,
  config: Awaited<ReturnType<typeof readCallbackConfig>>,
  timeZone: string,
): Promise<number> {
  const id = stableUuid(`demo-callback-history:${index}`);
  const target = await callbackTarget(tx, customerId);
  const due = nextCallingTime(now.getTime() - demo.daysAgo * 24 * HOUR_MS, config.callingHours, timeZone);
  // Attempts half an hour after the due time, then the retry rule's gap: all in the past.
  const times = demo.attempts.map((_, i) => new Date(due + 30 * 60_000 + i * config.retry.gapMinutes * 60_000));
  const endedAt = times.at(-1)!;
  if (endedAt.getTime() >= now.getTime()) return 0;
  const reached = demo.attempts.at(-1) === 'answered';
  const failed = demo.attempts.filter((outcome) => outcome !== 'answered').length;
  const endReason = demo.survey !== null ? 'surveyed' : reached ? 'reached' : 'unreachable';
  const result = await tx.query(
    `insert into callbacks (id, type, status, source, customer_id, phone, due_at, priority, note, created_at, created_by, request_hash,
                            assignee, claimed_at, failed_attempts, end_reason, ended_at, ended_by,
                            survey_score, survey_satisfied, survey_reasons, survey_at, survey_by, version, updated_at)
     values ($1, $2, $3, 'manual', $4, $5, $6, $7, $8, $9, 'supervisor1', $10, $11, $9, $12, $13, $14, $11, $15, $16, $17, $18, $19, $20, $14)
     on conflict (id) do nothing`,
    [
      id,
      demo.type,
      reached ? 'done' : 'unreachable',
      customerId,
      target.phone,
      new Date(due),
      target.high ? 'high' : 'normal',
      pick(randomFor(`demo-callback-history:${index}`), NOTES[demo.type]),
      new Date(due - 48 * HOUR_MS),
      requestHash('demo-callback', { id }),
      demo.by,
      failed,
      endReason,
      endedAt,
      demo.survey?.score ?? null,
      demo.survey?.satisfied ?? null,
      demo.survey?.reasons ?? null,
      demo.survey === null ? null : endedAt,
      demo.survey === null ? null : demo.by,
      demo.attempts.length + 2,
    ],
  );
  if (result.rowCount === 0) return 0;
  for (const [i, outcome] of demo.attempts.entries()) {
    const attemptId = stableUuid(`demo-callback-history:${index}:${i}`);
    await tx.query(
      `insert into callback_attempts (id, callback_id, at, by, outcome, note, request_hash) values ($1, $2, $3, $4, $5, $6, $7)`,
      [attemptId, id, times[i], demo.by, outcome, i === demo.attempts.length - 1 && demo.survey !== null ? demo.survey.reasons : '', requestHash('demo-callback-attempt', { attemptId })],
    );
  }
  return result.rowCount;
}
