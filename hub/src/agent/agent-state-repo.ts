import type { AgentState } from '../../../shared/telephony/agent-state';
import type { Db, Queryable } from '../db/db';

export interface AgentStateChange {
  state: AgentState;
  reasonCode: string | null;
  /** When it happened, by the console's clock. */
  at: Date;
  callId: string | null;
}

export interface CurrentAgentState {
  state: AgentState;
  reasonCode: string | null;
  since: Date;
  callId: string | null;
}

/**
 * Makes the change the agent's current state and logs it, unless the hub already has it or a
 * newer one. Returns whether it did.
 *
 * The console's outbox retries until it gets an answer, so reports can arrive twice and out of
 * order: a retry of an old change must not overwrite a newer state (`since <= at`), and a retry of
 * the current one must not log it twice (the row-wise `is distinct from`). Both are decided by the
 * one upsert, which holds the row lock, so two hub processes receiving reports of the same agent
 * at once cannot both apply a stale one. Equal times are not stale: the later arrival wins.
 */
export async function recordAgentStateChange(db: Db, userId: string, change: AgentStateChange, receivedAt: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query(
      `insert into agent_states as stored (user_id, state, reason_code, since, call_id, updated_at)
       values ($1, $2, $3, $4, $5, $6)
       on conflict (user_id) do update
         set state = excluded.state, reason_code = excluded.reason_code, since = excluded.since,
             call_id = excluded.call_id, updated_at = excluded.updated_at
         where stored.since <= excluded.since
           and (stored.since, stored.state, stored.reason_code, stored.call_id)
               is distinct from (excluded.since, excluded.state, excluded.reason_code, excluded.call_id)
       returning user_id`,
      [userId, change.state, change.reasonCode, change.at, change.callId, receivedAt],
    );
    if (rows.length === 0) return false;
    await tx.query(
      `insert into agent_state_log (user_id, state, reason_code, at, call_id, received_at)
       values ($1, $2, $3, $4, $5, $6)`,
      [userId, change.state, change.reasonCode, change.at, change.callId, receivedAt],
    );
    return true;
  });
}

export async function loadCurrentAgentState(db: Queryable, userId: string): Promise<CurrentAgentState | null> {
  const { rows } = await db.query<{ state: AgentState; reason_code: string | null; since: Date; call_id: string | null }>(
    'select state, reason_code, since, call_id from agent_states where user_id = $1',
    [userId],
  );
  const row = rows[0];
  return row === undefined ? null : { state: row.state, reasonCode: row.reason_code, since: new Date(row.since), callId: row.call_id };
}
