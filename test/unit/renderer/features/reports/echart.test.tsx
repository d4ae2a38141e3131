// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { getInstanceByDom } from 'echarts/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EChart } from '../../../../../renderer/src/features/reports/echart';
import type { ReportChartOption } from '../../../../../renderer/src/features/reports/report-charts';

const bars = (labels: string[], counts: number[]): ReportChartOption => ({
  animation: false,
  xAxis: { type: 'value', minInterval: 1 },
  yAxis: { type: 'category', data: labels },
  series: [{ type: 'bar', data: counts }],
});

const labelsDrawn = (box: Element) => [...box.querySelectorAll('svg text')].map((text) => text.textContent);

beforeEach(() => {
  // jsdom lays nothing out: give the box a size, as a page would, so ECharts draws into it.
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(400);
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(200);
  // And no canvas to measure text with: ZRender estimates instead (jsdom would log "not implemented").
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('EChart', () => {
  it('draws its option as SVG inside a box named for assistive technology', () => {
    const { getByRole } = render(<EChart option={bars(['品质', '价格'], [3, 1])} label="按投诉内容：品质 3 件，价格 1 件" height={200} />);
    const box = getByRole('img', { name: '按投诉内容：品质 3 件，价格 1 件' });
    expect(box.style.height).toBe('200px');
    expect(labelsDrawn(box)).toEqual(expect.arrayContaining(['品质', '价格']));
  });

  it('replaces what it draws when the option changes, leaving nothing of the old one', () => {
    const { getByRole, rerender } = render(<EChart option={bars(['品质', '价格'], [3, 1])} label="a" height={200} />);
    const box = getByRole('img');
    const chart = getInstanceByDom(box);
    rerender(<EChart option={bars(['运输'], [2])} label="b" height={200} />);
    expect(getInstanceByDom(box)).toBe(chart);
    expect(labelsDrawn(box)).toContain('运输');
    expect(labelsDrawn(box)).not.toContain('品质');
    expect(box.getAttribute('aria-label')).toBe('b');
  });

  it('disposes of its chart when it leaves the page', () => {
    const { getByRole, unmount } = render(<EChart option={bars(['品质'], [3])} label="a" height={200} />);
    const box = getByRole('img');
    const chart = getInstanceByDom(box)!;
    expect(chart.isDisposed()).toBeFalsy();
    unmount();
    expect(chart.isDisposed()).toBe(true);
    expect(getInstanceByDom(box)).toBeUndefined();
  });

  it('draws without a ResizeObserver, as outside a browser', () => {
    // jsdom has none; say so explicitly, so this holds even if a later jsdom adds one.
    vi.stubGlobal('ResizeObserver', undefined);
    try {
      const { getByRole } = render(<EChart option={bars(['品质'], [3])} label="a" height={200} />);
      expect(labelsDrawn(getByRole('img'))).toContain('品质');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('resizes the chart when its box changes size', () => {
    const observers: { callback: ResizeObserverCallback; observed: Element[] }[] = [];
    vi.stubGlobal(
      'ResizeObserver',
      class {
        observed: Element[] = [];
        constructor(callback: ResizeObserverCallback) {
          observers.push({ callback, observed: this.observed });
        }
        observe(element: Element) {
          this.observed.push(element);
        }
        unobserve() {}
        disconnect() {
          this.observed.length = 0;
        }
      },
    );
    try {
      const { getByRole, unmount } = render(<EChart option={bars(['品质'], [3])} label="a" height={200} />);
      const box = getByRole('img');
      const chart = getInstanceByDom(box)!;
      expect(observers.map((o) => o.observed)).toEqual([[box]]);
      vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(640);
      observers[0]!.callback([], {} as ResizeObserver);
      expect(chart.getWidth()).toBe(640);
      unmount();
      // Nothing is left watching the box once the chart is gone.
      expect(observers[0]!.observed).toEqual([]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
