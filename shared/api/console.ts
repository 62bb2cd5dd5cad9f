import { z } from 'zod';
import { domainSchema, type Role } from '../project.js';

/**
 * Requests and responses of the project console's server side (imports, media, guidelines, exports,
 * dashboard). The console UI parses its forms with these and types its fetches with the DTOs.
 */

// ---------- imports ----------
export const IMPORT_FORMATS = ['jsonl', 'json', 'csv', 'labelstudio'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** POST /api/projects/:projectId/imports?format=&mode= ; the file is the raw request body. */
export const importQuery = z.object({
  format: z.enum(IMPORT_FORMATS).default('jsonl'),
  /** all: nothing is written if any line is bad; valid: good lines are imported, bad ones listed. */
  mode: z.enum(['all', 'valid']).default('all'),
  /**
   * Label Studio files: what a task's annotations (human work) become. `prelabels`: the newest
   * non-cancelled annotation is offered as suggestions to confirm; `ignore`: annotations are left out
   * (and counted in the report), predictions are used instead.
   */
  annotations: z.enum(['prelabels', 'ignore']).default('prelabels'),
  /** Label Studio files: take the prediction of this model version (default: the highest `score`). */
  model_version: z.string().trim().min(1, 'model_version: empty').max(200, 'model_version: at most 200 characters').optional(),
});
export type ImportOptions = z.infer<typeof importQuery>;

export interface ImportIssue {
  /** 1-based line of the file (JSONL, CSV, JSON arrays: the line where the item starts). */
  line: number;
  /** Dotted path of the offending field, e.g. `data.text`, `prelabels.sentiment.labels.0`. */
  field: string;
  message: string;
}

/**
 * Something taken differently from how the file wrote it, or left out, without making the line bad:
 * `chosen` says which annotation or prediction became the prelabels, `converted` a result turned into
 * another question type's answer, `skipped` a part of a line not imported (and why).
 */
export interface ImportWarning {
  line: number;
  field: string;
  kind: 'chosen' | 'converted' | 'skipped';
  message: string;
}

export interface ImportSkip {
  line: number;
  externalId: string | null;
  reason: 'invalid' | 'started';
  message: string;
}

export interface ImportReport {
  format: ImportFormat;
  mode: 'all' | 'valid';
  /** Lines (items) read. */
  total: number;
  imported: number;
  /** Existing rows (same external id) whose data/prelabels changed and that nobody had started yet. */
  updated: number;
  /** Existing rows identical to the line. */
  unchanged: number;
  /** Lines not written: invalid lines in mode=valid, and changed lines whose row is already in work. */
  skipped: ImportSkip[];
  /** Every problem found (capped at 1,000; `errorCount` has the total). */
  errors: ImportIssue[];
  errorCount: number;
  /** Lines taken with a note (capped at 1,000; `warningCount` has the total, `warningKinds` per kind). */
  warnings: ImportWarning[];
  warningCount: number;
  warningKinds: Record<ImportWarning['kind'], number>;
  /** False when mode=all met a bad line: then nothing was written. */
  committed: boolean;
}

// ---------- media ----------
export interface MediaDto {
  id: string;
  /** `/api/media/<id>`: what a row's data field holds to reference it. */
  url: string;
  /** The file name this project uploaded it under. */
  name: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  /** Seconds of audio; null for images, and for audio stored before it was measured (its peaks measure it). */
  duration: number | null;
  /** Whether waveform peaks are ready at `/api/media/<id>/peaks`. */
  peaks: boolean;
  /** When this project uploaded it (ms since the epoch). */
  createdAt: number;
}

/** How many of the project's rows the listing counts per file before it says "more than". */
export const MEDIA_USES_CAP = 1000;
/** Rows named per file. */
export const MEDIA_USES_SHOWN = 3;

/** Which of the project's rows hold a file's id in their data (the search index's word, so any URL form counts). */
export interface MediaUsesDto {
  /** Rows found, at most MEDIA_USES_CAP. */
  rows: number;
  /** True when there are more than `rows`. */
  more: boolean;
  /** The first few rows (lowest id first). */
  first: Array<{ id: number; externalId: string | null }>;
}

export interface MediaListItemDto extends MediaDto {
  uses: MediaUsesDto;
}

export const MEDIA_KINDS = ['image', 'audio'] as const;

/** GET /api/projects/:projectId/media?q=&kind=&limit=&offset= : the project's media, newest first. */
export const mediaListQuery = z.object({
  q: z.string().trim().max(200, 'q: at most 200 characters').optional().transform((v) => v || undefined),
  kind: z.enum(MEDIA_KINDS, 'kind: expected image or audio').optional(),
  limit: z.coerce.number().int().min(1, 'limit: at least 1').max(200, 'limit: at most 200').default(50),
  offset: z.coerce.number().int().min(0, 'offset: expected 0 or more').max(10_000_000, 'offset: at most 10,000,000').default(0),
});
export interface MediaListDto {
  media: MediaListItemDto[];
  /** Files matching the search (all of the project's without one). */
  total: number;
  /** The offset of the next page, or null on the last one. */
  nextOffset: number | null;
}

/** GET /api/media/:id/peaks: one channel of interleaved [min0, max0, min1, max1, …] in −1…1. */
export interface PeaksDto {
  duration: number | null;
  peaks: number[][];
}

// ---------- guidelines ----------
export const publishGuidelineBody = z.object({
  body: z.string().min(1, 'the guideline body is empty').max(2_000_000, 'a guideline is at most 2 MB'),
  note: z.string().max(2000).default(''),
});
export const guidelineVersionParam = z.object({
  version: z.coerce.number().int().positive('expected a positive version number'),
});
export const guidelineDiffQuery = z.object({
  from: z.coerce.number().int().positive('from: expected a version number'),
  to: z.coerce.number().int().positive('to: expected a version number'),
});
export const acknowledgeBody = z.object({ version: z.number().int().positive('expected a positive version number') });

export interface GuidelineVersionDto {
  version: number;
  note: string;
  createdAt: number;
  createdBy: number;
  createdByName: string | null;
}
export interface GuidelineDto extends GuidelineVersionDto {
  body: string;
}
export interface GuidelinesDto {
  current: GuidelineDto | null;
  versions: GuidelineVersionDto[];
  /** The newest version the caller acknowledged; they must acknowledge `current` when it is newer. */
  acknowledged: number | null;
  mustAcknowledge: boolean;
}
/** GET /api/projects/:projectId/guidelines/acknowledgements?version= (leads): who read which version; the current one by default. */
export const guidelineAcksQuery = z.object({
  version: z.coerce.number().int().positive('version: expected a positive version number').optional(),
});
export interface GuidelineAckPerson {
  userId: number;
  name: string;
  email: string;
  roles: Role[];
}
export interface GuidelineAcksDto {
  version: number;
  publishedAt: number;
  /** Members who acknowledged this version, earliest first, with when. */
  acknowledged: Array<GuidelineAckPerson & { at: number }>;
  /** Members who have not; `newest`: the newest version they did acknowledge (null: none). */
  pending: Array<GuidelineAckPerson & { newest: number | null }>;
  /** Every version, newest first: how many of today's members acknowledged it. */
  versions: Array<{ version: number; acknowledged: number }>;
  members: number;
}
export interface DiffPart {
  /** 'same' | 'added' | 'removed' */
  op: 'same' | 'added' | 'removed';
  /** The lines of the part, joined with "\n" (a trailing newline kept). */
  text: string;
  count: number;
}
export interface GuidelineDiffDto {
  from: number;
  to: number;
  parts: DiffPart[];
  added: number;
  removed: number;
}

// ---------- exports ----------
export const EXPORT_FORMATS = ['jsonl', 'csv', 'coco', 'yolo', 'conll', 'preferences', 'preferences-messages', 'sft', 'sft-messages', 'items', 'items-csv', 'labelstudio', 'sagemaker', 'workreport'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_STATES = ['final', 'all', 'labeling', 'qa', 'escalated'] as const;

/** At most this many ids in one export's `ids` or `rowIds` (they travel in the URL). */
export const EXPORT_ID_LIMIT = 500;
export const EXPORT_DATE_FIELDS = ['finalized', 'updated'] as const;

/**
 * A comma-separated list in one query parameter, each item checked, bounded in count and length. `itemPattern`
 * is the regex source of one item, for the OpenAPI document (a transform's rules do not show there).
 */
export const commaList = <T extends z.ZodType<unknown, string>>(item: T, max: number, what: string, itemPattern: string) =>
  z.string().max(max * 64, `at most ${max} ${what}`)
    .meta({ description: `comma separated ${what} (at most ${max})`, pattern: `^${itemPattern}(,${itemPattern}){0,${max - 1}}$` })
    .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== ''))
    .pipe(z.array(item).min(1, `expected at least one of ${what}`).max(max, `at most ${max} ${what}`));

const DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;
/**
 * A day (`2026-01-31`, UTC) or an ISO date-time (UTC unless it names a zone), as epoch ms. `end`: a day means up to the end of that
 * day, so `since=2026-01-01&until=2026-01-31` is the whole of January.
 */
const dateBound = (end: boolean) => z.string().max(40)
  .regex(DATE, 'expected a date (2026-01-31) or an ISO date-time (2026-01-31T18:00:00Z)')
  .transform((s, ctx) => {
    const day = s.length === 10;
    // Without a zone a time is UTC, as a day is: the server's own zone must not change what is exported.
    const ms = Date.parse(day ? `${s}T00:00:00Z` : /(?:Z|[+-]\d{2}:\d{2})$/u.test(s) ? s : `${s}Z`);
    // Date.parse rolls 2026-02-30 over to March: a calendar day that does not come back the same is not one.
    const [y, m, d] = s.slice(0, 10).split('-').map(Number);
    if (!Number.isFinite(ms) || new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) !== s.slice(0, 10)) { ctx.addIssue({ code: 'custom', message: `not a calendar date: ${s}` }); return z.NEVER; }
    return day && end ? ms + 86_400_000 : end ? ms + 1 : ms;
  });
const SHARE = 'expected a number between 0 and 1 (e.g. 0.8)';
// The pattern alone says "0 to 1" (the OpenAPI document shows it); the max stays as a second guard.
const share = z.string().max(20).regex(/^(?:0(?:\.\d+)?|1(?:\.0+)?|\.\d+)$/u, SHARE).transform(Number).pipe(z.number().max(1, SHARE));

/**
 * GET /api/projects/:projectId/exports?format=&state=&raw=&question= and the row filters (all optional,
 * all must hold): answer, agreementBelow/agreementAbove, expertise, since/until (+ dateOf), ids, rowIds.
 */
export const exportQuery = z.object({
  format: z.enum(EXPORT_FORMATS).default('jsonl'),
  /** Which rows: `final` (default) or `all`, or one workflow state. Per-type formats only ever use finals. */
  state: z.enum(EXPORT_STATES).default('final'),
  /** 1: JSONL/CSV also carry both raw labels of the final round. */
  raw: z.enum(['0', '1', 'true', 'false']).default('0').transform((v) => v === '1' || v === 'true'),
  /** Per-type formats: which question (default: the first question of that type). */
  question: z.string().max(64).optional(),
  /** `question:value`: rows whose final answer to that question holds the value (a label, a preferred response, criterion=score, words of a text). */
  answer: z.string().max(500).regex(/^[a-z][a-z0-9_]*:.+$/su, 'expected question:value, e.g. sentiment:negative').optional(),
  /** Rows whose agreement (the mean over questions of the two labels' scores) is below / above this. */
  agreementBelow: share.optional(),
  agreementAbove: share.optional(),
  /** Rows that need an expert in any of these domains (comma separated). */
  expertise: commaList(domainSchema, 20, 'domains', '[a-z0-9][a-z0-9_-]{0,39}').optional(),
  since: dateBound(false).optional(),
  until: dateBound(true).optional(),
  /** What since/until bound: when the row was finalized (default for finalized rows) or last changed. */
  dateOf: z.enum(EXPORT_DATE_FIELDS).optional(),
  /** Your ids (the external ids you imported), comma separated. */
  ids: commaList(z.string().max(200), EXPORT_ID_LIMIT, 'ids', '[^,\\s][^,]{0,199}').optional(),
  /** Triad's row ids, comma separated. */
  rowIds: commaList(z.string().regex(/^[1-9]\d{0,15}$/u, 'expected row ids (positive whole numbers)').transform(Number), EXPORT_ID_LIMIT, 'row ids', '[1-9]\\d{0,15}').optional(),
}).superRefine((q, ctx) => {
  if (q.agreementBelow !== undefined && q.agreementAbove !== undefined && q.agreementAbove >= q.agreementBelow)
    ctx.addIssue({ code: 'custom', path: ['agreementAbove'], message: 'agreementAbove must be lower than agreementBelow, or no row can match' });
  if (q.since !== undefined && q.until !== undefined && q.since >= q.until)
    ctx.addIssue({ code: 'custom', path: ['until'], message: 'until must be after since' });
});
export type ExportQuery = z.infer<typeof exportQuery>;
/** The filter fields of an export query, as they travel in its URL. */
export const EXPORT_FILTER_KEYS = ['answer', 'agreementBelow', 'agreementAbove', 'expertise', 'since', 'until', 'dateOf', 'ids', 'rowIds'] as const;

/** GET /api/projects/:projectId/exports/preview: how many rows the same query exports, and the first few. */
export interface ExportPreviewDto {
  rows: number;
  sample: Array<{ id: number; externalId: string | null; state: string }>;
}

// ---------- dashboard: shared/api/dashboard.ts ----------
