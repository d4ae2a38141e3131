import type { Board, BoardAgent, BoardCall, BoardTotals } from '../../../shared/api/board';
import type { AgentStateChangedEvent } from '../../../shared/api/events';
import { RoleSchema, type Role } from '../../../shared/domain/roles';
import type { AgentState } from '../../../shared/telephony/agent-state';
import { formatLocalDate, localDateAt, nextDay, startOfDay } from '../../../shared/time/zoned-time';
import type { Queryable } from '../db/db';
import { CALL_FACTS, CALL_FIGURES, callFigures, type CallFiguresSqlRow } from '../reports/call-report';

/*
 * The supervisor board (shared/api/board.ts): every person of a phone role with their current
 * state and call, and today's figures. Two statements whatever the size of the floor: the rows
 * (each agent's call found by its primary key) and the totals (aggregates over today's calls,
 * the open complaints and the callbacks).
 */

/** The roles that work on the phone (agent/routes.ts PHONE_ROLES): their rows are the board. */
const BOARD_ROWS_OF: readonly Role[] = ['agent', 'callback'];

/** The roles that watch the floor: the board and its events are theirs. */
export const BOARD_ROLES: readonly Role[] = ['supervisor', 'manager', 'admin'];

/*
 * The state's call_id is whatever the console reported (the call log's id, a UUIDv7, by
 * construction); anything else finds no log rather than failing the cast. `case` keeps the cast
 * from being evaluated for a text that is no uuid, and the lateral join makes each look-up one
 * probe of the primary key.
 */
const AS_UUID = (column: string) =>
  `(case when ${column} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then lower(${column})::uuid end)`;

/** $1: now (sessions), $2: the roles of the rows, $3: one user or null for all. */
const AGENTS_SQL = `
  select u.id as user_id, u.username, u.display_name, u.role, u.sip_extension,
         s.state, s.reason_code, s.since, s.call_id,
         c.direction, c.remote_number, c.customer_id, c.started_at, c.customer_name,
         exists (select 1 from sessions x where x.user_id = u.id and x.expires_at > $1) as logged_in
    from users u
    left join agent_states s on s.user_id = u.id
    left join lateral (
      select l.direction, l.remote_number, l.customer_id, l.started_at,
             (select cu.name from customers cu where cu.id = ${AS_UUID('l.customer_id')} and cu.removed_at is null) as customer_name
        from call_logs l
       where l.id = ${AS_UUID('s.call_id')} and l.agent_id = u.id
    ) c on true
   where u.role = any($2::text[]) and ($3::uuid is null or u.id = $3::uuid)
   order by u.username`;

interface AgentRow {
  user_id: string;
  username: string;
  display_name: string;
  role: string;
  sip_extension: string | null;
  state: AgentState | null;
  reason_code: string | null;
  since: Date | string | null;
  call_id: string | null;
  direction: 'inbound' | 'outbound' | null;
  remote_number: string | null;
  customer_id: string | null;
  started_at: Date | string | null;
  customer_name: string | null;
  logged_in: boolean;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

function callOf(row: AgentRow): BoardCall | null {
  if (row.call_id === null) return null;
  // Before the call's log arrives (the console uploads it a moment after the state) only its id is known.
  return {
    callId: row.call_id,
    direction: row.direction,
    number: row.remote_number,
    customerId: row.customer_id,
    customerName: row.customer_name,
    startedAt: iso(row.started_at),
  };
}

export interface BoardRowOptions {
  now: Date;
  /** The center's wrap-up limit (PhoneConfig.wrapUp.seconds); null: none, so no overrun. */
  wrapUpSeconds: number | null;
  /** One person's row only. */
  userId?: string;
}

/*
 * Overrun by the hub's clock against `since`, which is the console's: a PC whose clock runs ahead
 * shows its agent overrunning a little late, one behind a little early. Both are seconds, not the
 * minutes an overrun is about.
 */
function agentOf(row: AgentRow, { now, wrapUpSeconds }: BoardRowOptions): BoardAgent {
  const since = iso(row.since);
  return {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    role: RoleSchema.parse(row.role),
    extension: row.sip_extension,
    state: row.state,
    reasonCode: row.reason_code,
    since,
    call: callOf(row),
    wrapUpOverrun: row.state === 'wrap_up' && since !== null && wrapUpSeconds !== null && now.getTime() - Date.parse(since) > wrapUpSeconds * 1000,
    loggedOut: !row.logged_in,
  };
}

export async function loadBoardAgents(db: Queryable, options: BoardRowOptions): Promise<BoardAgent[]> {
  const { rows } = await db.query<AgentRow>(AGENTS_SQL, [options.now, BOARD_ROWS_OF, options.userId ?? null]);
  return rows.map((row) => agentOf(row, options));
}

/**
 * The `agent.state` event for a person's row as stored now; null when they have no state (or no
 * row of the board). Read after the change committed, so an event never says more than the board.
 */
export async function agentStateEvent(db: Queryable, userId: string, now: Date): Promise<AgentStateChangedEvent | null> {
  const [agent] = await loadBoardAgents(db, { now, wrapUpSeconds: null, userId });
  if (agent === undefined || agent.state === null || agent.since === null) return null;
  return {
    type: 'agent.state',
    userId: agent.userId,
    state: agent.state,
    reasonCode: agent.reasonCode,
    since: agent.since,
    callId: agent.call?.callId ?? null,
    call: agent.call,
    loggedOut: agent.loggedOut,
    at: now.toISOString(),
  };
}

/** Whether one of these call logs is the call the agent's state is about now. */
export async function isCurrentCall(db: Queryable, userId: string, callIds: readonly string[]): Promise<boolean> {
  if (callIds.length === 0) return false;
  const { rows } = await db.query('select 1 from agent_states where user_id = $1 and lower(call_id) = any($2::text[])', [
    userId,
    callIds.map((id) => id.toLowerCase()),
  ]);
  return rows.length > 0;
}

/*
 * Today's totals. Calls: the call report's figures over today (reports/call-report.ts). Overdue
 * complaints: the complaint report's rule (open, and past the step's limit or a pending callback's
 * promised time). Callbacks due: pending and due before today ends, overdue ones included — what is
 * still to do today. Satisfaction: surveys taken today, as in the callback report.
 * $1, $2: today's bounds; $3: no department; $4: today's start (CALL_FACTS' days); $5: now.
 */
const TOTALS_SQL = `
  with f as (${CALL_FACTS})
  select ${CALL_FIGURES},
    (select count(*) from tickets t where t.kind = 'complaint' and t.closed_at is null)::int as open_complaints,
    (select count(*) from tickets t
      where t.kind = 'complaint' and t.closed_at is null
        and (t.step_due_at < $5
             or exists (select 1 from callbacks b where b.ticket_id = t.id and b.status = 'pending' and b.due_at < $5)))::int as overdue_complaints,
    (select count(*) from callbacks b where b.status = 'pending' and b.due_at < $2)::int as callbacks_due,
    (select count(*) from callbacks b where b.survey_at >= $1 and b.survey_at < $2)::int as surveyed,
    (select count(*) from callbacks b where b.survey_at >= $1 and b.survey_at < $2 and b.survey_satisfied)::int as satisfied
  from f`;

interface TotalsRow extends CallFiguresSqlRow {
  open_complaints: number;
  overdue_complaints: number;
  callbacks_due: number;
  surveyed: number;
  satisfied: number;
}

export interface CenterDay {
  date: string;
  start: Date;
  end: Date;
}

/** The center's day at `now`, as instants. */
export function centerDay(now: Date, timeZone: string): CenterDay {
  const today = localDateAt(timeZone, now.getTime());
  return { date: formatLocalDate(today), start: startOfDay(today, timeZone), end: startOfDay(nextDay(today), timeZone) };
}

export async function loadBoardTotals(db: Queryable, day: CenterDay, now: Date): Promise<BoardTotals> {
  const { rows } = await db.query<TotalsRow>(TOTALS_SQL, [day.start, day.end, null, [day.start], now]);
  const row = rows[0];
  if (row === undefined) throw new Error('the board totals query returned no row');
  const calls = callFigures(row);
  return {
    callsIn: calls.callsIn,
    callsOut: calls.callsOut,
    answered: calls.answered,
    avgHandleSeconds: calls.avgHandleSeconds,
    avgWrapUpSeconds: calls.avgWrapUpSeconds,
    openComplaints: row.open_complaints,
    overdueComplaints: row.overdue_complaints,
    callbacksDue: row.callbacks_due,
    satisfactionRate: row.surveyed === 0 ? null : row.satisfied / row.surveyed,
  };
}

export interface LoadBoardOptions {
  now: Date;
  timeZone: string;
  wrapUpSeconds: number | null;
}

export async function loadBoard(db: Queryable, { now, timeZone, wrapUpSeconds }: LoadBoardOptions): Promise<Board> {
  const day = centerDay(now, timeZone);
  const [agents, totals] = await Promise.all([loadBoardAgents(db, { now, wrapUpSeconds }), loadBoardTotals(db, day, now)]);
  return { asOf: now.toISOString(), date: day.date, timeZone, wrapUpSeconds, agents, totals };
}
