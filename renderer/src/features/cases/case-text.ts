import type { TFunction } from 'i18next';
import type { ComplaintActionType } from '../../../../shared/complaints/complaint-actions';
import { isComplaintStatus } from './case-model';

/*
 * The words for the procedure's codes. Keys are built from the codes, so every status, action,
 * category … has a text in both languages: test/unit/renderer/features/cases checks it.
 */

/** A status by its name; a status this console does not know (a newer hub's) as the hub spelled it. */
export const statusText = (t: TFunction, status: string): string => (isComplaintStatus(status) ? t(`cases.status.${status}`) : status);

export const actionText = (t: TFunction, type: ComplaintActionType): string => t(`cases.actions.${type}`);

/** `category`, `responsibility`, `channel`, `level`, `severity`, `triage`: one code's word, or the dash. */
export function codeText(t: TFunction, group: 'categories' | 'responsibilities' | 'channels' | 'levels' | 'severities' | 'triages', code: string | null): string {
  return code === null ? t('cases.none') : t(`cases.${group}.${code}`, { defaultValue: code });
}
