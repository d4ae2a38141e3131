import type { TFunction } from 'i18next';
import type { LineSeriesOption } from 'echarts/charts';
import type { QaFigures } from '../../../../shared/api/qa';
import type { CallChartOption } from './call-report-charts';
import { scoreText } from './qa-report-model';

/** The trend: the average score per period (left axis, 0–100) and how many evaluations it rests on (right axis). */
export function qaTrendOption(t: TFunction, figures: QaFigures): CallChartOption {
  const line = (name: string, data: (number | null)[], yAxisIndex: number): LineSeriesOption => ({ type: 'line', name, data, yAxisIndex, showSymbol: true, connectNulls: false });
  return {
    animation: false,
    tooltip: { trigger: 'axis', confine: true },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: figures.trend.map((point) => point.period) },
    yAxis: [
      { type: 'value', min: 0, max: 100 },
      { type: 'value', minInterval: 1 },
    ],
    series: [
      line(t('reports.qa.figures.averageScore'), figures.trend.map((point) => point.averageScore), 0),
      line(t('reports.qa.figures.evaluations'), figures.trend.map((point) => point.evaluations), 1),
    ],
  };
}

/** The chart's accessible name, with every period's figures. */
export function qaTrendSummary(t: TFunction, figures: QaFigures): string {
  const items = figures.trend.map((point) => t('reports.qa.chart.item', { period: point.period, score: scoreText(point.averageScore), count: point.evaluations }));
  return t('reports.qa.chart.trend', { items: items.length > 0 ? items.join(t('reports.calls.chart.separator')) : t('reports.qa.chart.none') });
}
