import type { Deps } from '../context.js';
import { workflowProject } from './workflow/project.js';
import { LARGE_PASTE_CHARS } from '@shared/api/assessments.js';
import type { IntegrityReport } from '@shared/api/integrity.js';
import { insertSignals, type NewSignal } from '../repos/integrity.js';

// Integrity signals of a submitted label (issue 16 part 4), worked out after the answer is committed: they
// never refuse or delay a submission's outcome, and a failure here is logged, not answered.

/** Under this share of the project's median active time, an answer is "far faster than the norm". */
export const FAST_SHARE = 0.25;
/** The norm needs this many answers before it means anything. */
export const NORM_MIN_ANSWERS = 10;
/** The norm is the median of the project's latest answers, recomputed at most once a minute. */
const NORM_SAMPLE = 200;
const NORM_TTL_MS = 60_000;
/** This many identical answers in a row (the current one included) is a streak. */
export const STREAK_MIN = 8;
const STREAK_LOOK = 50;
/** Submitted within this long of being shown (or claimed): the row cannot have been read. */
export const EARLY_MS = 1_000;

const norms = new Map<number, { at: number; median: number }>();

/** The median active time of the project's latest label answers; null while there are too few. */
async function projectNorm(deps: Deps, projectId: number): Promise<number | null> {
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

/** How many of the person's latest answers here, ending with this one, are this same answer. */
async function streakOf(deps: Deps, a: { projectId: number; userId: number; answerId: number; answerJson: string }): Promise<number> {
  const rows = await deps.db.selectFrom('answers').select(['id', 'answer_json']).where('project_id', '=', a.projectId)
    .where('kind', '=', 'label').where('user_id', '=', a.userId).where('id', '<=', a.answerId)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(STREAK_LOOK).execute();
  let n = 0;
  for (const r of rows) { if (r.answer_json !== a.answerJson) break; n++; }
  return n;
}

export interface SubmittedLabel { answerId: number; activeMs: number; report: IntegrityReport }

/** Records the signals a just-stored label carries. Idempotent per answer and kind. */
export async function recordLabelSignals(deps: Deps, s: SubmittedLabel): Promise<void> {
  try {
    const a = await deps.db.selectFrom('answers as x').innerJoin('assignments as g', 'g.id', 'x.assignment_id')
      .select(['x.project_id', 'x.row_id', 'x.user_id', 'x.answer_json', 'x.created_at', 'g.claimed_at'])
      .where('x.id', '=', s.answerId).executeTakeFirst();
    const project = a && await workflowProject(deps.db, Number(a.project_id));
    if (!a || !project) return;
    const now = deps.now();
    const base = { answerId: s.answerId, projectId: project.id, rowId: Number(a.row_id), userId: Number(a.user_id), now };
    const out: NewSignal[] = [];
    const questions = new Set(project.schema.map((q) => q.id));
    const large = (s.report?.pastes ?? []).filter((p) => questions.has(p.question) && p.chars >= LARGE_PASTE_CHARS).slice(0, 20);
    if (large.length) out.push({ ...base, kind: 'paste', details: { pastes: large, chars: large.reduce((t, p) => t + p.chars, 0) } });
    const norm = await projectNorm(deps, project.id);
    if (norm !== null && s.activeMs < norm * FAST_SHARE) out.push({ ...base, kind: 'fast', details: { activeMs: s.activeMs, medianMs: norm } });
    const streak = await streakOf(deps, { ...base, answerJson: a.answer_json });
    if (streak >= STREAK_MIN) out.push({ ...base, kind: 'streak', details: { length: streak, of: STREAK_LOOK } });
    const early = earlyDetails(s.activeMs, s.report, a.created_at - a.claimed_at);
    if (early) out.push({ ...base, kind: 'early', details: early });
    await insertSignals(deps.db, out);
  } catch (e) {
    console.error(`integrity signals of answer ${s.answerId} not recorded:`, e);
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
