import type { CallLogEvent, CallLogRecord } from '../../../shared/api/call-logs';
import type { AgentState } from '../../../shared/telephony/agent-state';
import { checkCallLog, type IncomingCallLog } from '../call-logs/call-log-check';
import { upsert as upsertCallLogs } from '../call-logs/call-log-repo';
import type { Queryable } from '../db/db';
import { centerDay } from '../board/board-repo';
import { centerTimeZone } from '../reports/complaint-report';
import { digits, intBetween, pick, randomFor, stableUuid } from './prng';

/*
 * The floor of a fresh demo (issue 11), so that the supervisor board shows something before anyone
 * has taken a call: today's calls of the four phone users, and each of them in another state — one
 * on a call, one overrunning wrap-up, one Not ready at lunch, one Ready. Ids come from the center's
 * date, so a second run on the same day adds nothing and a run on a later day adds that day's
 * calls; states are set only for people who have none (a real console's report is never
 * overwritten). The customers of the calls are far down the book, like the callbacks', so hub
 * tests that seed a few customers see none of them in a customer's history.
 */

const MINUTE_MS = 60_000;
const FIRST_CUSTOMER = 600;

type PhoneUser = 'agent1' | 'agent2' | 'callback1' | 'callback2';

interface FloorCall {
  who: PhoneUser;
  /** When it started, before the seed's now. */
  minutesAgo: number;
  direction: 'inbound' | 'outbound';
  /** unanswered: rang out or was not picked up; ended: over, wrap-up still open; live: going on now. */
  kind: 'done' | 'unanswered' | 'ended' | 'live';
  ivrChoice: 'consult' | 'complaint' | null;
}

const CALLS: readonly FloorCall[] = [
  { who: 'agent1', minutesAgo: 400, direction: 'inbound', kind: 'done', ivrChoice: 'consult' },
  { who: 'agent1', minutesAgo: 330, direction: 'inbound', kind: 'done', ivrChoice: 'complaint' },
  { who: 'agent1', minutesAgo: 250, direction: 'inbound', kind: 'unanswered', ivrChoice: 'consult' },
  { who: 'agent1', minutesAgo: 170, direction: 'inbound', kind: 'done', ivrChoice: 'consult' },
  { who: 'agent1', minutesAgo: 95, direction: 'inbound', kind: 'done', ivrChoice: 'consult' },
  { who: 'agent1', minutesAgo: 30, direction: 'inbound', kind: 'done', ivrChoice: 'complaint' },
  { who: 'agent1', minutesAgo: 2, direction: 'inbound', kind: 'live', ivrChoice: 'consult' },
  { who: 'agent2', minutesAgo: 380, direction: 'inbound', kind: 'done', ivrChoice: 'consult' },
  { who: 'agent2', minutesAgo: 290, direction: 'inbound', kind: 'done', ivrChoice: 'consult' },
  { who: 'agent2', minutesAgo: 210, direction: 'outbound', kind: 'done', ivrChoice: null },
  { who: 'agent2', minutesAgo: 120, direction: 'inbound', kind: 'unanswered', ivrChoice: 'complaint' },
  { who: 'agent2', minutesAgo: 60, direction: 'inbound', kind: 'done', ivrChoice: 'complaint' },
  { who: 'agent2', minutesAgo: 9, direction: 'inbound', kind: 'ended', ivrChoice: 'consult' },
  { who: 'callback1', minutesAgo: 360, direction: 'outbound', kind: 'done', ivrChoice: null },
  { who: 'callback1', minutesAgo: 240, direction: 'outbound', kind: 'unanswered', ivrChoice: null },
  { who: 'callback1', minutesAgo: 180, direction: 'outbound', kind: 'done', ivrChoice: null },
  { who: 'callback1', minutesAgo: 45, direction: 'outbound', kind: 'done', ivrChoice: null },
  { who: 'callback2', minutesAgo: 300, direction: 'outbound', kind: 'done', ivrChoice: null },
  { who: 'callback2', minutesAgo: 150, direction: 'outbound', kind: 'done', ivrChoice: null },
  { who: 'callback2', minutesAgo: 40, direction: 'outbound', kind: 'done', ivrChoice: null },
];

const DISPOSITIONS = {
  consult: ['consult-answered', 'consult-answered', 'order-placed', 'after-sales', 'transferred'],
  complaint: ['complaint', 'callback-promised'],
  // Not 维修完成 / 已送达: those start the after-sales rule's callbacks, which the seed does not run.
  outbound: ['other', 'callback-promised', 'consult-answered'],
} as const;

const NOTES = ['客户询问订单发货时间，已告知预计三天内发货。', '客户反映配送延误，已登记并承诺回电。', '回访维修结果，客户表示设备运行正常。', '客户咨询保修政策，已说明所需凭证。'];

interface FloorState {
  who: PhoneUser;
  state: AgentState;
  reasonCode: string | null;
  minutesAgo: number;
  /** The index in CALLS of the call the state is about. */
  call: number | null;
}

const STATES: readonly FloorState[] = [
  { who: 'agent1', state: 'talking', reasonCode: null, minutesAgo: 2, call: CALLS.findIndex((c) => c.kind === 'live') },
  // Four minutes of wrap-up against the demo's 60 s: the board marks it overrun.
  { who: 'agent2', state: 'wrap_up', reasonCode: null, minutesAgo: 4, call: CALLS.findIndex((c) => c.kind === 'ended') },
  { who: 'callback1', state: 'not_ready', reasonCode: 'meal', minutesAgo: 12, call: null },
  { who: 'callback2', state: 'ready', reasonCode: null, minutesAgo: 3, call: null },
];

const iso = (ms: number): string => new Date(ms).toISOString();

/** A call as the console would have uploaded it by now. */
function floorRecord(id: string, call: FloorCall, start: number, seed: string, customer: { id: string; e164: string } | null): CallLogRecord {
  const random = randomFor(seed);
  const ring = intBetween(random, 3, 18);
  const talk = intBetween(random, 60, 420);
  const hold = random() < 0.3 ? intBetween(random, 10, 60) : 0;
  const wrap = intBetween(random, 15, 75);
  const events: CallLogEvent[] = [];
  const event = (type: CallLogEvent['type'], seconds: number, detail?: CallLogEvent['detail']) =>
    events.push({ seq: events.length, type, at: iso(start + seconds * 1000), ...(detail === undefined ? {} : { detail }) });
  event(call.direction === 'inbound' ? 'ringing' : 'dialing', 0);
  const answered = call.kind !== 'unanswered';
  const end = answered ? ring + talk + hold : ring + intBetween(random, 10, 25);
  if (answered) event('answered', ring);
  if (answered && hold > 0) {
    event('held', ring + 30);
    event('resumed', ring + 30 + hold);
  }
  const live = call.kind === 'live';
  if (!live) event('ended', end, { cause: answered ? 'BYE' : 'CANCEL' });
  const done = call.kind === 'done';
  const code = done ? pick(random, DISPOSITIONS[call.ivrChoice ?? 'outbound']) : null;
  if (done) {
    event('disposition_set', end + wrap - 3, { code });
    event('wrap_up_done', end + wrap);
  }
  const number = customer?.e164 ?? `1${pick(random, ['38', '39', '58', '86'])}${digits(random, 8)}`;
  return {
    id,
    version: events.length + 1,
    direction: call.direction,
    status: live ? 'live' : done || !answered ? 'completed' : 'ended',
    remote: { number, displayName: '' },
    ivrChoice: call.ivrChoice,
    startedAt: iso(start),
    answeredAt: answered ? iso(start + ring * 1000) : null,
    endedAt: live ? null : iso(start + end * 1000),
    endedBy: live ? null : 'remote',
    endCause: live ? null : answered ? 'BYE' : 'CANCEL',
    interruption: null,
    holdSeconds: hold,
    transfers: [],
    customerId: answered ? (customer?.id ?? null) : null,
    wrapUp: { dispositionCode: code, notes: done ? pick(random, NOTES) : '', doneAt: done ? iso(start + (end + wrap) * 1000) : null },
    script: null,
    scriptAnswers: [],
    ticketIds: [],
    events,
    callback: null,
  };
}

/** Customers of the book far from its start, with a number to call from; none when the book is small. */
async function floorCustomers(tx: Queryable, customers: number): Promise<{ id: string; e164: string }[]> {
  const ids = [];
  for (let index = FIRST_CUSTOMER; index < Math.min(customers, FIRST_CUSTOMER + CALLS.length); index += 1) ids.push(stableUuid(`demo-customer:${index}`));
  if (ids.length === 0) return [];
  const { rows } = await tx.query<{ id: string; e164: string }>(
    `select c.id, min(p.e164) as e164 from customers c join customer_phones p on p.customer_id = c.id
      where c.id = any($1::uuid[]) group by c.id order by array_position($1::uuid[], c.id)`,
    [ids],
  );
  return rows;
}

/** Adds today's demo calls and the phone users' states where missing; returns how many calls it added. */
export async function insertDemoFloor(tx: Queryable, customers: number, now: Date): Promise<number> {
  const day = centerDay(now, await centerTimeZone(tx));
  const { rows: users } = await tx.query<{ id: string; username: PhoneUser }>('select id, username from users where username = any($1::text[])', [
    [...new Set(CALLS.map((c) => c.who))],
  ]);
  const userIds = new Map(users.map((u) => [u.username, u.id]));
  const book = await floorCustomers(tx, customers);

  const ids = CALLS.map((_, index) => stableUuid(`demo-floor-call:${day.date}:${index}`));
  const byAgent = new Map<string, IncomingCallLog[]>();
  CALLS.forEach((call, index) => {
    const start = now.getTime() - call.minutesAgo * MINUTE_MS;
    const agentId = userIds.get(call.who);
    // A seed just after midnight has little of today behind it: calls that would start yesterday are left out.
    if (agentId === undefined || start < day.start.getTime()) return;
    const record = floorRecord(ids[index]!, call, start, `demo-floor-call:${day.date}:${index}`, book[index] ?? null);
    const checked = checkCallLog(record, now);
    if (!checked.ok) throw new Error(`demo call ${index} is invalid: ${checked.problem.path} ${checked.problem.message}`);
    byAgent.set(agentId, [...(byAgent.get(agentId) ?? []), checked.value]);
  });
  let added = 0;
  for (const [agentId, items] of byAgent) {
    const written = await upsertCallLogs(tx, agentId, items, now);
    added += [...written.values()].filter((inserted) => inserted).length;
  }

  for (const floor of STATES) {
    const userId = userIds.get(floor.who);
    if (userId === undefined) continue;
    const since = new Date(now.getTime() - floor.minutesAgo * MINUTE_MS);
    const callId = floor.call === null ? null : (ids[floor.call] ?? null);
    // The log beside the state, as a report would have left it; only for a state that was inserted.
    await tx.query(
      `with state as (
         insert into agent_states (user_id, state, reason_code, since, call_id, updated_at)
         values ($1, $2, $3, $4, $5, $6) on conflict (user_id) do nothing
         returning user_id, state, reason_code, since, call_id, updated_at)
       insert into agent_state_log (user_id, state, reason_code, at, call_id, received_at)
       select user_id, state, reason_code, since, call_id, updated_at from state`,
      [userId, floor.state, floor.reasonCode, since, callId, now],
    );
  }
  return added;
}
