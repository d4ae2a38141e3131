import type { Queryable } from '../db/db';
import { DEMO_DEPARTMENTS, DEMO_ESCALATION_CHAIN, DEMO_QUEUES, DEMO_TRANSFER_TARGETS } from './demo-org';

/*
 * Rows are keyed by their natural keys (code, extension, level) and inserted with
 * `on conflict do nothing`: seeding again adds what is missing and never overwrites what an
 * administrator changed since — except that a level nobody holds gets its demo holder (the general
 * manager joined the demo users after the chain was first seeded).
 */
export async function insertDemoOrg(tx: Queryable): Promise<void> {
  // Parents come first in DEMO_DEPARTMENTS, so the sub-select finds them.
  for (const [position, d] of DEMO_DEPARTMENTS.entries()) {
    await tx.query(
      `insert into departments (code, name_zh, name_en, parent_id, kind, position)
       values ($1, $2, $3, (select id from departments where code = $4), $5, $6)
       on conflict (code) do nothing`,
      [d.code, d.zh, d.en, d.parent, d.kind, position],
    );
  }
  for (const [position, q] of DEMO_QUEUES.entries()) {
    await tx.query(
      `insert into queues (code, name_zh, name_en, department_id, ivr_choice, position)
       select $1, $2, $3, id, $5, $6 from departments where code = $4
       on conflict do nothing`,
      [q.code, q.zh, q.en, q.department, q.ivrChoice, position],
    );
  }
  for (const [position, t] of DEMO_TRANSFER_TARGETS.entries()) {
    await tx.query(
      `insert into transfer_targets (name_zh, name_en, department_id, extension, kind, position)
       select $1, $2, id, $4, $5, $6 from departments where code = $3
       on conflict (extension) do nothing`,
      [t.zh, t.en, t.department, t.extension, t.kind, position],
    );
  }
  for (const e of DEMO_ESCALATION_CHAIN) {
    await tx.query(
      `insert into escalation_levels (level, title_zh, title_en, user_id, extension)
       values ($1, $2, $3, (select id from users where username = $4), $5)
       on conflict (level) do update set user_id = excluded.user_id
         where escalation_levels.user_id is null and excluded.user_id is not null`,
      [e.level, e.zh, e.en, e.username, e.extension],
    );
  }
}
