import { MAX_BUCKETS, MAX_HOUR_RANGE_DAYS, dateOfDay, type DashboardBucket, type DashboardDto, type QaDecisionsDto } from '@shared/api/dashboard.js';
import type { CountedFigures, QaOutcome } from './counts.js';

/**
 * The over-time charts' buckets from the counters: days and weeks from the totals' day series, hours from
 * dash_hours over at most MAX_HOUR_RANGE_DAYS days. Everything is UTC; a week starts on Monday.
 */

/** Days, both included. */
export interface DayWindow { start: number; end: number; clipped: boolean }

/** Monday of a day's week (day 0, 1970-01-01, was a Thursday). */
export const weekOf = (day: number) => day - ((((day + 3) % 7) + 7) % 7);
const hourName = (hour: number) => `${new Date(hour * 3_600_000).toISOString().slice(0, 13)}:00Z`;

/** Every day holding some activity in the totals' series. */
function activeDays(f: CountedFigures): number[] {
  const days = new Set<number>([...f.days.finalized.keys(), ...f.days.labeled.keys(), ...f.days.submitted.keys()]);
  for (const p of f.people.values()) for (const d of [...p.perDay.keys(), ...p.qaDays.keys()]) days.add(d);
  return [...days];
}

/**
 * The days the charts cover: the range, or first to last activity; in hours at most the latest
 * MAX_HOUR_RANGE_DAYS days of it, in days at most the latest MAX_BUCKETS. Null when nothing happened yet.
 */
export function seriesWindow(f: CountedFigures, bucket: DashboardBucket, range: { from: number; to: number } | null): DayWindow | null {
  let start: number;
  let end: number;
  if (range) ({ from: start, to: end } = range);
  else {
    const days = activeDays(f);
    if (!days.length) return null;
    start = Math.min(...days);
    end = Math.max(...days);
  }
  const most = bucket === 'hour' ? MAX_HOUR_RANGE_DAYS : bucket === 'day' ? MAX_BUCKETS : MAX_BUCKETS * 7;
  if (end - start + 1 <= most) return { start, end, clipped: false };
  return { start: bucket === 'week' ? weekOf(end - most + 7) : end - most + 1, end, clipped: true };
}

type PerPerson = Map<number, { labels: Record<string, number>; qa: Record<string, QaDecisionsDto> }>;
const OUTCOME: Record<QaOutcome, keyof QaDecisionsDto> = { a: 'accepted', s: 'sentBack', e: 'escalated' };

/**
 * The buckets, the cumulative rows over time, and each person's labels and QA decisions per bucket.
 * `hours`: dash_hours of the window (hour buckets only).
 */
export function buildSeries(f: CountedFigures, bucket: DashboardBucket, w: DayWindow, hours: Array<{ hour: number; k: string; n: number }>, trim: boolean) {
  // Each counted unit's bucket: a day's or an hour's number mapped to the bucket's index.
  const names: string[] = [];
  let indexOfDay: (day: number) => number;
  let firstHour = 0;
  if (bucket === 'hour') {
    firstHour = w.start * 24;
    for (let h = firstHour; h <= w.end * 24 + 23; h++) names.push(hourName(h));
    indexOfDay = () => -1;
  } else if (bucket === 'week') {
    const first = weekOf(w.start);
    for (let d = first; d <= w.end; d += 7) names.push(dateOfDay(d));
    indexOfDay = (day) => (day < w.start || day > w.end ? -1 : (weekOf(day) - first) / 7);
  } else {
    for (let d = w.start; d <= w.end; d++) names.push(dateOfDay(d));
    indexOfDay = (day) => (day < w.start || day > w.end ? -1 : day - w.start);
  }
  const n = names.length;
  const add = { f: new Float64Array(n), l: new Float64Array(n), s: new Float64Array(n) };
  // Rows with a label or a final before the window: where the cumulative curves start.
  const base = { f: 0, l: 0, s: 0 };
  for (const [k, m] of [['f', f.days.finalized], ['l', f.days.labeled], ['s', f.days.submitted]] as const) {
    for (const [day, v] of m) {
      if (day < w.start) base[k] += v;
      else if (bucket !== 'hour') { const i = indexOfDay(day); if (i >= 0) add[k][i] += v; }
    }
  }
  const people: PerPerson = new Map();
  const person = (u: number) => {
    let e = people.get(u);
    if (!e) people.set(u, (e = { labels: {}, qa: {} }));
    return e;
  };
  const bumpQa = (u: number, i: number, o: QaOutcome, v: number) => {
    const q = person(u).qa;
    const e = (q[names[i]] ??= { accepted: 0, sentBack: 0, escalated: 0 });
    e[OUTCOME[o]] += v;
  };
  if (bucket === 'hour') {
    for (const { hour, k, n: v } of hours) {
      const i = hour - firstHour;
      if (i < 0 || i >= n || v === 0) continue;
      const p = k.split('\t');
      if (p[0] === 's' || p[0] === 'l' || p[0] === 'f') add[p[0]][i] += v;
      else if (p[0] === 'u') { const l = person(Number(p[1])).labels; l[names[i]] = (l[names[i]] ?? 0) + v; }
      else if (p[0] === 'r') bumpQa(Number(p[1]), i, p[2] as QaOutcome, v);
    }
  } else {
    for (const [u, p] of f.people) {
      for (const [day, v] of p.perDay) {
        const i = indexOfDay(day);
        if (i >= 0 && v) { const l = person(u).labels; l[names[i]] = (l[names[i]] ?? 0) + v; }
      }
      for (const [day, qd] of p.qaDays) {
        const i = indexOfDay(day);
        if (i >= 0) for (const o of ['a', 's', 'e'] as const) if (qd[o]) bumpQa(u, i, o, qd[o]);
      }
    }
  }

  // All time in hours: from the first busy hour to the last, not from midnight to midnight.
  let lo = 0;
  let hi = n - 1;
  if (trim) {
    const busy = (i: number) => add.f[i] || add.l[i] || add.s[i] || [...people.values()].some((p) => p.labels[names[i]] || p.qa[names[i]]);
    while (lo < hi && !busy(lo)) lo++;
    while (hi > lo && !busy(hi)) hi--;
  }
  const overTime: DashboardDto['overTime'] = [];
  let { f: cf, l: cl, s: cs } = base;
  for (let i = 0; i <= hi; i++) {
    cf += add.f[i]; cl += add.l[i]; cs += add.s[i];
    if (i >= lo) overTime.push({ start: names[i], finalized: cf, labeled: cl, submitted: cs });
  }
  return { buckets: names.slice(lo, hi + 1), overTime, people };
}

/** A person's QA decisions over the window: all time, or the range's days. */
export function qaTotals(qaDays: Map<number, Record<QaOutcome, number>>, range: { from: number; to: number } | null) {
  const t = { s: 0, e: 0 };
  for (const [day, qd] of qaDays) {
    if (range && (day < range.from || day > range.to)) continue;
    t.s += qd.s;
    t.e += qd.e;
  }
  return t;
}
