import type { ComplaintReport } from '../../../shared/api/complaints';
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS } from '../../../shared/api/tickets';
import { COMPLAINT_LEVELS, RESPONSIBILITIES } from '../../../shared/complaints/complaint-actions';
import { ComplaintStatusSchema, REPORT_DEPARTMENT_GROUPS, reportDepartmentGroup } from '../../../shared/complaints/complaint-config';
import { reportStatus } from '../../../shared/complaints/complaint-machine';
import { readComplaintConfig } from '../complaints/config-repo';
import type { Queryable } from '../db/db';
import { HubError } from '../http/hub-error';
import { isTimeZone, nextDay, parseLocalDate, startOfDay } from '../../../shared/time/zoned-time';
import { readSetting } from '../settings/settings-repo';

/*
 * The complaint section's statistics for a period (DOMAIN.md §3, seed 004 §4-3). The cohort is the
 * complaints opened in the period, counted in the center's days; each breakdown puts every one of
 * them in exactly one column, so every table of the report adds up to the number received. SQL
 * counts by what is stored (channel, category, status, department code); the columns are decided
 * here, by the same functions the rest of the hub uses (reportStatus, reportDepartmentGroup).
 */

export const CENTER_TIME_ZONE_KEY = 'center-time-zone';
export const DEFAULT_CENTER_TIME_ZONE = 'Asia/Shanghai';
/** A longer period would make one request scan years of history for a table nobody reads that way. */
export const MAX_REPORT_YEARS = 3;

// ── days in the center's time zone: shared/time/zoned-time.ts ────────────────

export { isTimeZone, parseLocalDate, startOfDay, type LocalDate } from '../../../shared/time/zoned-time';

export interface ReportPeriod {
  from: string;
  to: string;
  timeZone: string;
  /** `from` 00:00 in the center's zone, inclusive. */
  start: Date;
  /** The day after `to`, 00:00, exclusive. */
  end: Date;
}

/** The period asked for, as instants; refusals name the field (400). */
export function reportPeriod(from: string, to: string, timeZone: string): ReportPeriod {
  const first = parseLocalDate(from);
  if (first === null) throw new HubError('validation', 400, `from: ${from} is no day of the calendar`, 'from');
  const last = parseLocalDate(to);
  if (last === null) throw new HubError('validation', 400, `to: ${to} is no day of the calendar`, 'to');
  if (from > to) throw new HubError('validation', 400, `from: the period starts after it ends (${from} > ${to})`, 'from');
  const after = nextDay(last);
  const limit = Date.UTC(first.year + MAX_REPORT_YEARS, first.month - 1, first.day);
  if (Date.UTC(after.year, after.month - 1, after.day) > limit) {
    throw new HubError('validation', 400, `to: a report covers ${MAX_REPORT_YEARS} years at most; ask for a shorter period`, 'to');
  }
  return { from, to, timeZone, start: startOfDay(first, timeZone), end: startOfDay(after, timeZone) };
}

// ── settings ─────────────────────────────────────────────────────────────────

/** The center's time zone; a stored value that is no IANA zone is the operator's mistake, not a guess. */
export async function centerTimeZone(db: Queryable): Promise<string> {
  const stored = await readSetting(db, CENTER_TIME_ZONE_KEY);
  if (stored === undefined || stored === null) return DEFAULT_CENTER_TIME_ZONE;
  if (typeof stored !== 'string' || !isTimeZone(stored)) {
    throw new Error(`setting ${CENTER_TIME_ZONE_KEY} must be an IANA time zone such as "${DEFAULT_CENTER_TIME_ZONE}"`);
  }
  return stored;
}

// ── the report ───────────────────────────────────────────────────────────────

interface Totals {
  total: number;
  handled_at_once: number;
  passed_to_field: number;
  on_site_visits: number;
  overdue: number;
}

type Dimension = 'channel' | 'content' | 'responsibility' | 'company_department' | 'status' | 'level';

const COHORT = `select id, channel, category, triage, proposal, department_code, status, level, closed_at, step_due_at
                  from tickets where kind = 'complaint' and opened_at >= $1 and opened_at < $2`;

/*
 * handledAtOnce / passedToField count a case once however often it was answered or dispatched;
 * a case opened with that triage counts even though no action line exists for it (the script
 * decided at intake). Overdue is the case list's rule (complaints/case-list.ts): open (closed_at
 * null), and past its step's limit or a pending callback's promised time.
 */
const TOTALS_SQL = `
  with cohort as (${COHORT})
  select
    (select count(*) from cohort)::int as total,
    (select count(*) from cohort c
      where c.triage = 'answered' or exists (select 1 from ticket_events e where e.ticket_id = c.id and e.type = 'answer_at_once'))::int as handled_at_once,
    (select count(*) from cohort c
      where c.triage = 'on_site' or exists (select 1 from ticket_events e where e.ticket_id = c.id and e.type = 'dispatch_investigation'))::int as passed_to_field,
    (select count(*) from ticket_events e join cohort c on c.id = e.ticket_id where e.type = 'record_investigation')::int as on_site_visits,
    (select count(*) from cohort c
      where c.closed_at is null
        and (c.step_due_at < $3
             or exists (select 1 from callbacks b where b.ticket_id = c.id and b.status = 'pending' and b.due_at < $3)))::int as overdue`;

/*
 * One pass over the cohort for every breakdown: each case yields one (dimension, key) pair per
 * breakdown, and the company's department only for company-attributable cases.
 */
const BREAKDOWN_SQL = `
  with cohort as (${COHORT})
  select d.dimension, d.key, count(*)::int as n
    from cohort c
    cross join lateral (values
      ('channel', c.channel),
      ('content', coalesce(c.proposal->>'category', c.category, 'unclassified')),
      ('responsibility', coalesce(c.proposal->>'responsibility', 'undetermined')),
      ('company_department', case when c.proposal->>'responsibility' = 'company'
                                  then coalesce(c.proposal->>'departmentCode', c.department_code, '') end),
      ('status', c.status),
      ('level', c.level)
    ) as d(dimension, key)
   where d.key is not null
   group by d.dimension, d.key`;

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const oneOf = <K extends string>(keys: readonly K[], key: string, otherwise: K): K => ((keys as readonly string[]).includes(key) ? (key as K) : otherwise);

export async function complaintReport(db: Queryable, period: ReportPeriod, now: Date): Promise<ComplaintReport> {
  const config = await readComplaintConfig(db);
  const params = [period.start, period.end, now];
  const totals = (await db.query<Totals>(TOTALS_SQL, params)).rows[0];
  if (totals === undefined) throw new Error('the totals query returned no row');
  const rows = (await db.query<{ dimension: Dimension; key: string; n: number }>(BREAKDOWN_SQL, [period.start, period.end])).rows;

  const byChannel = zeros(COMPLAINT_CHANNELS);
  const byContent = zeros([...COMPLAINT_CATEGORIES, 'unclassified'] as const);
  const byResponsibility = zeros([...RESPONSIBILITIES, 'undetermined'] as const);
  const companyByDepartment = zeros(REPORT_DEPARTMENT_GROUPS);
  const byStatus = zeros(['done', 'in_progress', 'not_handled', 'tracking'] as const);
  const byLevel = zeros(COMPLAINT_LEVELS);

  // The database's checks keep channel and level to their lists, and the machine writes only
  // known statuses and categories; a value from elsewhere still lands in a column, so that the
  // tables keep adding up.
  for (const { dimension, key, n } of rows) {
    switch (dimension) {
      case 'channel':
        byChannel[oneOf(COMPLAINT_CHANNELS, key, 'other')] += n;
        break;
      case 'content':
        byContent[oneOf(COMPLAINT_CATEGORIES, key, 'unclassified')] += n;
        break;
      case 'responsibility':
        byResponsibility[oneOf(RESPONSIBILITIES, key, 'undetermined')] += n;
        break;
      case 'company_department':
        companyByDepartment[reportDepartmentGroup(config, key)] += n;
        break;
      case 'status': {
        const status = ComplaintStatusSchema.safeParse(key);
        byStatus[status.success ? reportStatus(status.data) : 'in_progress'] += n;
        break;
      }
      case 'level':
        byLevel[oneOf(COMPLAINT_LEVELS, key, 'service')] += n;
        break;
    }
  }

  return {
    period: { from: period.from, to: period.to, timeZone: period.timeZone },
    generatedAt: now.toISOString(),
    received: {
      total: totals.total,
      byChannel,
      handledAtOnce: totals.handled_at_once,
      passedToField: totals.passed_to_field,
      onSiteVisits: totals.on_site_visits,
    },
    byContent,
    byResponsibility,
    companyByDepartment,
    byStatus,
    overdue: totals.overdue,
    byLevel,
  };
}
