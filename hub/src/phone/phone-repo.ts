import { z } from 'zod';
import { PhoneConfigSchema, type PhoneConfig, type ReasonCode } from '../../../shared/api/phone';
import type { Queryable } from '../db/db';
import { readSetting } from '../settings/settings-repo';

export type WrapUp = PhoneConfig['wrapUp'];

export const WRAP_UP_KEY = 'wrap_up';
export const DEFAULT_WRAP_UP: WrapUp = { seconds: 60, autoReady: false, dispositionRequired: true };
/**
 * A value stored before dispositions could be required has no `dispositionRequired`: it must still
 * parse (not fall back to the default wholesale), and then the disposition is required.
 */
const StoredWrapUpSchema = PhoneConfigSchema.shape.wrapUp.extend({ dispositionRequired: z.boolean().default(true) });
export type QueueDispositions = PhoneConfig['queueDispositions'];

/** The reasons an agent may pick for Not ready, in the order of the menu. */
export async function loadReasonCodes(db: Queryable): Promise<ReasonCode[]> {
  const { rows } = await db.query<{ code: string; label_zh: string; label_en: string }>(
    'select code, label_zh, label_en from reason_codes where active order by position, code',
  );
  return rows.map((row) => ({ code: row.code, label: { 'zh-CN': row.label_zh, 'en-US': row.label_en } }));
}

/** Any code ever defined, active or not: a console that loaded the menu before a code was retired may still send it. */
export async function reasonCodeExists(db: Queryable, code: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from reason_codes where code = $1', [code]);
  return rows.length > 0;
}

/**
 * The center's wrap-up rule. A stored value that does not parse is reported through `onInvalid`
 * and replaced by the default: one bad row must not keep every agent from getting a phone.
 */
export async function loadWrapUp(db: Queryable, onInvalid: (value: unknown) => void): Promise<WrapUp> {
  const stored = await readSetting(db, WRAP_UP_KEY);
  if (stored === undefined) return DEFAULT_WRAP_UP;
  const parsed = StoredWrapUpSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  onInvalid(stored);
  return DEFAULT_WRAP_UP;
}

/**
 * The wrap-up menu of each queue (by its IVR choice), in menu order: only codes still active, and
 * only queues with at least one (a queue without its own list offers every active code).
 */
export async function loadQueueDispositions(db: Queryable): Promise<QueueDispositions> {
  const { rows } = await db.query<{ ivr_choice: string; codes: string[] }>(
    `select qd.ivr_choice, array_agg(qd.code order by qd.position, qd.code) as codes
       from queue_dispositions qd
       join disposition_codes d on d.code = qd.code
       join queues q on q.ivr_choice = qd.ivr_choice
      where d.active
      group by qd.ivr_choice, q.position
      order by q.position, qd.ivr_choice`,
  );
  return rows.map((row) => ({ ivrChoice: row.ivr_choice, codes: row.codes }));
}
