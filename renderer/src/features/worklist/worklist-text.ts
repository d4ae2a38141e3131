import type { TFunction } from 'i18next';
import type { CallbackWorkItem } from '../../../../shared/api/callbacks';
import type { Language } from '../../../../shared/domain/i18n';
import type { RowNotice } from '../../store';
import { errorText } from '../common/error-text';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "in 2 hours" / "3 days ago", the nearest whole unit, in the console's language. */
export function relativeTime(at: string | number, now: number, language: Language): string {
  const diff = new Date(at).getTime() - now;
  const abs = Math.abs(diff);
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  if (abs < HOUR) return format.format(Math.round(diff / MINUTE), 'minute');
  if (abs < DAY) return format.format(Math.round(diff / HOUR), 'hour');
  return format.format(Math.round(diff / DAY), 'day');
}

/** Who holds a task, in words: 我 for the person reading, 任务池 for nobody. */
export function assigneeText(t: TFunction, task: Pick<CallbackWorkItem, 'assignee' | 'assigneeName'>, me: string | null): string {
  if (task.assignee === null) return t('worklist.pool');
  if (task.assignee === me) return t('worklist.me');
  return task.assigneeName ?? task.assignee;
}

/** The name a row's buttons are labelled with: the customer, else the number, else the case. */
export const taskName = (t: TFunction, task: Pick<CallbackWorkItem, 'customerName' | 'phone' | 'ticketNo'>): string =>
  task.customerName ?? task.phone ?? task.ticketNo ?? t('worklist.noCustomer');

export function noticeText(t: TFunction, notice: RowNotice): string {
  switch (notice.kind) {
    case 'no_number':
      return t('worklist.notices.no_number');
    case 'invalid_number':
      return t('worklist.notices.invalid_number', { phone: notice.phone });
    case 'already_claimed':
      return notice.by !== null ? t('worklist.notices.already_claimed', { by: notice.by }) : t('worklist.notices.already_claimed_unknown');
    case 'dial_failed':
      return t('worklist.notices.dial_failed');
    case 'failed':
      return t('worklist.notices.failed', { detail: errorText(t, notice.error) });
  }
}

/** A `datetime-local` input's value for an instant, in this PC's time (what the input shows). */
export function toLocalInput(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The instant a `datetime-local` value means on this PC; null for an empty or partial value. */
export function fromLocalInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const at = new Date(value).getTime();
  return Number.isNaN(at) ? null : at;
}
