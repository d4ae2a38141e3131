import type { Queryable } from '../db/db';
import { insertMissingCodes } from './code-lists';

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

export const insertDemoReasonCodes = (tx: Queryable): Promise<void> => insertMissingCodes(tx, 'reason_codes', DEMO_REASON_CODES);
