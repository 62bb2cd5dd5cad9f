import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render } from '@testing-library/react';
import * as echarts from 'echarts/core';
import type { PersonStatsDto } from '@shared/api/console';
import { ConfusionChart, ThroughputChart, confusionTooltip } from './Charts';

/** Issue 12: label values and names are other people's input; in a tooltip they must stay text. */
const XSS = '<img src=x onerror="window.__xss=1">';

vi.stubGlobal('ResizeObserver', class { observe() {} disconnect() {} });
afterEach(cleanup);

// jsdom has no canvas and no layout: a 2D context that draws nothing and a fixed box are enough for
// ECharts to lay out and show tooltips.
function fakeContext(canvas: HTMLCanvasElement) {
  const state: Record<string | symbol, unknown> = { canvas };
  return new Proxy(state, {
    get: (t, k) => (k in t ? t[k] : k === 'measureText' ? (s: string) => ({ width: s.length * 7 }) : () => ({ addColorStop() {} })),
    set: (t, k, v) => { t[k] = v; return true; },
  });
}
beforeAll(() => {
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(300);
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
    return fakeContext(this) as unknown as CanvasRenderingContext2D;
  } as never);
});

/** Shows the chart's tooltip for one data item and returns the tooltip element ECharts wrote. */
function showTip(container: HTMLElement, at: { seriesIndex: number; dataIndex: number }) {
  const el = container.querySelector('.chart') as HTMLDivElement;
  const chart = echarts.getInstanceByDom(el)!;
  act(() => { chart.dispatchAction({ type: 'showTip', ...at }); });
  return el;
}

describe('dashboard charts', () => {
  it('escapes label values in the confusion tooltip', () => {
    const html = confusionTooltip([XSS, 'b&c'])({ value: [1, 0, 2] });
    expect(html).toBe('labeler 1: &lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;<br/>labeler 2: b&amp;c<br/>2 rows');
  });

  it('writes no element from a label value into the rendered confusion tooltip', () => {
    const { container } = render(<ConfusionChart data={{ questionId: 'q', labels: [XSS, 'ok'], matrix: [[3, 1, 0], [0, 2, 0], [0, 0, 0]] }} />);
    const chart = showTip(container, { seriesIndex: 0, dataIndex: 0 });
    expect(chart.querySelector('img')).toBeNull();
    expect(chart.textContent).toContain(XSS);
  });

  it('keeps people\'s names text in the axis tooltip', () => {
    const person: PersonStatsDto = { userId: 1, name: XSS, labels: 3, qa: 0, activeHours: 1, perDay: { '2026-11-22': 3 }, agreementWithFinal: null, keptByQa: null };
    const { container } = render(<ThroughputChart people={[person]} />);
    const chart = showTip(container, { seriesIndex: 0, dataIndex: 0 });
    expect(chart.querySelector('img')).toBeNull();
    expect(chart.textContent).toContain(XSS);
  });
});
