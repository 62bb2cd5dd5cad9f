import { z } from 'zod';

/**
 * The project dashboard (GET /api/projects/:projectId/dashboard): its query (a date range and the size of
 * the over-time buckets) and its answer. The console parses its range with the same schema before asking,
 * so a bad range gets the server's words without a round trip.
 */

// ---------- query ----------
export const DASHBOARD_BUCKETS = ['hour', 'day', 'week'] as const;
export type DashboardBucket = (typeof DASHBOARD_BUCKETS)[number];
/** The longest range a lead may pick: a range sums its days' counters, so its span bounds the read. */
export const MAX_RANGE_DAYS = 366;
/** Hours are drawn for ranges of at most this many days (744 buckets). */
export const MAX_HOUR_RANGE_DAYS = 31;
/** The most buckets an over-time chart holds; all time in days or hours keeps the latest ones. */
export const MAX_BUCKETS = 744;

export const DAY_MS = 86_400_000;
/** Days since 1970-01-01 (UTC) of a YYYY-MM-DD date, or null when it is no calendar date. */
export function dayOfDate(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2026-02-30 over to March: a date that does not come back as typed is no date.
  return new Date(ms).toISOString().slice(0, 10) === s ? ms / DAY_MS : null;
}
export const dateOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

const date = (what: string) => z.string(`${what}: a date as YYYY-MM-DD`).max(10, `${what}: a date as YYYY-MM-DD`)
  .refine((s) => dayOfDate(s) !== null, `${what}: a date as YYYY-MM-DD (a day of the calendar, UTC)`)
  .refine((s) => s >= '2000-01-01' && s <= '2199-12-31', `${what}: a date between 2000 and 2199`);

export const dashboardQuery = z.object({
  /** First and last day of the range (UTC, both included); neither: all time. */
  from: date('from').optional(),
  to: date('to').optional(),
  bucket: z.enum(DASHBOARD_BUCKETS, `bucket: one of ${DASHBOARD_BUCKETS.join(', ')}`).default('day'),
}).superRefine((v, ctx) => {
  if ((v.from === undefined) !== (v.to === undefined)) {
    ctx.addIssue({ code: 'custom', path: [v.from === undefined ? 'from' : 'to'], message: `${v.from === undefined ? 'from' : 'to'}: give both dates of the range (from and to), or neither for all time` });
    return;
  }
  if (v.from === undefined || v.to === undefined) return;
  const from = dayOfDate(v.from);
  const to = dayOfDate(v.to);
  if (from === null || to === null) return;
  if (to < from) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `to: the range ends (${v.to}) before it starts (${v.from}); pick a "to" on or after "from"` });
    return;
  }
  const days = to - from + 1;
  if (days > MAX_RANGE_DAYS) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `to: a range spans at most ${MAX_RANGE_DAYS} days (this one spans ${days}); pick a shorter range or all time` });
  } else if (v.bucket === 'hour' && days > MAX_HOUR_RANGE_DAYS) {
    ctx.addIssue({ code: 'custom', path: ['bucket'], message: `bucket: hours are drawn for ranges of at most ${MAX_HOUR_RANGE_DAYS} days (this one spans ${days}); pick days or weeks, or a shorter range` });
  }
});
export type DashboardQuery = z.infer<typeof dashboardQuery>;

// ---------- answer ----------
export interface QuestionAgreementDto {
  questionId: string;
  type: string;
  metric: string;
  /** Krippendorff's α over the two labels of every row (null when undefined, e.g. one category only). */
  alpha: number | null;
  /** Cohen's κ between labeler 1 and labeler 2 (exactly two raters per row). */
  kappa: number | null;
  percent: number;
  /** Rows behind the figures: rows with two labels in a round (the latest such round of each row). */
  rows: number;
  units: number;
  /** Share of rows whose pairwise agreement (the module's own score) counts as agreement. */
  pairAgreeRate: number | null;
  /**
   * Why α or κ is not a meaningful figure (show "n/a"): no pairable values / no pairs (nothing rated
   * twice yet), or no variation (every value the same, so chance agreement is total). α's reason first.
   */
  degenerate: 'no-pairable-values' | 'no-pairs' | 'no-variation' | null;
  /**
   * A question asked per turn or response (null otherwise): the items compared in the rows' label pairs
   * (each turn or response either labeler answered) and how many agreed by the type's own measure.
   * `rows` and `pairAgreeRate` count a row as agreeing only when every item does; α, κ and `percent`
   * already compare item by item.
   */
  items?: { each: 'turn' | 'response'; compared: number; agreed: number; rate: number | null } | null;
  /**
   * The type's own figures of a label pair, averaged over the rows' pairs (a ranking's top-choice
   * agreement and Kendall τ): `percent` ones are rates in [0, 1]; `mean` is null before any pair.
   */
  figures?: Array<{ key: string; title: string; percent: boolean; mean: number | null; pairs: number }>;
}
export interface ConfusionDto {
  questionId: string;
  labels: string[];
  /**
   * matrix[i][j]: rows where labeler 1 chose labels[i] and labeler 2 labels[j] (for a question asked per
   * turn or response: items); last index is "(none)".
   */
  matrix: number[][];
}
/** A reviewer's decisions on rows in QA. */
export interface QaDecisionsDto { accepted: number; sentBack: number; escalated: number }
export interface PersonStatsDto {
  userId: number;
  name: string;
  labels: number;
  /** QA answers: rows they accepted as reviewer. */
  qa: number;
  /** Rows they sent back for a new round and escalated to the leads as reviewer. */
  sentBack: number;
  escalated: number;
  /** Every QA decision: accepted, sent back and escalated. */
  resolved: number;
  activeHours: number;
  /** Labels per bucket of `DashboardDto.buckets` (only buckets with some). */
  perBucket: Record<string, number>;
  /** QA decisions per bucket of `DashboardDto.buckets` (only buckets with some). */
  qaPerBucket: Record<string, QaDecisionsDto>;
  /** Of their labels on finalized rows, the share equal to the final (per row: every question equal). */
  agreementWithFinal: number | null;
  /** Of their labels on rows QA finalized, the share QA kept (chose their version for some question). */
  keptByQa: number | null;
}
export interface DashboardDto {
  /** The dates the figures are limited to (UTC, both included), or null: all time. */
  range: { from: string; to: string } | null;
  bucket: DashboardBucket;
  /**
   * The over-time charts' buckets, oldest first, each named by its start (UTC): `YYYY-MM-DD` for days
   * and weeks (a week starts on Monday), `YYYY-MM-DDTHH:00Z` for hours.
   */
  buckets: string[];
  /** Earlier activity is not drawn: all time in hours shows its latest MAX_HOUR_RANGE_DAYS days, in days its latest MAX_BUCKETS. */
  bucketsClipped: boolean;
  rows: number;
  byState: Record<'labeling' | 'qa' | 'escalated' | 'final', number>;
  /** Cumulative counts at the end of each bucket: rows with a final / with any label, and submissions. */
  overTime: Array<{ start: string; finalized: number; labeled: number; submitted: number }>;
  agreement: QuestionAgreementDto[];
  confusion: ConfusionDto[];
  people: PersonStatsDto[];
  /** Per question: submissions that had a prelabel, and how many kept it unchanged. */
  prelabels: Array<{ questionId: string; shown: number; kept: number; rate: number | null }>;
  /**
   * Unfinished rows still lacking an expert among their holders (row_needs); `stuck`: of those, rows
   * needing a domain no member of the project has (a lead must add an expert), listed per domain.
   */
  waitingForExpert: { rows: number; stuck: number; domains: Array<{ domain: string; rows: number; experts: number }> };
  openEscalations: number;
  /** Submissions made under each guideline version (null: before any was published), oldest version first. */
  byGuidelineVersion: Array<{ version: number | null; labels: number; qa: number }>;
}

// ---------- the rows behind a confusion cell (GET /api/projects/:projectId/rows) ----------
/**
 * A confusion cell as a filter of the rows listing: rows whose current label pair has labeler 1 answering
 * `label1` and labeler 2 `label2` on `question` ("(none)": no label, or one no longer offered), the pair
 * complete between `pairedFrom` and `pairedTo` (UTC days, both included) when the dashboard had a range.
 */
export const confusionCellFields = {
  question: z.string('question: a question id').min(1, 'question: a question id').max(200, 'question: at most 200 characters').optional(),
  label1: z.string('label1: a label').max(500, 'label1: at most 500 characters').optional(),
  label2: z.string('label2: a label').max(500, 'label2: at most 500 characters').optional(),
  pairedFrom: date('pairedFrom').optional(),
  pairedTo: date('pairedTo').optional(),
};
export interface ConfusionCellFilter { question?: string; label1?: string; label2?: string; pairedFrom?: string; pairedTo?: string }

export function checkConfusionCell(v: ConfusionCellFilter, ctx: z.RefinementCtx) {
  const given = [v.question, v.label1, v.label2].filter((x) => x !== undefined).length;
  if (given !== 0 && given !== 3) {
    ctx.addIssue({ code: 'custom', path: ['question'], message: 'question: a confusion cell needs question, label1 and label2 together' });
  }
  if ((v.pairedFrom === undefined) !== (v.pairedTo === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['pairedFrom'], message: 'pairedFrom: give pairedFrom and pairedTo together, or neither' });
  } else if (v.pairedFrom !== undefined && v.pairedTo !== undefined) {
    if (v.question === undefined) ctx.addIssue({ code: 'custom', path: ['pairedFrom'], message: 'pairedFrom: dates narrow a confusion cell; give question, label1 and label2 too' });
    if (v.pairedTo < v.pairedFrom) ctx.addIssue({ code: 'custom', path: ['pairedTo'], message: `pairedTo: the range ends (${v.pairedTo}) before it starts (${v.pairedFrom})` });
  }
}
