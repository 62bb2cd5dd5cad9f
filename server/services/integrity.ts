import type { Deps } from '../context.js';
import { LARGE_PASTE_CHARS } from '@shared/api/assessments.js';
import type { IntegrityReport } from '@shared/api/integrity.js';
import type { LabelSignal } from '../repos/label-submit.js';

// Integrity signals of a submitted label (issue 16 part 4): worked out from what the submit already read
// and stored with the answer; they never refuse a submission.

/** Under this share of the project's median active time, an answer is "far faster than the norm". */
export const FAST_SHARE = 0.25;
/** The norm needs this many answers before it means anything. */
export const NORM_MIN_ANSWERS = 10;
/** The norm is the median active time of the project's latest answers (this many). */
const NORM_SAMPLE = 200;
/** This many identical answers in a row (the current one included) is a streak. */
export const STREAK_MIN = 8;
export const STREAK_LOOK = 50;
/** Submitted within this long of being shown (or claimed): the row cannot have been read. */
export const EARLY_MS = 1_000;

/** Per database (tests run many in one process, with overlapping project ids), per project. */
let norms = new WeakMap<object, Map<number, Norm>>();

/**
 * The latest NORM_SAMPLE active times of a project's labels: read once from the database, then kept up to
 * date by this process's own submits (`noteActiveTime`), so no submit sorts the project's answers again.
 * Another process's submits reach it only through its own read: each process's share of the submits is
 * a fair sample of them, which is all a median needs.
 */
class Norm {
  private times: number[];
  private next = 0;
  private median: number | null = null;

  constructor(latestFirst: number[]) {
    this.times = latestFirst.slice(0, NORM_SAMPLE).reverse();
  }

  add(ms: number): void {
    if (this.times.length < NORM_SAMPLE) this.times.push(ms);
    else { this.times[this.next] = ms; this.next = (this.next + 1) % NORM_SAMPLE; }
    this.median = null;
  }

  get size(): number { return this.times.length; }

  value(): number {
    if (this.median === null) {
      const sorted = Float64Array.from(this.times).sort();
      const mid = sorted.length >> 1;
      this.median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
    return this.median;
  }
}

const normsOf = (deps: Pick<Deps, 'db'>) => {
  let m = norms.get(deps.db);
  if (!m) norms.set(deps.db, (m = new Map()));
  return m;
};

/** The median active time of the project's latest label answers; null while there are too few. */
export async function projectNorm(deps: Pick<Deps, 'db' | 'now'>, projectId: number): Promise<number | null> {
  const m = normsOf(deps);
  let n = m.get(projectId);
  // While a project is young every submit reads again: its first answers may come through any process.
  if (!n || n.size < NORM_MIN_ANSWERS) {
    const rows = await deps.db.selectFrom('answers').select('active_ms').where('project_id', '=', projectId).where('kind', '=', 'label')
      .orderBy('created_at', 'desc').limit(NORM_SAMPLE).execute();
    m.set(projectId, (n = new Norm(rows.map((r) => r.active_ms))));
  }
  return n.size < NORM_MIN_ANSWERS ? null : n.value();
}

/** A label was stored (not a retry): its active time joins the project's norm, if this process keeps one. */
export function noteActiveTime(deps: Pick<Deps, 'db'>, projectId: number, activeMs: number): void {
  const n = normsOf(deps).get(projectId);
  if (n && n.size >= NORM_MIN_ANSWERS) n.add(activeMs);
}

/** What the signals of a label are read from, all known when it is written. */
export interface LabelFacts {
  /** The project's question ids: a paste elsewhere is no answer's. */
  questions: ReadonlySet<string>;
  activeMs: number;
  report: IntegrityReport;
  /** The project's norm before this answer (`projectNorm`). */
  norm: number | null;
  /** How many of the person's latest answers here, before this one, are this same answer (up to STREAK_LOOK - 1). */
  sameBefore: number;
  sinceClaimMs: number;
}

/**
 * The integrity signals a label carries, written with it in the submit's transaction (so they cost the
 * submit no round trip). Worked out from facts only: nothing here can refuse the answer, and an error
 * is logged and records no signal.
 */
export function labelSignals(f: LabelFacts): LabelSignal[] {
  try {
    const out: LabelSignal[] = [];
    const large = (f.report?.pastes ?? []).filter((p) => f.questions.has(p.question) && p.chars >= LARGE_PASTE_CHARS).slice(0, 20);
    if (large.length) out.push({ kind: 'paste', details: { pastes: large, chars: large.reduce((t, p) => t + p.chars, 0) } });
    if (f.norm !== null && f.activeMs < f.norm * FAST_SHARE) out.push({ kind: 'fast', details: { activeMs: f.activeMs, medianMs: f.norm } });
    const streak = f.sameBefore + 1;
    if (streak >= STREAK_MIN) out.push({ kind: 'streak', details: { length: streak, of: STREAK_LOOK } });
    const early = earlyDetails(f.activeMs, f.report, f.sinceClaimMs);
    if (early) out.push({ kind: 'early', details: early });
    return out;
  } catch (e) {
    console.error('integrity signals not worked out:', e);
    return [];
  }
}

/**
 * Answered before the data could load: less active time than the row took to show, submitted within
 * EARLY_MS of it showing, or within EARLY_MS of the claim (which no browser can do; a script can).
 */
export function earlyDetails(activeMs: number, report: IntegrityReport, sinceClaimMs: number): Record<string, number> | null {
  if (report?.loadMs !== undefined && activeMs < report.loadMs) return { activeMs, loadMs: report.loadMs };
  if (report?.shownMs !== undefined && report.shownMs < EARLY_MS) return { shownMs: report.shownMs };
  if (sinceClaimMs < EARLY_MS) return { sinceClaimMs };
  return null;
}

/** Tests move the clock and rebuild projects: they start each case from no remembered norm. */
export function forgetNorms(): void { norms = new WeakMap(); }
