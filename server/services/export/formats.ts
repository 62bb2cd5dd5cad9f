import Papa from 'papaparse';
import type { ProjectSchema, Question } from '@shared/tasks/question.js';
import type { ExportItem } from '@shared/tasks/types.js';
import { questionModule, questionInterop } from '@shared/tasks/question-module.js';
import type { LsResult } from '@shared/tasks/labelstudio.js';
import { sagemakerDate, type SageMakerLabel } from '@shared/tasks/sagemaker.js';
import type { RankingConfig } from '@shared/tasks/ranking/index.js';
import type { TextConfig } from '@shared/tasks/text/index.js';
import type { NerConfig } from '@shared/tasks/ner/index.js';
import { toPreferenceMessages, toPreferencePairs } from '@shared/tasks/ranking/export.js';
import { toSft, toSftMessages } from '@shared/tasks/text/export.js';
import { conllDocument as conllOf } from '@shared/tasks/ner/export.js';
import type { People } from './load.js';
import { isoUtc } from './iso-date.js';
import type { ExportAnswer, ExportRow } from './rows.js';

// What one exported row contributes to each file format. The answer-to-format conversions are the task
// modules' own (shared/tasks/<type>/export.ts, reached through their interop.ts); here they get their
// rows, and rows get provenance.

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : isoUtc(ms));

/** A date as JSON: its ISO text quoted (it holds nothing to escape), or null. */
const isoJson = (ms: number | null | undefined) => (ms === null || ms === undefined ? 'null' : `"${isoUtc(ms)}"`);

// Provenance is written straight as JSON text, key by key as JSON.stringify would write the object (a
// million rows' worth of nested objects built only to be stringified was a third of a JSONL export).
// Numbers are written as JSON writes them; text goes through JSON.stringify; stored JSON as stored.

function personJson(a: ExportAnswer, row: ExportRow, people: People): string {
  const expertFor = row.expertiseJson === '[]' ? '[]' : JSON.stringify(people.expertise(a.userId).filter((d) => row.expertise.includes(d)));
  return `{"user_id":${a.userId},"name":${people.nameJson(a.userId)},"expert_for":${expertFor},"guideline_version":${a.guidelineVersion}`
    + `,"submitted_at":${isoJson(a.createdAt)},"active_ms":${a.activeMs},"best_effort":${a.bestEffort}}`;
}

/** Provenance of a row's final as JSON: who labeled, who reviewed, who of them were experts, under which guideline. */
export function provenanceJson(row: ExportRow, people: People): string {
  const f = row.final;
  const qa = row.qa;
  return `{"round":${f?.round ?? row.round},"labelers":[${row.labels.map((a) => personJson(a, row, people)).join(',')}],"qa":${qa ? personJson(qa, row, people) : 'null'}`
    + `,"final_source":${f ? `"${f.source}"` : 'null'},"final_choices":${f?.choicesJson ?? 'null'},"decided_by":${f?.decidedBy ?? null}`
    + `,"decided_by_name":${people.nameJson(f?.decidedBy ?? null)},"final_guideline_version":${f?.guidelineVersion ?? null},"finalized_at":${isoJson(f?.createdAt)}`
    + `,"expertise_required":${row.expertiseJson}}`;
}

/** The converters' view of one question of a row: its final answer (absent when the final lacks it). */
export function itemOf<T extends Question>(row: ExportRow, q: T, answer: unknown = row.final?.answer[q.id]): ExportItem<T['config'], any> | null {
  if (answer === undefined || answer === null) return null;
  return { rowId: String(row.id), externalId: row.externalId, data: row.data, config: q.config, questionId: q.id, answer };
}

/**
 * A JSONL line of a row: ids, state, data, expertise, priority, prelabels, final, agreement, provenance and,
 * with `raw`, both labels and the QA answer. Stored JSON (data, expertise, prelabels, answers) is written
 * as stored, never parsed and written again: it was written by JSON.stringify, so the line is the same.
 */
export function jsonlLine(row: ExportRow, people: People, raw: boolean): string {
  const rawPart = raw
    ? `,"raw":{"labels":[${row.labels.map((a) => `{"user_id":${a.userId},"answer":${a.answerJson},"prelabel":${a.prelabelJson ?? 'null'}}`).join(',')}],"qa":${row.qa?.answerJson ?? 'null'}}`
    : '';
  return `{"id":${row.id},"external_id":${JSON.stringify(row.externalId)},"state":${JSON.stringify(row.state)},"data":${row.dataJson},"expertise":${row.expertiseJson},"priority":${row.priority}`
    + `,"prelabels":${row.prelabelsJson ?? 'null'},"final":${row.final?.answerJson ?? 'null'},"agreement":${JSON.stringify(row.agreement)},"provenance":${provenanceJson(row, people)}${rawPart}}\n`;
}

/** A CSV cell: strings as they are; numbers bare; anything structured as JSON (as Label Studio's CSV does). */
export const cell = (v: unknown): string | number => (v === null || v === undefined ? '' : typeof v === 'string' || typeof v === 'number' ? v : typeof v === 'boolean' ? String(v) : JSON.stringify(v));

/** The columns of a question's answer: its record's keys (taken from the empty answer), else its id. */
function answerColumns(q: Question): string[] {
  const rec = questionInterop(q).record;
  if (!rec) return [q.id];
  return Object.keys(rec({ rowId: '', externalId: null, data: {}, config: q.config, questionId: q.id, answer: questionModule(q).empty(q.config) }));
}

function answerCells(row: ExportRow, q: Question, answer: unknown, columns: string[]): Array<string | number> {
  const item = itemOf(row, q, answer);
  if (!item) return columns.map(() => '');
  const rec = questionInterop(q).record;
  if (!rec) return [JSON.stringify(answer)];
  const r = rec(item);
  return columns.map((c) => cell(r[c]));
}

/** Column layout of a CSV export, computed once from the schema. */
export interface CsvLayout { fields: string[]; columns: Map<string, string[]>; raw: boolean }

export function csvLayout(schema: ProjectSchema, fields: string[], raw: boolean): CsvLayout {
  return { fields, raw, columns: new Map(schema.map((q) => [q.id, answerColumns(q)])) };
}

export function csvHeader(schema: ProjectSchema, layout: CsvLayout): string[] {
  const h = ['row_id', 'external_id', 'state', ...layout.fields.map((f) => `data.${f}`), 'data'];
  for (const q of schema) h.push(...layout.columns.get(q.id)!, `${q.id}.agreement`, `${q.id}.agree`);
  h.push('labelers', 'labeler_ids', 'experts', 'qa', 'qa_id', 'final_source', 'guideline_versions', 'finalized_at', 'labeled_at');
  if (layout.raw) for (const q of schema) for (const slot of ['l1', 'l2']) h.push(...layout.columns.get(q.id)!.map((c) => `${c}.${slot}`));
  return h;
}

export function csvRecord(row: ExportRow, schema: ProjectSchema, layout: CsvLayout, people: People): Array<string | number> {
  const r: Array<string | number> = [row.id, row.externalId ?? '', row.state, ...layout.fields.map((f) => cell(row.data[f])), JSON.stringify(row.data)];
  for (const q of schema) {
    const ag = row.agreement?.[q.id];
    r.push(...answerCells(row, q, row.final?.answer[q.id], layout.columns.get(q.id)!), ag ? round4(ag.score) : '', ag ? (ag.agree ? 1 : 0) : '');
  }
  const everyone = [...row.labels, ...(row.qa ? [row.qa] : [])];
  const experts = everyone.filter((a) => people.expertise(a.userId).some((d) => row.expertise.includes(d)));
  r.push(
    row.labels.map((a) => people.name(a.userId) ?? a.userId).join('|'), row.labels.map((a) => a.userId).join('|'),
    experts.map((a) => people.name(a.userId) ?? a.userId).join('|'),
    row.qa ? people.name(row.qa.userId) ?? row.qa.userId : '', row.qa?.userId ?? '', row.final?.source ?? '',
    [...new Set(everyone.map((a) => a.guidelineVersion).filter((v) => v !== null))].join('|'),
    iso(row.final?.createdAt) ?? '', row.labels.map((a) => iso(a.createdAt)).join('|'),
  );
  if (layout.raw) for (const q of schema) for (const k of [0, 1]) r.push(...answerCells(row, q, row.labels[k]?.answer[q.id], layout.columns.get(q.id)!));
  return r;
}

/**
 * Cells a spreadsheet would run as a formula: text starting with =, +, -, @, tab or carriage return (the
 * OWASP "CSV injection" list). Papa Parse's own pattern misses such text when it spans several lines.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV line. Text cells that start like a formula, whether from answers, row data, field names or
 * people's names, get a leading single quote and are quoted (OWASP's advice), so Excel, LibreOffice and
 * Google Sheets show them as text. Numbers Triad writes as numbers (ids, scores, hours, a negative
 * strength) stay numbers: a spreadsheet reads them as values, never as formulas.
 */
export const csvLine = (cells: Array<string | number>) => Papa.unparse([cells], { newline: '\r\n', escapeFormulae: FORMULA_START }) + '\r\n';

const round4 = (x: number) => Math.round(x * 10000) / 10000;

// ---------- per-type files: the shared converters, with the row's ids alongside ----------
/** A question of the type a per-type format writes (the caller picked it by the format's type). */
type Q<C> = Question & { config: C };

/**
 * Preference pairs of a row's ranking with the row's ids: `{prompt, chosen, rejected}` texts with margin and
 * strength/reason or ranks, or (`messages`) TRL's conversational `{chosen, rejected, margin}` messages.
 */
export function preferencePairs(row: ExportRow, q: Q<RankingConfig>, shape: 'text' | 'messages') {
  const item = itemOf(row, q);
  if (!item) return [];
  const pairs = shape === 'messages' ? toPreferenceMessages(item) : toPreferencePairs(item, { detail: true });
  return pairs.map((p) => ({ ...p, row_id: row.id, external_id: row.externalId }));
}

/** A row's SFT record: `{prompt, response}`, or (`messages`) TRL's conversational `{messages}`; null when it has none. */
export function sftRecord(row: ExportRow, q: Q<TextConfig>, shape: 'prompt' | 'messages') {
  const item = itemOf(row, q);
  const r = item && (shape === 'messages' ? toSftMessages(item) : toSft(item));
  return r ? { ...r, row_id: row.id, external_id: row.externalId } : null;
}

/** A row's CoNLL document, or '' when it has no text or no answer to tag. */
export function conllDocument(row: ExportRow, q: Q<NerConfig>): string {
  const item = itemOf(row, q);
  return item && typeof row.data[q.config.field] === 'string' ? conllOf(item) : '';
}

// ---------- Label Studio ----------
/** Label Studio result entries of one row answer, each question through its task module's converter. */
export function labelStudioResults(row: ExportRow, schema: ProjectSchema, answer: Record<string, unknown>): LsResult[] {
  return schema.flatMap((q) => { const item = itemOf(row, q, answer[q.id]); return item ? questionInterop(q).labelStudio.write(item) : []; });
}

/**
 * A Label Studio task. `id` stays Triad's row id (Label Studio wants a number there); the importer reads
 * `meta.external_id` first, and a row without one is known again by `meta.triad_row_id`, so this file
 * imported back into its project changes nothing. Prelabels travel as a prediction.
 */
export function labelStudioTask(row: ExportRow, schema: ProjectSchema, people: People) {
  return {
    id: row.id,
    data: row.data,
    meta: { external_id: row.externalId, triad_row_id: row.id, state: row.state, expertise: row.expertise, priority: row.priority },
    annotations: row.final ? [{
      id: row.id, completed_by: row.final.decidedBy, was_cancelled: false, ground_truth: false,
      created_at: iso(row.final.createdAt), updated_at: iso(row.final.createdAt), lead_time: row.qa ? row.qa.activeMs / 1000 : 0,
      result: labelStudioResults(row, schema, row.final.answer),
      triad: { source: row.final.source, guideline_version: row.final.guidelineVersion, labelers: row.labels.map((a) => people.name(a.userId)) },
    }] : [],
    predictions: row.prelabels ? [{ model_version: 'triad-prelabels', result: labelStudioResults(row, schema, row.prelabels) }] : [],
  };
}

// ---------- SageMaker Ground Truth output manifest ----------
/** The label attribute of a question whose type Ground Truth has no built-in task for: a custom job's output. */
const customSageMaker = (item: ExportItem<unknown, unknown>, confidence: number): SageMakerLabel => ({ label: item.answer, metadata: { confidence, type: 'groundtruth/custom' } });

/** The first image or audio field a question of the schema reads: the manifest's `source-ref`. */
function mediaField(schema: ProjectSchema) {
  for (const q of schema) {
    const f = questionInterop(q).dataFields(q.config).find((d) => d.type.kind === 'image' || d.type.kind === 'audio');
    if (f) return f;
  }
  return undefined;
}

/**
 * One output manifest line: the source (`source-ref` for a row of an image or audio file, else `source`
 * text), then per answered question `<id>` and `<id>-metadata` in Ground Truth's format for its type.
 * `confidence` is the question's agreement between the two labelers (0 when not both labeled, as AWS
 * writes for a single worker).
 */
export function sagemakerLine(row: ExportRow, schema: ProjectSchema, jobName: string) {
  const out: Record<string, unknown> = {};
  const media = mediaField(schema);
  const textField = schema.map((q) => ('field' in q.config ? q.config.field : undefined)).find((f) => f && typeof row.data[f] === 'string');
  const image = media?.type.kind === 'image' && typeof row.data[media.field] === 'string';
  if (media && typeof row.data[media.field] === 'string') out['source-ref'] = row.data[media.field];
  else out.source = textField ? row.data[textField] : JSON.stringify(row.data);
  out['triad-row-id'] = row.id;
  if (row.externalId !== null) out['external-id'] = row.externalId;
  const created = row.final ? sagemakerDate(row.final.createdAt) : null;
  for (const q of schema) {
    const item = itemOf(row, q);
    if (!item) continue;
    const ag = row.agreement?.[q.id];
    const confidence = ag ? round4(ag.score) : 0;
    const convert = questionInterop(q).sagemaker;
    const gt = convert === 'custom' ? customSageMaker(item, confidence) : convert(item, confidence, image ? 'image' : 'text');
    if (!gt) continue;
    out[q.id] = gt.label;
    out[`${q.id}-metadata`] = { ...gt.metadata, 'job-name': jobName, 'human-annotated': 'yes', 'creation-date': created };
  }
  return out;
}

// ---------- work report ----------
export interface WorkTotals {
  userId: number;
  labels: number;
  labelsOnFinalRows: number;
  keptByQa: number;
  qaResolutions: number;
  activeMs: number;
  guidelineVersions: Set<number>;
}

/** Adds one row's contributions to per-person totals (labels, kept by QA, QA resolutions, active time). */
export function addToWorkReport(totals: Map<number, WorkTotals>, row: ExportRow) {
  const get = (id: number) => {
    let t = totals.get(id);
    if (!t) totals.set(id, (t = { userId: id, labels: 0, labelsOnFinalRows: 0, keptByQa: 0, qaResolutions: 0, activeMs: 0, guidelineVersions: new Set() }));
    return t;
  };
  row.labels.forEach((a, k) => {
    const t = get(a.userId);
    if (row.final) {
      t.labelsOnFinalRows++;
      const slot = k === 0 ? 'l1' : 'l2';
      const choices = Object.values(row.final.choices ?? {});
      // A consensus final is both labels; a QA final keeps a labeler whose version was taken for some question.
      if (row.final.source === 'consensus' || choices.some((c) => c === slot || c === 'agreed')) t.keptByQa++;
    }
  });
  if (row.qa && row.final) get(row.qa.userId).qaResolutions++;
}

export const WORK_REPORT_HEADER = ['user_id', 'name', 'rows_labeled', 'labels_on_final_rows', 'labels_kept_by_qa', 'kept_share', 'qa_resolutions', 'active_hours', 'label_submissions', 'qa_submissions'];
