import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render } from '@testing-library/react';
import * as echarts from 'echarts/core';
import type { PersonStatsDto } from '@shared/api/dashboard';
import { ConfusionChart, QaChart, ThroughputChart, bucketLabel, confusionTooltip, qaTooltip } from './Charts';

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
    expect(html).toBe('labeler 1: &lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;<br/>labeler 2: b&amp;c<br/>2 rows · click to list them');
  });

  it('writes no element from a label value into the rendered confusion tooltip', () => {
    const { container } = render(<ConfusionChart data={{ questionId: 'q', labels: [XSS, 'ok'], matrix: [[3, 1, 0], [0, 2, 0], [0, 0, 0]] }} />);
    const chart = showTip(container, { seriesIndex: 0, dataIndex: 0 });
    expect(chart.querySelector('img')).toBeNull();
    expect(chart.textContent).toContain(XSS);
  });

  const person: PersonStatsDto = {
    userId: 1, name: XSS, labels: 3, qa: 2, sentBack: 1, escalated: 0, resolved: 3, activeHours: 1, perBucket: { '2026-11-22': 3 },
    qaPerBucket: { '2026-11-22': { accepted: 2, sentBack: 1, escalated: 0 } }, agreementWithFinal: null, keptByQa: null,
  };

  it('keeps people\'s names text in the axis tooltip', () => {
    const { container } = render(<ThroughputChart people={[person]} buckets={['2026-11-22']} bucket="day" />);
    const chart = showTip(container, { seriesIndex: 0, dataIndex: 0 });
    expect(chart.querySelector('img')).toBeNull();
    expect(chart.textContent).toContain(XSS);
  });

  it('breaks a reviewer\'s QA decisions down in the tooltip, the name escaped', () => {
    const html = qaTooltip([person], 'day')([{ seriesIndex: 0, name: '2026-11-22', marker: '<span class="m"></span>' }]);
    expect(html).toBe(`2026-11-22<br/><span class="m"></span>${'&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;'}: 3 (2 accepted, 1 sent back, 0 escalated)`);
    const { container } = render(<QaChart people={[person]} buckets={['2026-11-22']} bucket="day" />);
    const chart = showTip(container, { seriesIndex: 0, dataIndex: 0 });
    expect(chart.querySelector('img')).toBeNull();
    expect(chart.textContent).toContain(`${XSS}: 3 (2 accepted, 1 sent back, 0 escalated)`);
  });

  it('names buckets by hour, day and week', () => {
    expect(bucketLabel('2026-11-22T09:00Z', 'hour')).toBe('11-22 09:00');
    expect(bucketLabel('2026-11-22', 'day')).toBe('2026-11-22');
    expect(bucketLabel('2026-11-16', 'week')).toBe('week of 2026-11-16');
  });

  it('reports a click on a confusion cell as labeler 1\'s and labeler 2\'s label indexes', () => {
    const onCell = vi.fn();
    const { container } = render(<ConfusionChart data={{ questionId: 'q', labels: ['a', 'b', '(none)'], matrix: [[3, 1, 0], [0, 2, 0], [0, 0, 0]] }} onCell={onCell} />);
    const chart = echarts.getInstanceByDom(container.querySelector('.chart') as HTMLDivElement)!;
    // The heatmap's items are [labeler 2's index, labeler 1's index, n]: the first row's second cell is item 1.
    act(() => { (chart as unknown as { trigger(e: string, p: unknown): void }).trigger('click', { value: [1, 0, 1] }); });
    expect(onCell).toHaveBeenCalledWith(0, 1);
  });
});
