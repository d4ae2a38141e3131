import { describe, expect, it } from 'vitest';
import {
  instantText,
  localToday,
  percentText,
  periodProblem,
  presetOf,
  presetPeriod,
  reportFileName,
  reportSections,
} from '../../../../../renderer/src/features/reports/report-model';
import { complaintReport, emptyReport } from './report-fixture';

describe('report presets', () => {
  // Built from local fields, so the test means the same in any time zone the machine has.
  const clock = (year: number, month: number, day: number, hour = 9) => new Date(year, month - 1, day, hour, 30);

  it('reads today from the PC calendar, including just before midnight', () => {
    expect(localToday(clock(2026, 3, 15))).toBe('2026-03-15');
    expect(localToday(clock(2026, 12, 31, 23))).toBe('2026-12-31');
    expect(localToday(clock(2026, 1, 1, 0))).toBe('2026-01-01');
  });

  it('makes this month, this quarter and this year run from their first day to today', () => {
    const today = localToday(clock(2026, 5, 20));
    expect(presetPeriod('thisMonth', today)).toEqual({ from: '2026-05-01', to: '2026-05-20' });
    expect(presetPeriod('thisQuarter', today)).toEqual({ from: '2026-04-01', to: '2026-05-20' });
    expect(presetPeriod('thisYear', today)).toEqual({ from: '2026-01-01', to: '2026-05-20' });
  });

  it('makes last month the whole of it, whatever its length', () => {
    expect(presetPeriod('lastMonth', '2026-05-20')).toEqual({ from: '2026-04-01', to: '2026-04-30' });
    expect(presetPeriod('lastMonth', '2026-03-31')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetPeriod('lastMonth', '2028-03-01')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(presetPeriod('lastMonth', '2026-08-10')).toEqual({ from: '2026-07-01', to: '2026-07-31' });
  });

  it('makes last month of January the December before', () => {
    expect(presetPeriod('lastMonth', '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('starts each quarter on its first month', () => {
    const quarterStart = (today: string) => presetPeriod('thisQuarter', today).from;
    expect(['2026-01-01', '2026-02-14', '2026-03-31'].map(quarterStart)).toEqual(['2026-01-01', '2026-01-01', '2026-01-01']);
    expect(['2026-04-01', '2026-06-30'].map(quarterStart)).toEqual(['2026-04-01', '2026-04-01']);
    expect(['2026-07-01', '2026-09-30'].map(quarterStart)).toEqual(['2026-07-01', '2026-07-01']);
    expect(['2026-10-01', '2026-12-31'].map(quarterStart)).toEqual(['2026-10-01', '2026-10-01']);
  });

  it('tells which preset a period is, if any', () => {
    expect(presetOf({ from: '2026-02-01', to: '2026-02-28' }, '2026-03-15')).toBe('lastMonth');
    expect(presetOf({ from: '2026-03-01', to: '2026-03-15' }, '2026-03-15')).toBe('thisMonth');
    expect(presetOf({ from: '2026-03-02', to: '2026-03-15' }, '2026-03-15')).toBeNull();
  });
});

describe('periodProblem', () => {
  it('accepts a period of one day and a period across years', () => {
    expect(periodProblem({ from: '2026-03-15', to: '2026-03-15' })).toBeNull();
    expect(periodProblem({ from: '2025-12-31', to: '2026-01-01' })).toBeNull();
  });

  it('refuses a start after the end', () => {
    expect(periodProblem({ from: '2026-03-16', to: '2026-03-15' })).toBe('order');
    expect(periodProblem({ from: '2027-01-01', to: '2026-12-31' })).toBe('order');
  });

  it('refuses an empty date and one that is no day', () => {
    expect(periodProblem({ from: '', to: '2026-03-15' })).toBe('missing');
    expect(periodProblem({ from: '2026-03-01', to: '' })).toBe('missing');
    expect(periodProblem({ from: '2026-02-30', to: '2026-03-15' })).toBe('invalid');
    expect(periodProblem({ from: '2026-3-1', to: '2026-03-15' })).toBe('invalid');
    expect(periodProblem({ from: '2026-03-01', to: '2026-13-01' })).toBe('invalid');
  });
});

describe('reportSections', () => {
  const byId = (report = complaintReport()) => Object.fromEntries(reportSections(report).map((s) => [s.id, s]));
  const cells = (report = complaintReport()) =>
    Object.fromEntries(reportSections(report).map((s) => [s.id, s.rows.map((r) => [r.key, r.count, r.share === null ? null : percentText(r.share)])]));

  it('lays out the six tables in the order the complaint section reports them', () => {
    expect(reportSections(complaintReport()).map((s) => s.id)).toEqual([
      'received',
      'byContent',
      'byResponsibility',
      'companyByDepartment',
      'byStatus',
      'byLevel',
    ]);
  });

  it('gives every channel, the total and the three intake figures, with shares of the complaints received', () => {
    expect(cells().received).toEqual([
      ['letter', 1, '10.0%'],
      ['phone', 4, '40.0%'],
      ['visit', 2, '20.0%'],
      ['sales_rep', 1, '10.0%'],
      ['department', 1, '10.0%'],
      ['authority', 0, '0.0%'],
      ['other', 1, '10.0%'],
      ['total', 10, '100.0%'],
      ['handledAtOnce', 3, '30.0%'],
      ['passedToField', 2, '20.0%'],
      // Visits are no share of complaints: one complaint may have several.
      ['onSiteVisits', 5, null],
    ]);
  });

  it('gives each breakdown its items, a total, and status the overdue count as a share of all received', () => {
    const all = cells();
    expect(all.byContent).toEqual([
      ['quality', 3, '30.0%'],
      ['price', 1, '10.0%'],
      ['sales', 1, '10.0%'],
      ['transport', 2, '20.0%'],
      ['staff', 0, '0.0%'],
      ['service', 1, '10.0%'],
      ['unclassified', 2, '20.0%'],
      ['total', 10, '100.0%'],
    ]);
    expect(all.byResponsibility).toEqual([
      ['dealer', 2, '20.0%'],
      ['user', 1, '10.0%'],
      ['company', 4, '40.0%'],
      ['undetermined', 3, '30.0%'],
      ['total', 10, '100.0%'],
    ]);
    expect(all.byStatus).toEqual([
      ['done', 4, '40.0%'],
      ['in_progress', 3, '30.0%'],
      ['not_handled', 2, '20.0%'],
      ['tracking', 1, '10.0%'],
      ['total', 10, '100.0%'],
      ['overdue', 2, '20.0%'],
    ]);
    expect(all.byLevel).toEqual([
      ['service', 7, '70.0%'],
      ['superior', 2, '20.0%'],
      ['leadership', 1, '10.0%'],
      ['total', 10, '100.0%'],
    ]);
  });

  it('gives the company departments shares of the company-attributable complaints, not of all', () => {
    const section = byId().companyByDepartment!;
    expect(section.base).toBe('company');
    expect(cells().companyByDepartment).toEqual([
      ['production', 1, '25.0%'],
      ['qc', 1, '25.0%'],
      ['sales', 0, '0.0%'],
      ['transport', 1, '25.0%'],
      ['service', 0, '0.0%'],
      ['other', 1, '25.0%'],
      ['total', 4, '100.0%'],
    ]);
  });

  it('gives no share at all when nothing was received, rather than dividing by zero', () => {
    for (const section of reportSections(emptyReport())) {
      for (const row of section.rows) expect(row, `${section.id} ${row.key}`).toMatchObject({ count: 0, share: null });
    }
  });

  it('rounds shares to one decimal', () => {
    expect(percentText(1 / 3)).toBe('33.3%');
    expect(percentText(2 / 3)).toBe('66.7%');
    expect(percentText(0.0005)).toBe('0.1%');
    expect(percentText(null)).toBe('');
  });
});

describe('report texts without words', () => {
  it('shows when the hub counted in the center time zone, to the second', () => {
    expect(instantText('2026-03-15T02:05:09.000Z', 'Asia/Shanghai')).toBe('2026-03-15 10:05:09');
    expect(instantText('2026-03-14T16:00:00.000Z', 'Asia/Shanghai')).toBe('2026-03-15 00:00:00');
    expect(instantText('2026-03-15T02:05:09.000Z', 'UTC')).toBe('2026-03-15 02:05:09');
  });

  it('keeps the hub text of the time when the time zone is unknown here', () => {
    expect(instantText('2026-03-15T02:05:09.000Z', 'Not/AZone')).toBe('2026-03-15T02:05:09.000Z');
  });

  it('names a file for its period', () => {
    expect(reportFileName('投诉统计', { from: '2026-03-01', to: '2026-03-15' }, 'csv')).toBe('投诉统计_2026-03-01_2026-03-15.csv');
    expect(reportFileName('投诉统计', { from: '2026-01-01', to: '2026-12-31' }, 'xlsx')).toBe('投诉统计_2026-01-01_2026-12-31.xlsx');
  });
});
