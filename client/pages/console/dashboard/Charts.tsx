import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption, VisualMapComponentOption } from 'echarts/components';
import type { ConfusionDto, DashboardBucket, DashboardDto, PersonStatsDto, QuestionAgreementDto } from '@shared/api/dashboard';
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

/** A bucket's name on an axis: `11-22 09:00` for an hour, the date for a day, `week of …` for a week. */
export function bucketLabel(start: string, bucket: DashboardBucket): string {
  if (bucket === 'hour') return `${start.slice(5, 10)} ${start.slice(11, 16)}`;
  return bucket === 'week' ? `week of ${start}` : start;
}

/** One echarts instance on a canvas, resized with its box and disposed with the component; `onClick` gets clicks on data items. */
export function EChart({ option, height = 260, label, onClick }: { option: Option; height?: number; label: string; onClick?: (p: unknown) => void }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, null, { renderer: 'canvas' });
    c.on('click', (p) => click.current?.(p));
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

export function OverTimeChart({ data, bucket }: { data: DashboardDto['overTime']; bucket: DashboardBucket }) {
  return (
    <EChart
      label="Rows by state over time"
      option={{
        ...SERIES_FRAME,
        xAxis: { type: 'category', data: data.map((d) => d.start), ...AXIS, axisLabel: { ...AXIS.axisLabel, formatter: (v: string) => bucketLabel(v, bucket) } },
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
    return `labeler 1: ${escapeHtml(labels[i])}<br/>labeler 2: ${escapeHtml(labels[j])}<br/>${n} row${n === 1 ? '' : 's'}${n ? ' · click to list them' : ''}`;
  };
}

/** `onCell(i, j)`: a click on the cell of labeler 1's labels[i] and labeler 2's labels[j]. */
export function ConfusionChart({ data, onCell }: { data: ConfusionDto; onCell?: (i: number, j: number) => void }) {
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
      onClick={(p) => {
        const [j, i] = (p as { value?: [number, number, number] }).value ?? [];
        if (i !== undefined && j !== undefined) onCell?.(i, j);
      }}
      option={{
        tooltip: { formatter: confusionTooltip(labels) },
        grid: { left: 90, right: 20, top: 10, bottom: 60 },
        xAxis: { type: 'category', data: labels, name: 'labeler 2', nameLocation: 'middle', nameGap: 30, splitArea: { show: true }, ...AXIS },
        yAxis: { type: 'category', data: labels, name: 'labeler 1', nameLocation: 'middle', nameGap: 70, inverse: true, splitArea: { show: true }, ...AXIS },
        visualMap: { min: 0, max: Math.max(1, max), calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, itemWidth: 10,
          inRange: { color: ['#f5f6ff', '#9aa3f5'] }, show: false },
        series: [{ type: 'heatmap', data: cells, cursor: 'pointer', label: { show: true, color: '#1b1f27' }, emphasis: { itemStyle: { borderColor: '#1b1f27', borderWidth: 1 } } }],
      }}
    />
  );
}

/** Per-bucket bars stacked by person over the dashboard's buckets. */
const bucketAxis = (buckets: string[], bucket: DashboardBucket) => ({
  type: 'category' as const, data: buckets, ...AXIS, axisLabel: { ...AXIS.axisLabel, formatter: (v: string) => bucketLabel(v, bucket) },
});

export function ThroughputChart({ people, buckets, bucket }: { people: PersonStatsDto[]; buckets: string[]; bucket: DashboardBucket }) {
  const labelers = people.filter((p) => p.labels > 0);
  return (
    <EChart
      label={`Labels per person per ${bucket}`}
      option={{
        ...SERIES_FRAME,
        legend: { ...SERIES_FRAME.legend, type: 'scroll' },
        xAxis: bucketAxis(buckets, bucket),
        yAxis: { type: 'value', minInterval: 1, ...AXIS },
        series: labelers.map((p) => ({ name: p.name, type: 'bar' as const, stack: 'labels', data: buckets.map((d) => p.perBucket[d] ?? 0), barMaxWidth: 36 })),
      }}
    />
  );
}

/**
 * A bucket's QA decisions, per reviewer with what they were. The names are other people's input and the
 * formatter's string is HTML: every name is escaped (the markers are ECharts' own).
 */
export function qaTooltip(reviewers: PersonStatsDto[], bucket: DashboardBucket) {
  return (ps: unknown) => {
    const items = ps as Array<{ seriesIndex: number; name: string; marker: string }>;
    if (!items.length) return '';
    const start = items[0].name;
    const lines = items.flatMap(({ seriesIndex, marker }) => {
      const d = reviewers[seriesIndex]?.qaPerBucket[start];
      if (!d) return [];
      const n = d.accepted + d.sentBack + d.escalated;
      return [`${marker}${escapeHtml(reviewers[seriesIndex].name)}: ${n} (${d.accepted} accepted, ${d.sentBack} sent back, ${d.escalated} escalated)`];
    });
    return [escapeHtml(bucketLabel(start, bucket)), ...(lines.length ? lines : ['no QA decision'])].join('<br/>');
  };
}

/** Rows each reviewer resolved per bucket (accepted, sent back or escalated), stacked, beside the labels per person. */
export function QaChart({ people, buckets, bucket }: { people: PersonStatsDto[]; buckets: string[]; bucket: DashboardBucket }) {
  const reviewers = people.filter((p) => p.resolved > 0);
  return (
    <EChart
      label={`QA decisions per reviewer per ${bucket}`}
      option={{
        ...SERIES_FRAME,
        tooltip: { trigger: 'axis', formatter: qaTooltip(reviewers, bucket) },
        legend: { ...SERIES_FRAME.legend, type: 'scroll' },
        xAxis: bucketAxis(buckets, bucket),
        yAxis: { type: 'value', minInterval: 1, name: 'rows resolved', ...AXIS },
        series: reviewers.map((p) => ({
          name: p.name, type: 'bar' as const, stack: 'qa', barMaxWidth: 36,
          data: buckets.map((d) => { const x = p.qaPerBucket[d]; return x ? x.accepted + x.sentBack + x.escalated : 0; }),
        })),
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
