import { z } from 'zod';
import type { User } from '../../../../shared/api/auth';
import type { ComplaintListQuery } from '../../../../shared/api/complaints';
import { COMPLAINT_CATEGORIES } from '../../../../shared/api/tickets';
import { ComplaintLevelSchema } from '../../../../shared/complaints/complaint-actions';
import { ComplaintStatusSchema } from '../../../../shared/complaints/complaint-config';

/*
 * The case list's filters as the person sets them, and what they mean on the hub's query
 * (`GET /api/v1/complaints`). Dates are the person's own calendar days: a range of days is turned
 * into instants here, where the browser knows the time zone the person reads the list in.
 */

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Also what a saved view stores: every field has a default, so a view saved before a filter existed still reads. */
export const CaseFiltersSchema = z.object({
  status: z.array(ComplaintStatusSchema).max(50).default([]),
  /** The department whose move it is, by org-design code. */
  waitingOn: z.string().min(1).max(40).nullable().default(null),
  category: z.enum(COMPLAINT_CATEGORIES).nullable().default(null),
  level: ComplaintLevelSchema.nullable().default(null),
  overdue: z.boolean().default(false),
  open: z.boolean().default(false),
  mine: z.boolean().default(false),
  q: z.string().max(100).default(''),
  /** First and last day (YYYY-MM-DD, both included) the case was opened on. */
  openedFrom: localDate.nullable().default(null),
  openedTo: localDate.nullable().default(null),
});
export type CaseFilters = z.output<typeof CaseFiltersSchema>;

export const NO_FILTERS: CaseFilters = CaseFiltersSchema.parse({});

export const CASE_PAGE_SIZE = 50;

/** What the list opens on: department staff on their department's queue, everyone else on the open cases. */
export function defaultFilters(user: Pick<User, 'role' | 'departmentCode'>): CaseFilters {
  if (user.role === 'department' && user.departmentCode !== null) return { ...NO_FILTERS, waitingOn: user.departmentCode, open: true };
  return { ...NO_FILTERS, open: true };
}

export const BUILT_IN_VIEWS = ['myDepartment', 'overdue', 'allOpen'] as const;
export type BuiltInView = (typeof BUILT_IN_VIEWS)[number];

/** 待我部门处理 / 已超时 / 全部未结案; the first only for people who belong to a department. */
export function builtInViews(user: Pick<User, 'departmentCode'>): { id: BuiltInView; filters: CaseFilters }[] {
  const views: { id: BuiltInView; filters: CaseFilters }[] = [];
  if (user.departmentCode !== null) views.push({ id: 'myDepartment', filters: { ...NO_FILTERS, waitingOn: user.departmentCode, open: true } });
  views.push({ id: 'overdue', filters: { ...NO_FILTERS, overdue: true, open: true } });
  views.push({ id: 'allOpen', filters: { ...NO_FILTERS, open: true } });
  return views;
}

/** Equal as filters: the order statuses were picked in and spaces around the search do not count. */
export function sameFilters(a: CaseFilters, b: CaseFilters): boolean {
  return filtersKey(a) === filtersKey(b);
}

/** One string per distinct filter set: the list remembers which filters its rows were loaded for. */
export function filtersKey(filters: CaseFilters): string {
  const normal = { ...filters, status: [...filters.status].sort(), q: filters.q.trim() };
  return JSON.stringify(normal, Object.keys(normal).sort());
}

/** A stored view's filters, or null when they cannot be read any more (the view is then left out). */
export function readFilters(value: unknown): CaseFilters | null {
  const parsed = CaseFiltersSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The day's first instant in the browser's time zone. */
function dayStart(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

/** The query the hub is asked: a filter that is off is left out (overdue=false would mean "not overdue"). */
export function filtersToQuery(filters: CaseFilters, page: { cursor?: string | null; limit?: number } = {}): ComplaintListQuery {
  const query: ComplaintListQuery = { limit: page.limit ?? CASE_PAGE_SIZE };
  if (filters.status.length > 0) query.status = filters.status.join(',');
  if (filters.waitingOn !== null) query.waitingOn = filters.waitingOn;
  if (filters.category !== null) query.category = filters.category;
  if (filters.level !== null) query.level = filters.level;
  if (filters.overdue) query.overdue = 'true';
  if (filters.open) query.open = 'true';
  if (filters.mine) query.mine = 'true';
  const q = filters.q.trim();
  if (q !== '') query.q = q;
  if (filters.openedFrom !== null) query.openedFrom = dayStart(filters.openedFrom).toISOString();
  if (filters.openedTo !== null) {
    // The last day is included: up to the last millisecond before the next day starts.
    const next = dayStart(filters.openedTo);
    next.setDate(next.getDate() + 1);
    query.openedTo = new Date(next.getTime() - 1).toISOString();
  }
  if (page.cursor) query.cursor = page.cursor;
  return query;
}

/** How many filters are on, for the "clear" button's label. */
export function activeFilterCount(filters: CaseFilters): number {
  return (
    (filters.status.length > 0 ? 1 : 0) +
    [filters.waitingOn, filters.category, filters.level, filters.openedFrom, filters.openedTo].filter((v) => v !== null).length +
    [filters.overdue, filters.open, filters.mine].filter(Boolean).length +
    (filters.q.trim() !== '' ? 1 : 0)
  );
}
