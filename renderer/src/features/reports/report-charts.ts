import type { TFunction } from 'i18next';
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { percentText, type ReportSection, type ReportSectionId } from './report-model';
import { rowLabel, sectionTitle } from './report-text';

/*
 * What each section's chart shows, as an ECharts option built from the same rows as its table. Pure,
 * so the options are tested without a canvas; echart.tsx only hands them to ECharts.
 */

export type ReportChartOption = ComposeOption<BarSeriesOption | PieSeriesOption | GridComponentOption | TooltipComponentOption>;

/** Parts of a whole with few parts read best as a pie; the longer lists as bars, labels readable. */
const PIE_SECTIONS: ReadonlySet<ReportSectionId> = new Set<ReportSectionId>(['byResponsibility', 'byStatus']);

export interface ChartPoint {
  label: string;
  count: number;
  share: number | null;
}

/** The charted points of a section: its items, never the total or the measures beside them. */
export function chartPoints(t: TFunction, section: ReportSection): ChartPoint[] {
  return section.rows.filter((row) => row.kind === 'item').map((row) => ({ label: rowLabel(t, section.id, row), count: row.count, share: row.share }));
}

export function chartKind(section: Pick<ReportSection, 'id'>): 'bar' | 'pie' {
  return PIE_SECTIONS.has(section.id) ? 'pie' : 'bar';
}

export function chartOption(t: TFunction, section: ReportSection): ReportChartOption {
  const points = chartPoints(t, section);
  const tooltip: TooltipComponentOption = { trigger: chartKind(section) === 'pie' ? 'item' : 'axis', confine: true };
  if (chartKind(section) === 'pie') {
    return {
      // The chart only repeats the table beside it: no motion to wait for on every new period.
      animation: false,
      tooltip,
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          // A zero slice is no slice, only a label piled on its neighbours; the table lists the zeros.
          data: points.filter((p) => p.count > 0).map((p) => ({ name: p.label, value: p.count })),
          label: { formatter: '{b}: {c}' },
        },
      ],
    };
  }
  return {
    animation: false,
    tooltip,
    grid: { left: 8, right: 40, top: 8, bottom: 8 },
    xAxis: { type: 'value', minInterval: 1 },
    // Top to bottom in the table's order.
    yAxis: { type: 'category', inverse: true, data: points.map((p) => p.label) },
    series: [{ type: 'bar', data: points.map((p) => p.count), label: { show: true, position: 'right' }, barMaxWidth: 24 }],
  };
}

/**
 * The chart's accessible name: what it shows and each of its figures, so that a screen reader
 * hears the same as the eye sees (the table beside it says it too).
 */
export function chartSummary(t: TFunction, section: ReportSection): string {
  const points = chartPoints(t, section);
  const items = points.map((p) =>
    p.share === null ? t('reports.chart.itemNoShare', { label: p.label, count: p.count }) : t('reports.chart.item', { label: p.label, count: p.count, share: percentText(p.share) }),
  );
  return t(chartKind(section) === 'pie' ? 'reports.chart.pie' : 'reports.chart.bar', {
    title: sectionTitle(t, section.id),
    items: items.join(t('reports.chart.separator')),
  });
}
