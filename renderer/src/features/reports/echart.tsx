import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use as registerEChartsParts, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { CallChartOption } from './call-report-charts';
import type { CallbackChartOption } from './callback-report-charts';
import type { ReportChartOption } from './report-charts';

// Only what the reports draw, so the rest of ECharts stays out of the bundle. SVG rather than
// canvas: crisp at any zoom, and the page's text stays text.
registerEChartsParts([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface EChartProps {
  option: ReportChartOption | CallbackChartOption | CallChartOption;
  /** The chart's accessible name, with its figures: the drawing itself is hidden from assistive technology. */
  label: string;
  height: number;
}

/**
 * One ECharts instance for the life of the element: created on mount, given each new option whole
 * (`notMerge`, so a series left out is gone), resized with its box, disposed on unmount.
 */
export function EChart({ option, label, height }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = init(element, null, { renderer: 'svg' });
    chart.current = instance;
    // Absent outside browsers (jsdom): the chart then keeps the size it started with.
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => instance.resize());
    observer?.observe(element);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
