import { z } from 'zod';
import { conversationIssue } from '@shared/conversation.js';
import { domainSchema, type ProjectSettings } from '@shared/project.js';
import type { ProjectSchema } from '@shared/tasks/question.js';
import { questionModule, questionInterop } from '@shared/tasks/question-module.js';
import type { FieldIssue, FieldKind } from '@shared/tasks/interop.js';
import { forbiddenNameMessage, isForbiddenName } from './limits.js';
import { strayItems } from '../scope-items.js';

/** A row ready to write, before media references are checked against the database. */
export interface CandidateRow {
  externalId: string | null;
  data: Record<string, unknown>;
  prelabels: Record<string, unknown> | null;
  /** A gold row's reference answer (the line's `gold` field), per question; null: an ordinary row. */
  gold: Record<string, unknown> | null;
  expertise: string[];
  priority: number;
  /**
   * The Triad row this line was exported from, when it had no external id (Triad's own JSONL and Label
   * Studio exports say so): a row of that id in the project with no external id and the same data is
   * this row, so importing an export back changes nothing.
   */
  sameRowId: number | null;
  /** `/api/media/<id>` references the row makes, checked in batches by the caller. */
  mediaRefs: Array<{ field: string; id: string }>;
}

export type { FieldIssue };

const RESERVED = new Set(['id', 'external_id', 'externalId', 'prelabels', 'expertise', 'priority', 'final', 'gold', 'triad_row_id']);
const MEDIA_REF = /^\/api\/media\/([0-9a-f]{64})(?:[/?#].*)?$/;

// Lookups by a name the schema or the file supplies read own properties only, never Object.prototype's.
const own = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
const forbiddenKey = (o: object) => Object.keys(o).find(isForbiddenName);

const priorityField = z.number().int('priority must be a whole number').min(-1_000_000).max(1_000_000);
const expertiseField = z.array(domainSchema);

/** Which check wins when two questions read one field differently: text accepts the least. */
const strictness = (t: FieldKind) => (t.kind === 'string' ? 0 : t.kind === 'text-or-conversation' ? 1 : 2);

/** The data fields a schema reads and what each must hold, as each question's type declares them. */
export function fieldKinds(schema: ProjectSchema): Map<string, { type: FieldKind; question: string }> {
  const out = new Map<string, { type: FieldKind; question: string }>();
  for (const q of schema) {
    for (const { field, type } of questionInterop(q).dataFields(q.config)) {
      const prev = out.get(field);
      // A field read as media or a list by one question and as text by another keeps the stricter check.
      if (!prev || strictness(type) > strictness(prev.type)) out.set(field, { type, question: q.id });
    }
  }
  return out;
}

/**
 * Validates one import item against a project's schema and settings: the data fields every question
 * reads (present, right type), media references, prelabel shapes (each question module's answer
 * schema), expertise tags and priority. Applies the project's expertise rules. Pure: media ids found are
 * returned for the caller to check in bulk.
 */
export function makeRowValidator(schema: ProjectSchema, settings: ProjectSettings) {
  const kinds = fieldKinds(schema);
  const answerSchemas = new Map(schema.map((q) => [q.id, questionModule(q).answer(q.config) as z.ZodType]));
  const ids = schema.map((q) => q.id).join(', ');

  /** An object of answers by question id (prelabels, a gold reference), each checked with its type's schema; issues name the field. */
  const answersByQuestion = (key: string, given: unknown, issues: FieldIssue[], data: Record<string, unknown>) => {
    const bad = typeof given === 'object' && given !== null ? forbiddenKey(given) : undefined;
    if (typeof given !== 'object' || given === null || Array.isArray(given)) { issues.push({ field: key, message: 'expected an object: question id → answer' }); return null; }
    if (bad) { issues.push({ field: `${key}.${bad}`, message: forbiddenNameMessage(bad) }); return null; }
    const out: Record<string, unknown> = {};
    for (const [qid, ans] of Object.entries(given as Record<string, unknown>)) {
      const s = answerSchemas.get(qid);
      if (!s) { issues.push({ field: `${key}.${qid}`, message: `no question "${qid}" in this project (questions: ${ids})` }); continue; }
      const r = s.safeParse(ans);
      if (!r.success) {
        for (const i of r.error.issues.slice(0, 3)) issues.push({ field: [key, qid, ...i.path.map(String)].join('.'), message: i.message });
      } else out[qid] = r.data;
    }
    // An answer for a turn or response the row does not have would never be shown: named, not kept.
    for (const x of strayItems(schema, out, data)) issues.push({ field: `${key}.${x.question}.items.${x.item}`, message: x.message });
    return Object.keys(out).length ? out : null;
  };

  return (value: unknown): { row?: CandidateRow; issues: FieldIssue[] } => {
    const issues: FieldIssue[] = [];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { issues: [{ field: '(line)', message: 'expected a JSON object (one row)' }] };
    }
    const v = value as Record<string, unknown>;
    // The sources refuse these keys anywhere in a line; a caller handing values straight in gets the same answer.
    const reserved = forbiddenKey(v);
    if (reserved) return { issues: [{ field: reserved, message: forbiddenNameMessage(reserved) }] };
    let data: Record<string, unknown>;
    let dataPath = 'data';
    if (Object.hasOwn(v, 'data')) {
      if (typeof v.data !== 'object' || v.data === null || Array.isArray(v.data)) {
        return { issues: [{ field: 'data', message: 'expected an object of data fields' }] };
      }
      data = v.data as Record<string, unknown>;
      const bad = forbiddenKey(data);
      if (bad) return { issues: [{ field: `data.${bad}`, message: forbiddenNameMessage(bad) }] };
    } else {
      // Flat rows: every non-reserved top-level key is a data field.
      data = {};
      for (const [k, x] of Object.entries(v)) if (!RESERVED.has(k)) data[k] = x;
      dataPath = '';
    }
    const at = (f: string) => (dataPath ? `${dataPath}.${f}` : f);

    // `"external_id": null` beside a numeric `id` is how Triad's JSONL export writes a row without one.
    const exportedRow = v.external_id === null && Object.hasOwn(v, 'data') && typeof v.id === 'number';
    const rawId = exportedRow ? undefined : v.external_id ?? v.externalId ?? v.id;
    const sameRowId = exportedRow ? v.id as number : typeof v.triad_row_id === 'number' ? v.triad_row_id : null;
    let externalId: string | null = null;
    if (rawId !== undefined && rawId !== null) {
      // Control characters (NUL above all, which PostgreSQL text refuses) have no place in an id.
      if (typeof rawId === 'string' && rawId.trim() !== '' && rawId.length <= 500 && !/[\u0000-\u001f]/.test(rawId)) externalId = rawId;
      else if (typeof rawId === 'number' && Number.isFinite(rawId)) externalId = String(rawId);
      else issues.push({ field: v.external_id !== undefined ? 'external_id' : 'id', message: 'expected a non-empty string or number (at most 500 characters, no control characters)' });
    }

    const mediaRefs: CandidateRow['mediaRefs'] = [];
    for (const [f, { type, question }] of kinds) {
      const x = own(data, f);
      if (x === undefined || x === null || x === '') {
        issues.push({ field: at(f), message: `missing: question "${question}" reads this field` });
        continue;
      }
      if (type.kind === 'string' && typeof x !== 'string') issues.push({ field: at(f), message: `expected text, got ${typeName(x)}` });
      else if (type.kind === 'conversation' || (type.kind === 'text-or-conversation' && typeof x !== 'string')) {
        const problem = conversationIssue(x);
        const either = type.kind === 'text-or-conversation' ? 'text or ' : '';
        if (problem && !Array.isArray(x)) issues.push({ field: at(f), message: `expected ${either}a conversation ([{"role": "user", "content": "…"}, …]), got ${typeName(x)}` });
        else if (problem) issues.push({ field: at(f), message: `expected ${either}a conversation: ${problem}` });
      } else if (type.kind === 'string[]') {
        if (!Array.isArray(x) || x.length < type.min || !x.every((s) => typeof s === 'string')) {
          issues.push({ field: at(f), message: `expected an array of at least ${numberWord(type.min)} ${type.noun}, got ${typeName(x)}` });
        }
      } else if (type.kind === 'image' || type.kind === 'audio') {
        if (typeof x !== 'string') issues.push({ field: at(f), message: `expected a media URL or /api/media/<id>, got ${typeName(x)}` });
        else if (x.startsWith('/api/media/')) {
          const m = MEDIA_REF.exec(x);
          if (!m) issues.push({ field: at(f), message: `"${x}" is not a media reference: expected /api/media/<64 hex characters>` });
          else mediaRefs.push({ field: at(f), id: m[1] });
        } else {
          // Media must be stored with the project: an outside URL may change, vanish or track who looks at it.
          issues.push({ field: at(f), message: `"${x.slice(0, 80)}" is not media of this project: upload the file (console Media tab, or POST /api/projects/<id>/media) and put the /api/media/<id> URL it returns in this field` });
        }
      }
    }

    let prelabels: Record<string, unknown> | null = null;
    // A Triad JSONL export re-imported offers its finals (people's work) as suggestions, else its prelabels.
    const hasFinal = v.final !== undefined && v.final !== null && Object.hasOwn(v, 'data');
    const preKey = hasFinal ? 'final' : v.prelabels !== undefined && v.prelabels !== null ? 'prelabels' : null;
    if (preKey) prelabels = answersByQuestion(preKey, v[preKey], issues, data);

    const gold = v.gold === undefined || v.gold === null ? null : answersByQuestion('gold', v.gold, issues, data);

    let expertise: string[] = [];
    if (v.expertise !== undefined && v.expertise !== null) {
      const r = expertiseField.safeParse(v.expertise);
      if (!r.success) for (const i of r.error.issues.slice(0, 3)) issues.push({ field: ['expertise', ...i.path.map(String)].join('.'), message: i.message });
      else expertise = r.data;
    }
    for (const rule of settings.expertiseRules) {
      const x = own(data, rule.field);
      if ((typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') && String(x) === rule.equals) expertise.push(rule.domain);
    }
    expertise = [...new Set(expertise)].sort();

    let priority = 0;
    if (v.priority !== undefined && v.priority !== null) {
      const r = priorityField.safeParse(v.priority);
      if (!r.success) issues.push({ field: 'priority', message: r.error.issues[0].message });
      else priority = r.data;
    }

    if (issues.length) return { issues };
    return { row: { externalId, data, prelabels, gold, expertise, priority, sameRowId: Number.isSafeInteger(sameRowId) ? sameRowId : null, mediaRefs }, issues };
  };
}

const numberWord = (n: number) => ['no', 'one', 'two', 'three', 'four'][n] ?? String(n);

function typeName(x: unknown): string {
  if (Array.isArray(x)) return 'an array';
  if (x === null) return 'null';
  return typeof x === 'object' ? 'an object' : `${typeof x} ${JSON.stringify(x).slice(0, 40)}`;
}
