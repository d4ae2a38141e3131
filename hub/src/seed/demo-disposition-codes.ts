import type { Queryable } from '../db/db';
import { insertMissingCodes } from './code-lists';

/*
 * How calls of the demo center end, as the agent records it at wrap-up. Whether a ticket was
 * opened is not among them: tickets are linked to the call log on their own.
 */
export const DEMO_DISPOSITION_CODES = [
  { code: 'consult-answered', zh: '咨询已解答', en: 'Question answered' },
  { code: 'transferred', zh: '已转专业部门', en: 'Transferred to a specialist department' },
  { code: 'order-placed', zh: '下单 / 改单', en: 'Order placed or changed' },
  { code: 'after-sales', zh: '售后已登记', en: 'After-sales case registered' },
  // A repair or delivery done: the after-sales rule (callback-config) schedules its 售后回访.
  { code: 'repair-done', zh: '维修完成', en: 'Repair done' },
  { code: 'delivered', zh: '已送达', en: 'Delivered and installed' },
  { code: 'complaint', zh: '投诉已登记', en: 'Complaint registered' },
  { code: 'callback-promised', zh: '已承诺回电', en: 'Callback promised' },
  { code: 'wrong-number', zh: '打错电话', en: 'Wrong number' },
  { code: 'silent-dropped', zh: '无声 / 掉线', en: 'Silent or dropped call' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const;

export const insertDemoDispositionCodes = (tx: Queryable): Promise<void> => insertMissingCodes(tx, 'disposition_codes', DEMO_DISPOSITION_CODES);

/** The wrap-up menu of each demo queue (by IVR choice), in menu order. */
export const DEMO_QUEUE_DISPOSITIONS: Readonly<Record<string, readonly string[]>> = {
  // After-sales calls come in as consultations (the IVR has no after-sales choice).
  consult: ['consult-answered', 'transferred', 'order-placed', 'after-sales', 'repair-done', 'delivered', 'callback-promised', 'wrong-number', 'silent-dropped', 'other'],
  complaint: ['complaint', 'callback-promised', 'transferred', 'after-sales', 'wrong-number', 'silent-dropped', 'other'],
};

/** Like the codes: a second seed adds what is missing and keeps what an administrator changed. */
export async function insertDemoQueueDispositions(tx: Queryable): Promise<void> {
  for (const [ivrChoice, codes] of Object.entries(DEMO_QUEUE_DISPOSITIONS)) {
    for (const [position, code] of codes.entries()) {
      await tx.query(
        `insert into queue_dispositions (ivr_choice, code, position) values ($1, $2, $3) on conflict (ivr_choice, code) do nothing`,
        [ivrChoice, code, position],
      );
    }
  }
}
