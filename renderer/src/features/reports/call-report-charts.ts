import type { TFunction } from 'i18next';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { CallReport } from '../../../../shared/api/board';
import { dispositionRows, secondsText, type CallReportNames } from './call-report-model';
import { percentText } from './report-model';

/*
 * The call tab's charts as ECharts options, built from the same rows as its tables. Pure, so the
 * options and their spoken summaries are tested without drawing; echart.tsx draws them.
 */

export type CallChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** The dispositions as parts of the calls wrapped up; a code with no call is no slice. */
export function dispositionChartOption(report: CallReport, names: Pick<CallReportNames, 'noDisposition'>): CallChartOption {
  return {
    // The chart only repeats the table beside it: no motion to wait for on every new period.
    animation: false,
    tooltip: { trigger: 'item', confine: true },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        data: dispositionRows(report, names)
          .filter((row) => row.calls > 0)
          .map((row) => ({ name: row.name, value: row.calls })),
        label: { formatter: '{b}: {c}' },
      },
    ],
  };
}

export function dispositionChartSummary(t: TFunction, report: CallReport, names: Pick<CallReportNames, 'noDisposition'>): string {
  const rows = dispositionRows(report, names).filter((row) => row.calls > 0);
  const items = rows.map((row) => t('reports.calls.chart.dispositionItem', { name: row.name, calls: row.calls, share: percentText(row.share) }));
  return t('reports.calls.chart.dispositions', { items: items.length > 0 ? items.join(t('reports.calls.chart.separator')) : t('reports.calls.chart.none') });
}

/** Calls in, out and answered on each day of the period. */
export function dailyChartOption(t: TFunction, report: CallReport): CallChartOption {
  const line = (name: string, data: number[]): LineSeriesOption => ({ type: 'line', name, data, showSymbol: true });
  return {
    animation: false,
    tooltip: { trigger: 'axis', confine: true },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: report.byDay.map((day) => day.date) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      line(t('reports.calls.figures.callsIn'), report.byDay.map((day) => day.callsIn)),
      line(t('reports.calls.figures.callsOut'), report.byDay.map((day) => day.callsOut)),
      line(t('reports.calls.figures.answered'), report.byDay.map((day) => day.answered)),
    ],
  };
}

/** Every day with a call, with its figures; the quiet days are counted, not listed (a year has 365). */
export function dailyChartSummary(t: TFunction, report: CallReport): string {
  const busy = report.byDay.filter((day) => day.callsIn > 0 || day.callsOut > 0);
  if (busy.length === 0) return t('reports.calls.chart.daily', { items: t('reports.calls.chart.noCalls') });
  const items = busy.map((day) =>
    t('reports.calls.chart.dayItem', { date: day.date, callsIn: day.callsIn, callsOut: day.callsOut, answered: day.answered, handle: secondsText(day.avgHandleSeconds) }),
  );
  const quiet = report.byDay.length - busy.length;
  if (quiet > 0) items.push(t('reports.calls.chart.quietDays', { count: quiet }));
  return t('reports.calls.chart.daily', { items: items.join(t('reports.calls.chart.separator')) });
}
