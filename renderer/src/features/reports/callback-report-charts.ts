import type { TFunction } from 'i18next';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { CallbackReport } from '../../../../shared/api/callbacks';
import { agentName } from './callback-report-export';
import { agentRows, rateText, satisfactionByDay } from './callback-report-model';

/*
 * The callback tab's two charts as ECharts options, built from the same rows as its tables. Pure, so
 * the options and their spoken summaries are tested without drawing; echart.tsx draws them.
 */

export type CallbackChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** Done and overdue side by side for each person (and the pool), in the agent table's order. */
export function agentChartOption(t: TFunction, report: CallbackReport): CallbackChartOption {
  const rows = agentRows(report);
  const bar = (name: string, data: number[]): BarSeriesOption => ({ type: 'bar', name, data, label: { show: true, position: 'right' }, barMaxWidth: 16 });
  return {
    // The chart only repeats the table: no motion to wait for on every new period.
    animation: false,
    tooltip: { trigger: 'axis', confine: true },
    legend: { top: 0 },
    grid: { left: 8, right: 40, top: 32, bottom: 8 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: rows.map((row) => agentName(t, row)) },
    series: [bar(t('callbackReport.figures.done'), rows.map((row) => row.done)), bar(t('callbackReport.figures.overdue'), rows.map((row) => row.overdue))],
  };
}

export function agentChartHeight(report: CallbackReport): number {
  return Math.max(160, report.byAgent.length * 44 + 56);
}

export function agentChartSummary(t: TFunction, report: CallbackReport): string {
  const items = agentRows(report).map((row) => t('callbackReport.chart.agentItem', { name: agentName(t, row), done: row.done, overdue: row.overdue }));
  return t('callbackReport.chart.agents', { items: items.length > 0 ? items.join(t('callbackReport.chart.separator')) : t('callbackReport.chart.none') });
}

/**
 * The satisfaction rate of each day, in percent. A day without a survey is a gap (null), never 0:
 * the line is drawn only between days that had one, and a day standing alone still shows its dot.
 */
export function satisfactionChartOption(t: TFunction, report: CallbackReport): CallbackChartOption {
  const days = satisfactionByDay(report);
  return {
    animation: false,
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (value) => (typeof value === 'number' ? `${value}%` : '—') },
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: days.map((day) => day.date) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        type: 'line',
        name: t('callbackReport.figures.satisfactionRate'),
        data: days.map((day) => (day.rate === null ? null : Math.round(day.rate * 1000) / 10)),
        connectNulls: false,
        showSymbol: true,
        showAllSymbol: true,
      },
    ],
  };
}

/** Every day with a survey and its rate; the days without one are counted, not listed (a year has 365). */
export function satisfactionChartSummary(t: TFunction, report: CallbackReport): string {
  const days = satisfactionByDay(report);
  const surveyed = days.filter((day) => day.rate !== null);
  if (surveyed.length === 0) return t('callbackReport.chart.satisfaction', { items: t('callbackReport.chart.noSurveys') });
  const items = surveyed.map((day) => t('callbackReport.chart.dayItem', { date: day.date, rate: rateText(day.rate), satisfied: day.satisfied, surveyed: day.surveyed }));
  const others = days.length - surveyed.length;
  if (others > 0) items.push(t('callbackReport.chart.otherDays', { count: others }));
  return t('callbackReport.chart.satisfaction', { items: items.join(t('callbackReport.chart.separator')) });
}
