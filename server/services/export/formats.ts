import Papa from 'papaparse';
import type { ProjectSchema, Question } from '@shared/tasks/question.js';
import type { BboxAnswer, BboxConfig, NerAnswer, NerConfig, RankingAnswer, RankingConfig, TextAnswer, TextConfig } from '@shared/tasks/registry.js';
import { tokenize } from '@shared/tasks/ner/tokenize.js';
import { bioTags } from '@shared/tasks/ner/index.js';
import type { ExportAnswer, ExportRow, People } from './load.js';

// Pure converters from one exported row to the pieces of each file format.

type Q<T extends Question['type']> = Extract<Question, { type: T }>;

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

function person(a: ExportAnswer, row: ExportRow, people: People) {
  const expertFor = people.expertise(a.userId).filter((d) => row.expertise.includes(d));
  return {
    user_id: a.userId, name: people.name(a.userId), expert_for: expertFor, guideline_version: a.guidelineVersion,
    submitted_at: iso(a.createdAt), active_ms: a.activeMs, best_effort: a.bestEffort,
  };
}

/** Provenance of a row's final: who labeled, who reviewed, who of them were experts, under which guideline. */
export function provenance(row: ExportRow, people: People) {
  return {
    round: row.final?.round ?? row.round,
    labelers: row.labels.map((a) => person(a, row, people)),
    qa: row.qa ? person(row.qa, row, people) : null,
    final_source: row.final?.source ?? null,
    final_choices: row.final?.choices ?? null,
    decided_by: row.final?.decidedBy ?? null,
    decided_by_name: people.name(row.final?.decidedBy ?? null),
    final_guideline_version: row.final?.guidelineVersion ?? null,
    finalized_at: iso(row.final?.createdAt),
    expertise_required: row.expertise,
  };
}

export function jsonlRecord(row: ExportRow, people: People, raw: boolean) {
  return {
    id: row.id, external_id: row.externalId, state: row.state, data: row.data,
    final: row.final?.answer ?? null,
    agreement: row.agreement,
    provenance: provenance(row, people),
    ...(raw ? { raw: { labels: row.labels.map((a) => ({ user_id: a.userId, answer: a.answer, prelabel: a.prelabel })), qa: row.qa?.answer ?? null } } : {}),
  };
}

/** A CSV cell: strings as they are; numbers bare; anything structured as JSON (as Label Studio's CSV does). */
const cell = (v: unknown): string | number => (v === null || v === undefined ? '' : typeof v === 'string' || typeof v === 'number' ? v : typeof v === 'boolean' ? String(v) : JSON.stringify(v));

/** The final answer of one question as a readable cell: a single choice is its label. */
function answerCell(q: Question, a: unknown): string | number {
  if (a === undefined || a === null) return '';
  if (q.type === 'classification') return (a as { labels: string[] }).labels.join(q.config.multiple ? '|' : '');
  if (q.type === 'text') return (a as TextAnswer).text;
  return JSON.stringify(a);
}

export function csvHeader(schema: ProjectSchema, fields: string[], raw: boolean): string[] {
  const h = ['row_id', 'external_id', 'state', ...fields.map((f) => `data.${f}`), 'data'];
  for (const q of schema) h.push(q.id, `${q.id}.agreement`, `${q.id}.agree`);
  h.push('labelers', 'labeler_ids', 'experts', 'qa', 'qa_id', 'final_source', 'guideline_versions', 'finalized_at', 'labeled_at');
  if (raw) for (const q of schema) h.push(`${q.id}.l1`, `${q.id}.l2`);
  return h;
}

export function csvRecord(row: ExportRow, schema: ProjectSchema, fields: string[], people: People, raw: boolean): Array<string | number> {
  const r: Array<string | number> = [row.id, row.externalId ?? '', row.state, ...fields.map((f) => cell(row.data[f])), JSON.stringify(row.data)];
  for (const q of schema) {
    const ag = row.agreement?.[q.id];
    r.push(answerCell(q, row.final?.answer[q.id]), ag ? round4(ag.score) : '', ag ? (ag.agree ? 1 : 0) : '');
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
  if (raw) for (const q of schema) r.push(answerCell(q, row.labels[0]?.answer[q.id]), answerCell(q, row.labels[1]?.answer[q.id]));
  return r;
}

export const csvLine = (cells: Array<string | number>) => Papa.unparse([cells], { newline: '\r\n' }) + '\r\n';

const round4 = (x: number) => Math.round(x * 10000) / 10000;

/** The file name a media reference stands for: the last path segment of a URL or path, without query. */
export function fileNameOf(ref: unknown, fallback: string): string {
  if (typeof ref !== 'string' || !ref) return fallback;
  const m = /^\/api\/media\/([0-9a-f]{64})/.exec(ref);
  if (m) return m[1];
  const noQuery = ref.split(/[?#]/)[0];
  const last = noQuery.split('/').filter(Boolean).pop();
  return last ? decodeURIComponent(last) : fallback;
}

// ---------- COCO ----------
export function cocoCategories(config: BboxConfig) {
  return config.labels.map((l, i) => ({ id: i + 1, name: l.value, supercategory: 'none' }));
}
export function cocoImage(row: ExportRow, q: Q<'bbox'>) {
  const a = row.final!.answer[q.id] as BboxAnswer | undefined;
  return {
    id: row.id, width: a?.width ?? 0, height: a?.height ?? 0, file_name: fileNameOf(row.data[q.config.field], `row-${row.id}`),
    coco_url: typeof row.data[q.config.field] === 'string' ? row.data[q.config.field] : undefined, external_id: row.externalId,
  };
}
export function cocoAnnotations(row: ExportRow, q: Q<'bbox'>, firstId: number) {
  const a = row.final!.answer[q.id] as BboxAnswer | undefined;
  const cat = new Map(q.config.labels.map((l, i) => [l.value, i + 1]));
  return (a?.boxes ?? []).map((b, k) => ({
    id: firstId + k, image_id: row.id, category_id: cat.get(b.label)!, segmentation: [] as number[][],
    bbox: [b.x, b.y, b.w, b.h], area: b.w * b.h, iscrowd: 0, ignore: 0,
  }));
}

// ---------- YOLO ----------
/** One line per box: class index (label order), then centre x, centre y, width, height normalized to 0…1. */
export function yoloLines(a: BboxAnswer, config: BboxConfig): string {
  const cls = new Map(config.labels.map((l, i) => [l.value, i]));
  if (!(a.width > 0 && a.height > 0)) return '';
  return a.boxes.map((b) => `${cls.get(b.label)} ${(b.x + b.w / 2) / a.width} ${(b.y + b.h / 2) / a.height} ${b.w / a.width} ${b.h / a.height}`).join('\n') + (a.boxes.length ? '\n' : '');
}

// ---------- CoNLL-2003 ----------
/** A document of `token -X- _ TAG` lines (IOB2 over the task module's tokenizer), then a blank line. */
export function conllDocument(text: string, a: NerAnswer): string {
  const tokens = tokenize(text);
  const tags = bioTags(tokens, a.spans);
  return tokens.map((t, i) => `${t.text} -X- _ ${tags[i]}`).join('\n') + '\n\n';
}

// ---------- preference pairs / SFT ----------
export function preferencePairs(row: ExportRow, q: Q<'ranking'>) {
  const c: RankingConfig = q.config;
  const a = row.final!.answer[q.id] as RankingAnswer | undefined;
  const responses = row.data[c.responsesField];
  if (!a || !Array.isArray(responses)) return [];
  const prompt = row.data[c.promptField];
  const base = { prompt, row_id: row.id, external_id: row.externalId };
  if (a.order && a.order.length >= 2) {
    const out = [];
    for (let i = 0; i < a.order.length; i++) for (let j = i + 1; j < a.order.length; j++) {
      out.push({ ...base, chosen: responses[a.order[i]], rejected: responses[a.order[j]], rank_chosen: i + 1, rank_rejected: j + 1 });
    }
    return out;
  }
  // Ties (and undecided rows) carry no preference: they are left out.
  if (a.preferred === null || a.strength === 0) return [];
  return [{ ...base, chosen: responses[a.preferred], rejected: responses[1 - a.preferred], strength: a.strength === null ? null : Math.abs(a.strength), reason: a.reason || undefined }];
}

export function sftRecord(row: ExportRow, q: Q<'text'>) {
  const c: TextConfig = q.config;
  const a = row.final!.answer[q.id] as TextAnswer | undefined;
  if (!a || !a.text.trim()) return null;
  const promptField = c.field ?? (typeof row.data.prompt === 'string' ? 'prompt' : undefined);
  return { prompt: promptField ? row.data[promptField] ?? '' : '', response: a.text, row_id: row.id, external_id: row.externalId };
}

// ---------- Label Studio ----------
/** Label Studio result entries of one row answer: percentages for boxes, offsets for spans. */
export function labelStudioResults(schema: ProjectSchema, answer: Record<string, unknown>) {
  const out: Array<Record<string, unknown>> = [];
  let n = 0;
  const id = () => `t${(n++).toString(36)}`;
  for (const q of schema) {
    const a = answer[q.id] as any;
    if (a === undefined || a === null) continue;
    switch (q.type) {
      case 'classification':
        if (a.labels.length) out.push({ id: id(), from_name: q.id, to_name: q.config.field ?? 'text', type: 'choices', value: { choices: a.labels } });
        break;
      case 'ner':
        for (const s of a.spans) out.push({ id: id(), from_name: q.id, to_name: q.config.field, type: 'labels', value: { start: s.start, end: s.end, text: s.text, labels: [s.label] } });
        break;
      case 'bbox':
        if (!(a.width > 0 && a.height > 0)) break;
        for (const b of a.boxes) out.push({
          id: id(), from_name: q.id, to_name: q.config.field, type: 'rectanglelabels', original_width: a.width, original_height: a.height, image_rotation: 0,
          value: { x: (b.x / a.width) * 100, y: (b.y / a.height) * 100, width: (b.w / a.width) * 100, height: (b.h / a.height) * 100, rotation: 0, rectanglelabels: [b.label] },
        });
        break;
      case 'audio':
        for (const s of a.segments) out.push({ id: id(), from_name: q.id, to_name: q.config.field, type: 'labels', value: { start: s.start, end: s.end, labels: [s.label], ...(s.text ? { text: s.text } : {}) } });
        break;
      case 'text':
        out.push({ id: id(), from_name: q.id, to_name: q.config.field ?? q.config.sourceField ?? 'text', type: 'textarea', value: { text: [a.text] } });
        break;
      case 'rating':
        for (const c of q.config.criteria) {
          const v = a.scores[c.id];
          if (v !== null && v !== undefined) out.push({ id: id(), from_name: q.config.criteria.length === 1 ? q.id : `${q.id}_${c.id}`, to_name: q.config.field ?? 'text', type: 'rating', value: { rating: v } });
        }
        break;
      case 'ranking':
        if (a.preferred === 0 || a.preferred === 1) out.push({ id: id(), from_name: q.id, to_name: q.config.responsesField, type: 'pairwise', value: { selected: a.preferred === 0 ? 'left' : 'right' } });
        break;
    }
  }
  return out;
}

export function labelStudioTask(row: ExportRow, schema: ProjectSchema, people: People) {
  return {
    id: row.id,
    data: row.data,
    meta: { external_id: row.externalId, state: row.state, expertise: row.expertise },
    annotations: row.final ? [{
      id: row.id, completed_by: row.final.decidedBy, was_cancelled: false, ground_truth: false,
      created_at: iso(row.final.createdAt), updated_at: iso(row.final.createdAt), lead_time: row.qa ? row.qa.activeMs / 1000 : 0,
      result: labelStudioResults(schema, row.final.answer),
      triad: { source: row.final.source, guideline_version: row.final.guidelineVersion, labelers: row.labels.map((a) => people.name(a.userId)) },
    }] : [],
    predictions: [],
  };
}

// ---------- SageMaker Ground Truth output manifest ----------
/** One manifest line: the source, then per question `<id>` (the label) and `<id>-metadata`. */
export function sagemakerLine(row: ExportRow, schema: ProjectSchema, jobName: string) {
  const out: Record<string, unknown> = {};
  const media = schema.find((q) => q.type === 'bbox' || q.type === 'audio') as Q<'bbox'> | Q<'audio'> | undefined;
  const textField = schema.map((q) => ('field' in q.config ? q.config.field : undefined)).find((f) => f && typeof row.data[f] === 'string');
  if (media && typeof row.data[media.config.field] === 'string') out['source-ref'] = row.data[media.config.field];
  else out.source = textField ? row.data[textField] : JSON.stringify(row.data);
  out['triad-row-id'] = row.id;
  if (row.externalId !== null) out['external-id'] = row.externalId;
  const created = iso(row.final?.createdAt ?? null);
  for (const q of schema) {
    const a = row.final?.answer[q.id] as any;
    if (a === undefined || a === null) continue;
    const confidence = row.agreement?.[q.id] ? round4(row.agreement[q.id].score) : null;
    const meta: Record<string, unknown> = { confidence, 'human-annotated': 'yes', 'creation-date': created, 'job-name': jobName };
    if (q.type === 'classification') {
      const idx = a.labels.map((l: string) => q.config.labels.findIndex((x) => x.value === l));
      if (q.config.multiple) {
        out[q.id] = idx;
        Object.assign(meta, { type: 'groundtruth/text-classification-multilabel', 'class-map': Object.fromEntries(idx.map((i: number) => [String(i), q.config.labels[i].value]))});
        meta['confidence-map'] = Object.fromEntries(idx.map((i: number) => [String(i), confidence]));
        meta['class-names'] = a.labels;
      } else {
        out[q.id] = idx[0] ?? null;
        Object.assign(meta, { type: 'groundtruth/text-classification', 'class-name': a.labels[0] ?? null });
      }
    } else if (q.type === 'bbox') {
      const cls = new Map(q.config.labels.map((l, i) => [l.value, i]));
      out[q.id] = {
        image_size: [{ width: a.width, height: a.height, depth: 3 }],
        annotations: a.boxes.map((b: any) => ({ class_id: cls.get(b.label), left: b.x, top: b.y, width: b.w, height: b.h })),
      };
      Object.assign(meta, {
        type: 'groundtruth/object-detection', objects: a.boxes.map(() => ({ confidence })),
        'class-map': Object.fromEntries(q.config.labels.map((l, i) => [String(i), l.value])),
      });
    } else if (q.type === 'ner') {
      out[q.id] = { annotations: { entities: a.spans.map((s: any) => ({ label: s.label, startOffset: s.start, endOffset: s.end })), labels: q.config.labels.map((l) => ({ label: l.value })) } };
      Object.assign(meta, { type: 'groundtruth/named-entity-recognition', entities: a.spans.map(() => ({ confidence })) });
    } else {
      out[q.id] = a;
      Object.assign(meta, { type: `groundtruth/custom-${q.type}` });
    }
    out[`${q.id}-metadata`] = meta;
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
