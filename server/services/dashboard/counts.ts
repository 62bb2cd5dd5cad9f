import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { ProjectRecord } from '../../repos/projects.js';
import type { ConfusionDto, DashboardDto, QuestionAgreementDto } from '@shared/api/dashboard.js';
import type { Deltas } from './deltas.js';
import {
  cohenKappaFromPairs, krippendorffAlphaFromPairs, percentAgreementFromPairs, type AlphaMetric, type AlphaValue, type PairCount,
} from '@shared/stats/index.js';
import { questionInterop } from '@shared/tasks/question-module.js';
import type { StatUnit } from '@shared/tasks/types.js';

/** The derived tables of migrations 2026-11-24T00 and 2026-11-25T00 (kept out of the shared DB types, which the workflow owns). */
export type DashTables = {
  answer_stats: {
    answer_id: number; project_id: number; row_id: number; round: number; user_id: number; slot: number;
    schema_key: string; units: string; canon: string; agree: string | null;
  };
  final_stats: { final_id: number; project_id: number; canon: string; kept: string };
  dash_state: {
    project_id: number; schema_key: string; answer_wm: number; answers_seen: number; final_wm: number; finals_seen: number;
    final_rows: number; final_rows_sum: number; event_wm: number; events_seen: number;
  };
  dash_rows: {
    row_id: number; project_id: number; first_label_at: number | null; first_final_at: number | null;
    a1: number | null; a2: number | null; pair_round: number | null; final_id: number | null;
  };
  dash_counts: { project_id: number; k: string; n: number };
  // Migration 2026-12-07T11: the same counters per day, the series per hour, each row's confusion cells, folded QA decisions.
  dash_days: { project_id: number; day: number; k: string; n: number };
  dash_hours: { project_id: number; hour: number; k: string; n: number };
  dash_cells: { row_id: number; project_id: number; qi: number; a: string; b: string; at: number };
  dash_events: { audit_id: number; project_id: number };
};

/**
 * Part of the key the totals hold for (with the schema's): raising it when what the folds count changes
 * makes every project's next read start its counters over. 2: per-day and per-hour counters, QA decisions.
 */
export const COUNTS_VERSION = 2;
/** The schema's own fingerprint inside a dashboard state's key (`<schema>#<COUNTS_VERSION>`): what a submit stores with a pair's agreement. */
export const schemaPartOf = (stateKey: string) => stateKey.split('#')[0];

/** A reviewer's decision on a row in QA: accepted (a final), sent back (a new round), escalated to the leads. */
export type QaOutcome = 'a' | 's' | 'e';

/** Per question: [metric, key0, value0, key1, value1, …] of the module's units. */
export type PackedUnits = Record<string, [string, ...Array<string | number>]>;

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
/** The SQL `created_at / 86400000` of the former aggregates (timestamps are positive, so truncation is floor). */
export const dayNumber = (ms: number) => Math.trunc(Number(ms) / DAY);
export const hourNumber = (ms: number) => Math.trunc(Number(ms) / HOUR);

// Counter keys: tab-separated, values JSON-encoded (JSON escapes tabs, so a value never splits a key) and
// questions by their place in the schema (the totals are reset when the schema changes).
const enc = (v: AlphaValue | null | undefined) => (v === null || v === undefined ? '' : JSON.stringify(v));
export const key = {
  pair: (qi: number, x: AlphaValue | null, y: AlphaValue | null) => `p\t${qi}\t${enc(x)}\t${enc(y)}`,
  metric: (qi: number, m: string) => `m\t${qi}\t${m}`,
  agree: (qi: number, g: string) => `a\t${qi}\t${g}`,
  confusion: (qi: number, a: string, b: string) => `c\t${qi}\t${JSON.stringify(a)}\t${JSON.stringify(b)}`,
  prelabel: (qi: number, what: 'shown' | 'kept') => `pre\t${qi}\t${what}`,
  person: (user: number, kind: string, what: 'n' | 'ms') => `u\t${user}\t${kind}\t${what}`,
  personDay: (user: number, day: number) => `ud\t${user}\t${day}`,
  submittedDay: (day: number) => `sd\t${day}`,
  labeledDay: (day: number) => `ld\t${day}`,
  finalizedDay: (day: number) => `fd\t${day}`,
  /** A reviewer's QA decisions of one day. */
  qaDay: (user: number, day: number, o: QaOutcome) => `rd\t${user}\t${day}\t${o}`,
  version: (v: number | null, kind: string) => `gv\t${v ?? ''}\t${kind}`,
  withFinal: (user: number, what: 'n' | 'same' | 'qa' | 'kept') => `wf\t${user}\t${what}`,
  /** Items of a scoped question compared in pairs (`n`), and of those agreed (`y`). */
  items: (qi: number, what: 'n' | 'y') => `i\t${qi}\t${what}`,
  /** A type's pair figure (pairFigures): its sum over pairs in millionths (counters are integers), and its pairs. */
  figure: (qi: number, name: string, what: 'sum' | 'n') => `f\t${qi}\t${name}\t${what}`,
  // The per-person quality view's counters (issue 16), under 'Q' so the dashboard's read leaves them out:
  /** A pair of people (lo < hi) on a question: a pair of unit values, as `pair` counts them for the project. */
  qPair: (lo: number, hi: number, qi: number, x: AlphaValue | null, y: AlphaValue | null) => `Qp\t${lo}\t${hi}\t${qi}\t${enc(x)}\t${enc(y)}`,
  /** A pair of people on a question: the task module's agreement ('1') or not ('0'). */
  qAgree: (lo: number, hi: number, qi: number, g: string) => `Qa\t${lo}\t${hi}\t${qi}\t${g}`,
  /** QA's decisions on a person's labels per question: decided ('d') and kept ('k'). */
  qKept: (user: number, qi: number, what: 'd' | 'k') => `Qk\t${user}\t${qi}\t${what}`,
  /** Labels a person marked best effort. */
  qBest: (user: number) => `Qb\t${user}`,
};
/**
 * The prefix of the per-person counters: the dashboard's read skips it. SQLite's LIKE ignores case, so no
 * other key may start with 'q' either.
 */
export const PERSON_KEYS = 'Q';

/** The over-time series per hour (dash_hours): submissions, rows first labeled, first finalized, labels and QA decisions per person. */
export const hourKey = {
  submitted: 's', labeled: 'l', finalized: 'f',
  person: (user: number) => `u\t${user}`,
  qa: (user: number, o: QaOutcome) => `r\t${user}\t${o}`,
};

/** Counters hold integers: a figure's sum is kept in millionths, each pair's value rounded once, so taking it back is exact. */
const MICRO = 1e6;

/** A question's packed units as the type's StatUnits. */
const unpack = (u: PackedUnits[string]): StatUnit[] => {
  const out: StatUnit[] = [];
  for (let k = 1; k < u.length; k += 2) out.push({ key: String(u[k]), value: u[k + 1], metric: u[0] as StatUnit['metric'] });
  return out;
};

/**
 * A pair's agreement as answer_stats keeps it: one character per question ('1', '0', or '-' when not
 * both answered it), then, for questions asked per turn or response, a tab and `qi:compared:agreed`
 * entries (comma separated).
 */
export function encodeAgree(perQuestion: string, items: Map<number, [number, number]>): string {
  return items.size ? `${perQuestion}\t${[...items].map(([qi, [n, y]]) => `${qi}:${n}:${y}`).join(',')}` : perQuestion;
}

/** The item counts of a stored pair agreement, by question index. */
export function agreeItems(agree: string): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  const tab = agree.indexOf('\t');
  if (tab < 0) return out;
  for (const e of agree.slice(tab + 1).split(',')) {
    const [qi, n, y] = e.split(':').map(Number);
    out.set(qi, [n, y]);
  }
  return out;
}


/**
 * Per question, the units of one row's label pair matched by key (either side may be missing), as the
 * dashboard has always aligned them, and the metric the question's statistics take from this row.
 */
export function alignUnits(ua: PackedUnits[string] | undefined, ub: PackedUnits[string] | undefined) {
  const metric = ua ? ua[0] : ub ? ub[0] : null;
  const out: Array<[AlphaValue | null, AlphaValue | null]> = [];
  if (ua && ub && ua.length === 3 && ub.length === 3 && ua[1] === ub[1]) out.push([ua[2], ub[2]]);
  else if (ua || ub) {
    const byKey = new Map<string | number, [AlphaValue | null, AlphaValue | null]>();
    if (ua) for (let k = 1; k < ua.length; k += 2) byKey.set(ua[k], [ua[k + 1], null]);
    if (ub) for (let k = 1; k < ub.length; k += 2) { const e = byKey.get(ub[k]); if (e) e[1] = ub[k + 1]; else byKey.set(ub[k], [null, ub[k + 1]]); }
    out.push(...byKey.values());
  }
  return { metric, pairs: out };
}

const cellOf = (v: AlphaValue | null) => (v === null ? '(none)' : String(v));
export const NONE_CELL = '(none)';

/** One confusion cell a row's label pair falls in (question by its place in the schema; a value not among the labels is "(none)"). */
export interface Cell { qi: number; a: string; b: string }

/** Where a pair is counted: the day it was complete, the two labelers, and where its confusion cells go. */
export interface PairAt { day: number; users?: [number, number]; cells?: Cell[] }

/**
 * Adds (sign 1) or takes back (sign −1) what one row's label pair counts: units, pairwise agreement,
 * items agreed, confusion. A question asked per turn or response has one unit per item (keys
 * `<item>:…`), so its statistics and confusion cells count each item's pair of values.
 */
export function countPair(d: Deltas, project: ProjectRecord, units1: PackedUnits, units2: PackedUnits, agree: string, sign: 1 | -1, at: PairAt) {
  const { day, users, cells } = at;
  const items = agreeItems(agree);
  // Per pair of people, smaller id first (values swapped with them), for κ per pair in the per-person view.
  const [lo, hi, swap] = users ? (users[0] <= users[1] ? [users[0], users[1], false] : [users[1], users[0], true]) : [0, 0, false];
  project.schema.forEach((q, qi) => {
    const ua = units1[q.id];
    const ub = units2[q.id];
    const { metric, pairs } = alignUnits(ua, ub);
    if (metric) d.addOn(day, key.metric(qi, metric), sign);
    for (const [x, y] of pairs) {
      d.addOn(day, key.pair(qi, x, y), sign);
      if (users) d.add(swap ? key.qPair(lo, hi, qi, y, x) : key.qPair(lo, hi, qi, x, y), sign);
    }
    const figures = questionInterop(q).dashboard.pairFigures;
    const got = figures && ua && ub ? figures.of(unpack(ua), unpack(ub), q.config) : null;
    if (got)
      for (const [name, v] of Object.entries(got)) {
        d.addOn(day, key.figure(qi, name, 'sum'), sign * Math.round(v * MICRO));
        d.addOn(day, key.figure(qi, name, 'n'), sign);
      }
    const g = agree[qi];
    if (g !== '0' && g !== '1') return;
    d.addOn(day, key.agree(qi, g), sign);
    if (users) d.add(key.qAgree(lo, hi, qi, g), sign);
    const it = items.get(qi);
    if (it) {
      d.addOn(day, key.items(qi, 'n'), sign * it[0]);
      d.addOn(day, key.items(qi, 'y'), sign * it[1]);
    }
    const labels = questionInterop(q).dashboard.confusionLabels(q.config);
    if (!labels) return;
    const known = (v: AlphaValue | null) => (v !== null && labels.includes(String(v)) ? String(v) : NONE_CELL);
    // Both answered but neither holds a label (an undecided single choice): one "(none)" cell, as ever.
    for (const [x, y] of pairs.length ? pairs : [[null, null] as const]) {
      d.addOn(day, key.confusion(qi, cellOf(x), cellOf(y)), sign);
      cells?.push({ qi, a: known(x), b: known(y) });
    }
  });
}

export interface PairSide { user: number; canon: string }
export interface FinalInfo { canon: string; kept: string; source: string; at: number }

/** Adds or takes back a row's comparison of its two labels with the final made on their round. */
export function countFinal(d: Deltas, l1: PairSide, l2: PairSide, f: FinalInfo, sign: 1 | -1) {
  // Counted on the day of the final: the range a lead picks holds the finals made in it.
  const day = dayNumber(f.at);
  for (const [side, slot] of [[l1, '1'], [l2, '2']] as const) {
    d.addOn(day, key.withFinal(side.user, 'n'), sign);
    if (side.canon === f.canon) d.addOn(day, key.withFinal(side.user, 'same'), sign);
    if (f.source === 'qa') {
      // Per question QA decided: kept when it took this label's answer (or both agreed), not when it took the other's or wrote its own.
      // '#' then one character per question in schema order ('-': not decided); see keptPerQuestion.
      let kept = 0;
      let decided = 0;
      const perQuestion = f.kept.startsWith('#');
      for (let qi = 0; qi < f.kept.length - (perQuestion ? 1 : 0); qi++) {
        const c = f.kept[qi + (perQuestion ? 1 : 0)];
        if (c === '-') continue;
        decided++;
        const k = c === slot || c === 'b';
        if (k) kept++;
        if (perQuestion) {
          d.add(key.qKept(side.user, qi, 'd'), sign);
          if (k) d.add(key.qKept(side.user, qi, 'k'), sign);
        }
      }
      d.addOn(day, key.withFinal(side.user, 'qa'), sign * decided);
      d.addOn(day, key.withFinal(side.user, 'kept'), sign * kept);
    }
  }
}

const dec = (s: string): AlphaValue | null => (s === '' ? null : (JSON.parse(s) as AlphaValue));

export interface PersonCounts {
  labels: number; labelMs: number; qa: number; qaMs: number; perDay: Map<number, number>; wf: { n: number; same: number; qa: number; kept: number };
  /** QA decisions per day. */
  qaDays: Map<number, Record<QaOutcome, number>>;
}

export interface CountedFigures {
  agreement: QuestionAgreementDto[];
  confusion: ConfusionDto[];
  prelabels: DashboardDto['prelabels'];
  people: Map<number, PersonCounts>;
  days: { finalized: Map<number, number>; labeled: Map<number, number>; submitted: Map<number, number> };
  versions: DashboardDto['byGuidelineVersion'];
}

/**
 * Every counted figure from the project's counters. Agreement statistics come from counts of value
 * pairs (shared/stats/pairs.ts), which give what α and κ over the units themselves give.
 */
export async function figuresFromCounts(db: Kysely<DB>, project: ProjectRecord, counts: Array<{ k: string; n: number | string }>): Promise<CountedFigures> {
  const Q = project.schema.length;
  const pairs: PairCount[][] = Array.from({ length: Q }, () => []);
  const metrics: Array<Map<string, number>> = Array.from({ length: Q }, () => new Map());
  const agreeN = new Float64Array(Q);
  const agreeYes = new Float64Array(Q);
  const shown = new Float64Array(Q);
  const kept = new Float64Array(Q);
  const confusionCells: Array<Array<[string, string, number]>> = Array.from({ length: Q }, () => []);
  const itemsN = new Float64Array(Q);
  const itemsYes = new Float64Array(Q);
  const figureSums: Array<Map<string, { sum: number; n: number }>> = Array.from({ length: Q }, () => new Map());
  const people: CountedFigures['people'] = new Map();
  const person = (u: number) => {
    let e = people.get(u);
    if (!e) people.set(u, (e = { labels: 0, labelMs: 0, qa: 0, qaMs: 0, perDay: new Map(), wf: { n: 0, same: 0, qa: 0, kept: 0 }, qaDays: new Map() }));
    return e;
  };
  const days: CountedFigures['days'] = { finalized: new Map(), labeled: new Map(), submitted: new Map() };
  const versions = new Map<number | null, { version: number | null; labels: number; qa: number }>();
  for (const c of counts) {
    const n = Number(c.n);
    if (n === 0) continue;
    const p = c.k.split('\t');
    const qi = Number(p[1]);
    switch (p[0]) {
      case 'p': if (qi < Q) pairs[qi].push({ a: dec(p[2]), b: dec(p[3]), n }); break;
      case 'm': if (qi < Q) metrics[qi].set(p[2], n); break;
      case 'a': if (qi < Q) { agreeN[qi] += n; if (p[2] === '1') agreeYes[qi] += n; } break;
      case 'c': if (qi < Q) confusionCells[qi].push([JSON.parse(p[2]), JSON.parse(p[3]), n]); break;
      case 'i': if (qi < Q) (p[2] === 'y' ? itemsYes : itemsN)[qi] += n; break;
      case 'f': {
        if (qi >= Q) break;
        const e = figureSums[qi].get(p[2]) ?? { sum: 0, n: 0 };
        if (p[3] === 'n') e.n += n; else e.sum += n;
        figureSums[qi].set(p[2], e);
        break;
      }
      case 'pre': if (qi < Q) (p[2] === 'kept' ? kept : shown)[qi] += n; break;
      case 'u': {
        const e = person(Number(p[1]));
        if (p[2] === 'label') { if (p[3] === 'n') e.labels += n; else e.labelMs += n; } else if (p[3] === 'n') e.qa += n; else e.qaMs += n;
        break;
      }
      case 'ud': person(Number(p[1])).perDay.set(Number(p[2]), n); break;
      case 'rd': {
        const days = person(Number(p[1])).qaDays;
        const e = days.get(Number(p[2])) ?? { a: 0, s: 0, e: 0 };
        e[p[3] as QaOutcome] += n;
        days.set(Number(p[2]), e);
        break;
      }
      case 'wf': person(Number(p[1])).wf[p[2] as 'n'] += n; break;
      case 'sd': days.submitted.set(Number(p[1]), n); break;
      case 'ld': days.labeled.set(Number(p[1]), n); break;
      case 'fd': days.finalized.set(Number(p[1]), n); break;
      case 'gv': {
        const v = p[1] === '' ? null : Number(p[1]);
        const e = versions.get(v) ?? { version: v, labels: 0, qa: 0 };
        if (p[2] === 'label') e.labels += n; else e.qa += n;
        versions.set(v, e);
        break;
      }
    }
  }

  const metricOf = await questionMetrics(db, project, metrics);
  const agreement = project.schema.map((q, qi): QuestionAgreementDto => {
    const metric = metricOf[qi];
    const ps = pairs[qi];
    const alpha = krippendorffAlphaFromPairs(ps, (metric ?? 'nominal') as AlphaMetric);
    const numeric = metric !== null && metric !== 'nominal' && ps.every((x) => (x.a === null || typeof x.a === 'number') && (x.b === null || typeof x.b === 'number'));
    const k = cohenKappaFromPairs(ps, { weights: numeric ? 'quadratic' : 'none' });
    return {
      questionId: q.id, type: q.type, metric: metric ?? '-',
      alpha: alpha.degenerate || !Number.isFinite(alpha.alpha) ? null : alpha.alpha,
      kappa: k.degenerate === 'no-pairs' ? null : k.kappa,
      percent: percentAgreementFromPairs(ps).agreement, rows: agreeN[qi], units: alpha.units, pairAgreeRate: agreeN[qi] ? agreeYes[qi] / agreeN[qi] : null,
      degenerate: alpha.degenerate ?? k.degenerate ?? null,
      items: q.scope ? { each: q.scope.each, compared: itemsN[qi], agreed: itemsYes[qi], rate: itemsN[qi] ? itemsYes[qi] / itemsN[qi] : null } : null,
      figures: (questionInterop(q).dashboard.pairFigures?.figures(q.config) ?? []).map((f) => {
        const e = figureSums[qi].get(f.key);
        return { ...f, pairs: e?.n ?? 0, mean: e?.n ? e.sum / MICRO / e.n : null };
      }),
    };
  });
  const confusion: ConfusionDto[] = [];
  project.schema.forEach((q, qi) => {
    const own = questionInterop(q).dashboard.confusionLabels(q.config);
    if (!own) return;
    const labels = [...own, '(none)'];
    const index = new Map(labels.map((l, i) => [l, i]));
    const matrix = labels.map(() => labels.map(() => 0));
    for (const [a, b, n] of confusionCells[qi]) matrix[index.get(a) ?? labels.length - 1][index.get(b) ?? labels.length - 1] += n;
    confusion.push({ questionId: q.id, labels, matrix });
  });
  const prelabels = project.schema.map((q, qi) => ({ questionId: q.id, shown: shown[qi], kept: kept[qi], rate: shown[qi] ? kept[qi] / shown[qi] : null }));
  return { agreement, confusion, prelabels, people, days, versions: [...versions.values()].sort((a, b) => (a.version ?? 0) - (b.version ?? 0)) };
}

/**
 * A question's statistics use the metric of the first row (by id) whose pair has units for it. Every
 * module but audio declares one metric per question, so the counters settle it; when they hold several,
 * the rows are read in order until each such question has its first one.
 */
async function questionMetrics(db0: Kysely<DB>, project: ProjectRecord, metrics: Array<Map<string, number>>): Promise<Array<string | null>> {
  const out = metrics.map((m) => (m.size === 1 ? [...m.keys()][0] : null));
  const open = new Set(metrics.flatMap((m, qi) => (m.size > 1 ? [qi] : [])));
  if (!open.size) return out;
  const db = db0.withTables<DashTables>();
  let after = 0;
  for (;;) {
    const page = await db.selectFrom('dash_rows as d')
      .innerJoin('answer_stats as s1', 's1.answer_id', 'd.a1').innerJoin('answer_stats as s2', 's2.answer_id', 'd.a2')
      .select(['d.row_id', 's1.units as x1', 's2.units as x2'])
      .where('d.project_id', '=', project.id).where('d.row_id', '>', after).orderBy('d.row_id').limit(2000).execute();
    for (const r of page) {
      const u1 = JSON.parse(r.x1) as PackedUnits;
      const u2 = JSON.parse(r.x2) as PackedUnits;
      for (const qi of open) {
        const id = project.schema[qi].id;
        const m = u1[id]?.[0] ?? u2[id]?.[0];
        if (m) { out[qi] = m; open.delete(qi); }
      }
      if (!open.size) return out;
    }
    if (page.length < 2000) return out;
    after = Number(page[page.length - 1].row_id);
  }
}
