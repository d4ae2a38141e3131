import { beforeAll, describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { agentChartOption, agentChartSummary, satisfactionChartOption, satisfactionChartSummary } from '../../../../../renderer/src/features/reports/callback-report-charts';
import {
  agentRows,
  figureOrder,
  figureText,
  isEmptyReport,
  rateText,
  satisfactionByDay,
  typeRows,
} from '../../../../../renderer/src/features/reports/callback-report-model';
import { i18n, initI18n } from '../../../../../renderer/src/i18n';
import { callbackReport } from './callback-report-fixture';

let t: TFunction;

beforeAll(async () => {
  await initI18n('zh-CN');
  t = i18n.getFixedT('zh-CN');
});

const ZERO = { due: 0, done: 0, overdue: 0, attempted: 0, reached: 0, reachRate: null, surveyed: 0, satisfied: 0, satisfactionRate: null };

describe('callback report model', () => {
  it('shows a rate to one decimal, and a dash (never 0 %) when there was nothing to divide by', () => {
    expect(rateText(2 / 3)).toBe('66.7%');
    expect(rateText(1)).toBe('100.0%');
    expect(rateText(0)).toBe('0.0%');
    expect(rateText(null)).toBe('—');
  });

  it('turns the types into rows in 售前 / 售后 / 投诉 order with the total last and the right rates', () => {
    const rows = typeRows(callbackReport());
    expect(rows.map((row) => row.key)).toEqual(['pre_sales', 'after_sales', 'complaint', 'total']);
    expect(rows.map((row) => [figureText(row, 'reachRate'), figureText(row, 'satisfactionRate')])).toEqual([
      ['50.0%', '—'],
      ['66.7%', '—'],
      ['75.0%', '66.7%'],
      ['66.7%', '66.7%'],
    ]);
    expect(figureText(rows[3]!, 'due')).toBe('10');
  });

  it('names each agent by display name and puts the pool last, whatever order the hub listed them in', () => {
    const rows = agentRows(callbackReport());
    expect(rows.map((row) => row.who)).toEqual([
      { kind: 'agent', username: 'callback1', name: '赵回访' },
      { kind: 'agent', username: 'callback2', name: '钱回访' },
      { kind: 'pool' },
    ]);
    expect(rows.map((row) => row.key)).toEqual(['callback1', 'callback2', '']);
    expect(rows.map((row) => figureText(row, 'reachRate'))).toEqual(['80.0%', '50.0%', '—']);
  });

  it('falls back to the username when an agent has no display name', () => {
    const report = callbackReport({ byAgent: [{ username: 'callback9', displayName: null, ...ZERO }] });
    expect(agentRows(report)[0]!.who).toEqual({ kind: 'agent', username: 'callback9', name: 'callback9' });
  });

  it('sorts a rate with no denominator below a real 0 %', () => {
    const [zhao, qian, pool] = agentRows(callbackReport());
    expect(figureOrder(qian!, 'satisfactionRate')).toBe(0);
    expect(figureOrder(pool!, 'satisfactionRate')).toBeLessThan(figureOrder(qian!, 'satisfactionRate'));
    expect(figureOrder(zhao!, 'done')).toBe(4);
  });

  it('leaves a day without a survey without a rate rather than at 0', () => {
    const days = satisfactionByDay(callbackReport());
    expect(days.find((d) => d.date === '2026-03-02')).toEqual({ date: '2026-03-02', surveyed: 2, satisfied: 2, rate: 1 });
    expect(days.find((d) => d.date === '2026-03-05')!.rate).toBe(0);
    expect(days.find((d) => d.date === '2026-03-03')!.rate).toBeNull();
  });

  it('calls a period with no task, attempt or survey empty, and one with any of them not', () => {
    const empty = callbackReport({ totals: ZERO, byAgent: [] });
    expect(isEmptyReport(empty)).toBe(true);
    expect(isEmptyReport(callbackReport())).toBe(false);
    expect(isEmptyReport({ ...empty, totals: { ...ZERO, attempted: 1 } })).toBe(false);
  });
});

describe('callback report charts', () => {
  it('draws done and overdue per agent in the table order, the pool named 任务池', () => {
    const option = agentChartOption(t, callbackReport());
    expect(option.yAxis).toMatchObject({ data: ['赵回访', '钱回访', '任务池'] });
    expect(option.series).toEqual([
      expect.objectContaining({ type: 'bar', name: '已完成', data: [4, 2, 0] }),
      expect.objectContaining({ type: 'bar', name: '超时', data: [0, 1, 1] }),
    ]);
  });

  it('gives the agent chart a name that carries every figure drawn', () => {
    expect(agentChartSummary(t, callbackReport())).toBe(
      '回访专员完成与超时（柱状图）：赵回访 已完成 4 件，超时 0 件；钱回访 已完成 2 件，超时 1 件；任务池 已完成 0 件，超时 1 件',
    );
  });

  it('leaves gaps in the satisfaction line on days without a survey, in percent elsewhere', () => {
    const option = satisfactionChartOption(t, callbackReport());
    const [series] = option.series as { data: (number | null)[]; connectNulls: boolean }[];
    expect(series!.data).toHaveLength(15);
    expect(series!.data.slice(0, 6)).toEqual([null, 100, null, null, 0, null]);
    expect(series!.connectNulls).toBe(false);
  });

  it('names the satisfaction chart with each surveyed day and counts the days without one', () => {
    expect(satisfactionChartSummary(t, callbackReport())).toBe(
      '每日满意率（折线图）：2026-03-02 100.0%（2/2）；2026-03-05 0.0%（0/1）；其余 13 天无调查',
    );
    const none = callbackReport({ byDay: [{ date: '2026-03-01', surveyed: 0, satisfied: 0, done: 0 }] });
    expect(satisfactionChartSummary(t, none)).toBe('每日满意率（折线图）：周期内没有满意度调查');
  });
});
