import { randomUUID } from 'node:crypto';
import type { CallLogRecord } from '../../../shared/api/call-logs';
import type { HubEvent } from '../../../shared/api/events';
import { afterSalesDueAt } from '../../../shared/callbacks/callback-rules';
import { callerKey } from '../../../shared/customers/caller';
import { sha256Hex } from '../call-logs/canonical-json';
import { callbackTarget } from '../complaints/case-repo';
import type { Queryable } from '../db/db';
import { centerTimeZone } from '../reports/complaint-report';
import { readCallbackConfig } from './config-repo';

/*
 * The after-sales rule (issue 8, DOMAIN.md §4): a call wrapped up as a repair done or a delivery
 * made gets its 售后回访 so many days later, without anyone having to remember it. It runs inside
 * the call-log batch's transaction, on every record the batch created or updated, so that a call
 * log and the callback it makes commit together or not at all.
 *
 * One callback per triggering call, however often the record comes back: the rule key
 * `after_sales:<callId>` is unique, and the insert does nothing when it exists. A record whose
 * disposition is later changed away from the code keeps its callback on purpose: the task may be
 * claimed or worked already, and the callback staff cancel it by hand when it is not wanted.
 */

export const RULE_ACTOR = 'rule';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const afterSalesRuleKey = (callId: string): string => `after_sales:${callId.toLowerCase()}`;

const INSERT = `insert into callbacks (id, type, status, source, rule_key, customer_id, call_id, phone, due_at, priority, note,
                                      created_at, created_by, request_hash, updated_at)
  values ($1, 'after_sales', 'pending', 'rule', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $9)
  on conflict (rule_key) do nothing
  returning id`;

/**
 * Makes the after-sales callbacks that `written` (the records a batch stored) call for, and adds a
 * `callback.changed` event for each one made to `events`, for the caller to publish after commit.
 */
export async function applyAfterSalesRule(tx: Queryable, written: readonly CallLogRecord[], now: Date, events: HubEvent[]): Promise<void> {
  // Most batches hold no repair or delivery: they cost no extra query.
  const candidates = written.filter((record) => record.wrapUp.dispositionCode !== null && record.customerId !== null);
  if (candidates.length === 0) return;
  const config = await readCallbackConfig(tx);
  const rule = config.afterSales;
  if (!rule.enabled) return;
  const codes = new Set(rule.dispositionCodes);
  const triggering = candidates.filter((record) => codes.has(record.wrapUp.dispositionCode!));
  if (triggering.length === 0) return;
  const timeZone = await centerTimeZone(tx);

  for (const record of triggering) {
    const customerId = record.customerId!.toLowerCase();
    // The console links whatever its copy of the book said; a customer the hub does not have (or an
    // id that is no uuid) has nobody to call back, and must not fail the agent's upload.
    if (!UUID.test(customerId)) continue;
    const known = await tx.query<{ id: string }>('select id from customers where id = $1', [customerId]);
    if (known.rows.length === 0) continue;

    const target = await callbackTarget(tx, customerId);
    const remote = callerKey(record.remote.number);
    const phone = target.phone ?? (remote.kind === 'customer' ? remote.e164 : null);
    const ruleKey = afterSalesRuleKey(record.id);
    const eventAt = Date.parse(record.endedAt ?? record.startedAt);
    const dueAt = new Date(afterSalesDueAt(eventAt, rule.daysAfter, config.callingHours, timeZone));
    const { rows } = await tx.query<{ id: string }>(INSERT, [
      randomUUID(),
      ruleKey,
      customerId,
      record.id.toLowerCase(),
      phone,
      dueAt,
      target.high ? 'high' : 'normal',
      `维修/送达后回访（规则）: 通话 ${record.id.toLowerCase()}`,
      now,
      RULE_ACTOR,
      sha256Hex(ruleKey),
    ]);
    const made = rows[0];
    if (made === undefined) continue;
    events.push({
      type: 'callback.changed',
      callbackId: made.id,
      status: 'pending',
      assignee: null,
      ticketId: null,
      version: 1,
      at: now.toISOString(),
      by: RULE_ACTOR,
    });
  }
}
