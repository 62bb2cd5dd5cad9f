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
/** The norm is the median of the project's latest answers, recomputed at most once a minute. */
const NORM_SAMPLE = 200;
const NORM_TTL_MS = 60_000;
/** This many identical answers in a row (the current one included) is a streak. */
export const STREAK_MIN = 8;
export const STREAK_LOOK = 50;
/** Submitted within this long of being shown (or claimed): the row cannot have been read. */
export const EARLY_MS = 1_000;

const norms = new Map<number, { at: number; median: number }>();

/** The median active time of the project's latest label answers; null while there are too few. */
export async function projectNorm(deps: Pick<Deps, 'db' | 'now'>, projectId: number): Promise<number | null> {
  const now = deps.now();
  const hit = norms.get(projectId);
  if (hit && now - hit.at < NORM_TTL_MS) return hit.median;
  const rows = await deps.db.selectFrom('answers').select('active_ms').where('project_id', '=', projectId).where('kind', '=', 'label')
    .orderBy('created_at', 'desc').limit(NORM_SAMPLE).execute();
  if (rows.length < NORM_MIN_ANSWERS) return null;
  const sorted = rows.map((r) => r.active_ms).sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  // Only a real norm is kept: while a project is young every submit looks again.
  norms.set(projectId, { at: now, median });
  return median;
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
export function forgetNorms(): void { norms.clear(); }
