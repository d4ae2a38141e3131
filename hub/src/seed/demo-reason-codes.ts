import type { Queryable } from '../db/db';

/*
 * The usual Not-ready reasons of a call-center floor. After-call work is not among them: wrap-up
 * is a state of its own, timed by the center's wrap-up setting.
 */
export const DEMO_REASON_CODES = [
  { code: 'break', zh: '小休', en: 'Break' },
  { code: 'meal', zh: '用餐', en: 'Meal' },
  { code: 'training', zh: '培训', en: 'Training' },
  { code: 'meeting', zh: '会议', en: 'Meeting' },
  { code: 'outbound', zh: '外呼任务', en: 'Outbound work' },
  { code: 'system-issue', zh: '系统故障', en: 'System issue' },
] as const;

/** Like the org: a second seed adds what is missing and keeps what an administrator changed. */
export async function insertDemoReasonCodes(tx: Queryable): Promise<void> {
  for (const [position, r] of DEMO_REASON_CODES.entries()) {
    await tx.query(
      `insert into reason_codes (code, label_zh, label_en, position, active) values ($1, $2, $3, $4, true)
       on conflict (code) do nothing`,
      [r.code, r.zh, r.en, position],
    );
  }
}
