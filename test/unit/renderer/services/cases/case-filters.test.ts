import { describe, expect, it } from 'vitest';
import { ComplaintListQuerySchema } from '../../../../../shared/api/complaints';
import {
  activeFilterCount,
  builtInViews,
  defaultFilters,
  filtersToQuery,
  NO_FILTERS,
  readFilters,
  sameFilters,
  type CaseFilters,
} from '../../../../../renderer/src/services/cases/case-filters';

const filters = (patch: Partial<CaseFilters>): CaseFilters => ({ ...NO_FILTERS, ...patch });
/** What the hub reads from the query the console sends: the contract's own parser. */
const hubReads = (f: CaseFilters, page?: { cursor?: string; limit?: number }) => ComplaintListQuerySchema.parse(filtersToQuery(f, page));

describe('filtersToQuery', () => {
  it('asks for every case, newest page of 50, when no filter is on', () => {
    expect(filtersToQuery(NO_FILTERS)).toEqual({ limit: 50 });
  });

  it('sends every filter so that the hub reads back exactly what was set', () => {
    const set = filters({
      status: ['with_department', 'queried'],
      waitingOn: 'logistics',
      category: 'transport',
      level: 'superior',
      overdue: true,
      open: true,
      mine: true,
      q: '  TS-2026 ',
    });
    expect(hubReads(set, { cursor: 'abc', limit: 20 })).toEqual({
      status: ['with_department', 'queried'],
      waitingOn: 'logistics',
      category: 'transport',
      level: 'superior',
      overdue: true,
      open: true,
      mine: true,
      q: 'TS-2026',
      cursor: 'abc',
      limit: 20,
    });
  });

  it('leaves out the switches that are off rather than asking for cases that are not overdue', () => {
    const query = filtersToQuery(filters({ overdue: false, open: false, mine: false, q: '   ' }));
    expect(query).not.toHaveProperty('overdue');
    expect(query).not.toHaveProperty('open');
    expect(query).not.toHaveProperty('mine');
    expect(query).not.toHaveProperty('q');
  });

  it('turns a range of days into instants that include the whole last day, in the local time zone', () => {
    const query = hubReads(filters({ openedFrom: '2026-01-05', openedTo: '2026-01-07' }));
    expect(query.openedFrom).toBe(new Date(2026, 0, 5).toISOString());
    expect(query.openedTo).toBe(new Date(new Date(2026, 0, 8).getTime() - 1).toISOString());
  });
});

describe('defaultFilters', () => {
  it("opens department staff on their department's open cases", () => {
    expect(defaultFilters({ role: 'department', departmentCode: 'logistics' })).toEqual(filters({ waitingOn: 'logistics', open: true }));
  });

  it('opens everyone else on every open case, whatever department they belong to', () => {
    expect(defaultFilters({ role: 'supervisor', departmentCode: 'service' })).toEqual(filters({ open: true }));
    expect(defaultFilters({ role: 'agent', departmentCode: null })).toEqual(filters({ open: true }));
  });
});

describe('builtInViews', () => {
  it("offers 待我部门处理 to people with a department, and 已超时 and 全部未结案 to everyone", () => {
    expect(builtInViews({ departmentCode: 'service' }).map((v) => v.id)).toEqual(['myDepartment', 'overdue', 'allOpen']);
    expect(builtInViews({ departmentCode: null }).map((v) => v.id)).toEqual(['overdue', 'allOpen']);
    expect(builtInViews({ departmentCode: 'logistics' })[0]!.filters).toEqual(filters({ waitingOn: 'logistics', open: true }));
    expect(builtInViews({ departmentCode: null })[0]!.filters).toEqual(filters({ overdue: true, open: true }));
  });
});

describe('sameFilters', () => {
  it('ignores the order statuses were picked in and spaces around the search', () => {
    expect(sameFilters(filters({ status: ['queried', 'closed'], q: 'x ' }), filters({ status: ['closed', 'queried'], q: 'x' }))).toBe(true);
    expect(sameFilters(filters({ open: true }), filters({ open: false }))).toBe(false);
  });
});

describe('readFilters', () => {
  it('fills in filters a view saved before they existed, and refuses what is no filter set', () => {
    expect(readFilters({ waitingOn: 'logistics' })).toEqual(filters({ waitingOn: 'logistics' }));
    expect(readFilters({ status: ['no_such_status'] })).toBeNull();
    expect(readFilters('overdue')).toBeNull();
  });
});

describe('activeFilterCount', () => {
  it('counts each filter that is on once', () => {
    expect(activeFilterCount(NO_FILTERS)).toBe(0);
    expect(activeFilterCount(filters({ status: ['closed', 'queried'], open: true, q: 'x', openedFrom: '2026-01-01' }))).toBe(4);
  });
});
