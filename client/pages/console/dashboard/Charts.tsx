import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption, VisualMapComponentOption } from 'echarts/components';
import type { ConfusionDto, DashboardDto, PersonStatsDto, QuestionAgreementDto } from '@shared/api/console';
import { escapeHtml } from './escape-html';

// Only the parts the dashboard draws: this whole module is the lazy dashboard chunk.
echarts.use([BarChart, HeatmapChart, LineChart, GridComponent, LegendComponent, TooltipComponent, VisualMapContinuousComponent, CanvasRenderer]);

type Option = ComposeOption<
  BarSeriesOption | HeatmapSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | VisualMapComponentOption
>;

const COLORS = ['#4f46e5', '#15803d', '#0b6bbf', '#e0902a', '#c2255c', '#0b7285', '#7048e8', '#5c940d'];
/** Tooltip, legend and margins of the charts that plot named series over a category axis. */
const SERIES_FRAME = { tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 48, right: 16, top: 36, bottom: 28 } } as const;
const AXIS = { axisLine: { lineStyle: { color: '#cfd3da' } }, axisLabel: { color: '#4b5262' }, splitLine: { lineStyle: { color: '#eceef2' } } };

/** One echarts instance on a canvas, resized with its box and disposed with the component. */
export function EChart({ option, height = 260, label }: { option: Option; height?: number; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, null, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ color: COLORS, animation: false, textStyle: { fontFamily: 'inherit' }, ...option }, true);
  }, [option]);
  return <div ref={el} className="chart" style={{ height }} role="img" aria-label={label} />;
}

export function OverTimeChart({ data }: { data: DashboardDto['overTime'] }) {
  return (
    <EChart
      label="Rows by state over time"
      option={{
        ...SERIES_FRAME,
        xAxis: { type: 'category', data: data.map((d) => d.day), ...AXIS },
        yAxis: { type: 'value', minInterval: 1, ...AXIS },
        // With a day or two of history a line is a dot; bars read better until the curve has a shape.
        series: ([['rows with a label', 'labeled'], ['submissions', 'submitted'], ['rows final', 'finalized']] as const).map(([name, key]) =>
          data.length < 3
            ? { name, type: 'bar' as const, data: data.map((d) => d[key]), barMaxWidth: 40 }
            : { name, type: 'line' as const, data: data.map((d) => d[key]), smooth: true, showSymbol: data.length < 40, areaStyle: key === 'submitted' ? undefined : { opacity: 0.14 } },
        ),
      }}
    />
  );
}

/** Grouped α and κ bars per question; degenerate statistics are left out of the bars (the table says n/a). */
export function AgreementChart({ data, isNa }: { data: QuestionAgreementDto[]; isNa: (q: QuestionAgreementDto, which: 'alpha' | 'kappa') => boolean }) {
  return (
    <EChart
      label="Agreement per question"
      option={{
        ...SERIES_FRAME,
        xAxis: { type: 'category', data: data.map((q) => `${q.questionId} (n=${q.rows})`), ...AXIS },
        yAxis: { type: 'value', min: (v: { min: number }) => Math.min(0, Math.floor(v.min * 10) / 10), max: 1, ...AXIS },
        series: [
          { name: 'Krippendorff α', type: 'bar', data: data.map((q) => (isNa(q, 'alpha') ? null : q.alpha)), barMaxWidth: 28 },
          { name: 'Cohen κ', type: 'bar', data: data.map((q) => (isNa(q, 'kappa') ? null : q.kappa)), barMaxWidth: 28 },
          { name: 'pairs agreeing', type: 'bar', data: data.map((q) => q.pairAgreeRate), barMaxWidth: 28 },
        ],
      }}
    />
  );
}

/**
 * The confusion cell's tooltip. A formatter's string is HTML (ECharts escapes only its own default
 * tooltips), and the labels are whatever values labelers chose: every one is escaped.
 */
export function confusionTooltip(labels: string[]) {
  return (p: unknown) => {
    const [j, i, n] = (p as { value: [number, number, number] }).value;
    return `labeler 1: ${escapeHtml(labels[i])}<br/>labeler 2: ${escapeHtml(labels[j])}<br/>${n} row${n === 1 ? '' : 's'}`;
  };
}

export function ConfusionChart({ data }: { data: ConfusionDto }) {
  const labels = [...data.labels, '(none)'].slice(0, data.matrix.length);
  const cells: [number, number, number][] = [];
  let max = 0;
  data.matrix.forEach((row, i) => row.forEach((v, j) => {
    cells.push([j, i, v]);
    max = Math.max(max, v);
  }));
  const size = Math.max(220, 44 * labels.length + 80);
  return (
    <EChart
      height={size}
      label={`Confusion matrix of ${data.questionId}`}
      option={{
        tooltip: { formatter: confusionTooltip(labels) },
        grid: { left: 90, right: 20, top: 10, bottom: 60 },
        xAxis: { type: 'category', data: labels, name: 'labeler 2', nameLocation: 'middle', nameGap: 30, splitArea: { show: true }, ...AXIS },
        yAxis: { type: 'category', data: labels, name: 'labeler 1', nameLocation: 'middle', nameGap: 70, inverse: true, splitArea: { show: true }, ...AXIS },
        visualMap: { min: 0, max: Math.max(1, max), calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, itemWidth: 10,
          inRange: { color: ['#f5f6ff', '#9aa3f5'] }, show: false },
        series: [{ type: 'heatmap', data: cells, label: { show: true, color: '#1b1f27' }, emphasis: { itemStyle: { borderColor: '#1b1f27', borderWidth: 1 } } }],
      }}
    />
  );
}

export function ThroughputChart({ people }: { people: PersonStatsDto[] }) {
  const days = [...new Set(people.flatMap((p) => Object.keys(p.perDay)))].sort();
  return (
    <EChart
      label="Labels per person per day"
      option={{
        ...SERIES_FRAME,
        legend: { ...SERIES_FRAME.legend, type: 'scroll' },
        xAxis: { type: 'category', data: days, ...AXIS },
        yAxis: { type: 'value', minInterval: 1, ...AXIS },
        series: people.map((p) => ({ name: p.name, type: 'bar' as const, stack: 'labels', data: days.map((d) => p.perDay[d] ?? 0), barMaxWidth: 36 })),
      }}
    />
  );
}

export function PeopleChart({ people }: { people: PersonStatsDto[] }) {
  return (
    <EChart
      label="Active hours, agreement with the final and share kept by QA per person"
      height={Math.max(220, people.length * 38 + 70)}
      option={{
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { top: 0 },
        grid: [{ left: 110, right: '55%', top: 36, bottom: 20 }, { left: '52%', right: 16, top: 36, bottom: 20 }],
        xAxis: [
          { type: 'value', gridIndex: 0, name: 'hours', ...AXIS },
          { type: 'value', gridIndex: 1, min: 0, max: 100, name: '%', ...AXIS },
        ],
        yAxis: [
          { type: 'category', gridIndex: 0, data: people.map((p) => p.name), inverse: true, ...AXIS },
          { type: 'category', gridIndex: 1, data: people.map((p) => p.name), inverse: true, axisLabel: { show: false }, axisLine: AXIS.axisLine },
        ],
        series: [
          { name: 'active hours', type: 'bar', xAxisIndex: 0, yAxisIndex: 0, data: people.map((p) => Number(p.activeHours.toFixed(2))), barMaxWidth: 16 },
          { name: 'agrees with final %', type: 'bar', xAxisIndex: 1, yAxisIndex: 1, data: people.map((p) => (p.agreementWithFinal === null ? null : Math.round(p.agreementWithFinal * 100))), barMaxWidth: 12 },
          { name: 'kept by QA %', type: 'bar', xAxisIndex: 1, yAxisIndex: 1, data: people.map((p) => (p.keptByQa === null ? null : Math.round(p.keptByQa * 100))), barMaxWidth: 12 },
        ],
      }}
    />
  );
}

export function PrelabelChart({ data }: { data: DashboardDto['prelabels'] }) {
  return (
    <EChart
      label="Prelabel acceptance per question"
      height={Math.max(160, data.length * 40 + 50)}
      option={{
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        grid: { left: 110, right: 40, top: 10, bottom: 28 },
        xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%', color: '#4b5262' }, splitLine: AXIS.splitLine },
        yAxis: { type: 'category', data: data.map((p) => p.questionId), inverse: true, ...AXIS },
        series: [{
          name: 'kept unchanged', type: 'bar', barMaxWidth: 18,
          data: data.map((p) => (p.rate === null ? null : Math.round(p.rate * 100))),
          label: { show: true, position: 'right', formatter: (x: unknown) => { const v = (x as { value: number | null }).value; return v === null ? 'n/a' : `${v}%`; } },
        }],
      }}
    />
  );
}
