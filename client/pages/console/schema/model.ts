import { schemaSchema, type ProjectSchema, type ProjectSchemaInput } from '@shared/tasks/question';
import type { TaskType } from '@shared/tasks/types';
import { PALETTE } from '../../../tasks/common/labels';

/**
 * A question as the builder edits it: the API's input shape (defaults may be left out, a label may be a
 * bare string), with the config loosely typed because the form writes it field by field and the shared
 * zod schema is the one judge of whether the result is valid.
 */
export interface DraftQuestion {
  id: string;
  type: TaskType;
  title: string;
  description?: string;
  required?: boolean;
  config: Record<string, unknown>;
}

export interface DraftLabel {
  value: string;
  title?: string;
  hotkey?: string;
  color?: string;
  description?: string;
}

export const TYPE_NAMES: Record<TaskType, string> = {
  classification: 'Classification', ner: 'Entity tagging', bbox: 'Bounding boxes', audio: 'Audio segments',
  ranking: 'Response ranking', rating: 'Rubric rating', text: 'Free text',
};

const BASE_IDS: Record<TaskType, string> = {
  classification: 'label', ner: 'entities', bbox: 'boxes', audio: 'segments', ranking: 'preference', rating: 'rating', text: 'answer',
};

const labels = (values: string[]): DraftLabel[] =>
  values.map((value, i) => ({ value, hotkey: String(i + 1), color: PALETTE[i % PALETTE.length] }));

/** A new question of a type with a config its module accepts, and an id not yet used in the schema. */
export function newQuestion(type: TaskType, taken: readonly string[]): DraftQuestion {
  let id = BASE_IDS[type];
  for (let n = 2; taken.includes(id); n++) id = `${BASE_IDS[type]}_${n}`;
  const q = { id, type, title: TYPE_NAMES[type] };
  switch (type) {
    case 'classification':
      return { ...q, title: 'Which label fits best?', config: { field: 'text', multiple: false, labels: labels(['positive', 'negative', 'neutral']) } };
    case 'ner':
      return { ...q, title: 'Tag the entities', config: { field: 'text', labels: labels(['PER', 'ORG', 'LOC']), allowOverlap: false, snapToWords: true, threshold: 0.8 } };
    case 'bbox':
      return { ...q, title: 'Box every object', config: { field: 'image', labels: labels(['car', 'person']), iouThreshold: 0.5, f1Threshold: 0.8 } };
    case 'audio':
      return { ...q, title: 'Segment and transcribe', config: { field: 'audio', labels: labels(['speech', 'noise']), transcribe: true, clipQuestions: [] } };
    case 'ranking':
      return { ...q, title: 'Which response is better?', config: { promptField: 'prompt', responsesField: 'responses', mode: 'pairwise', allowTie: true, reasonMinLength: 0, flagClaims: true } };
    case 'rating':
      return {
        ...q, title: 'Rate the response',
        config: { field: 'response', criteria: [{ id: 'accuracy', title: 'Accuracy', min: 1, max: 5, tolerance: 1 }, { id: 'helpfulness', title: 'Helpfulness', min: 1, max: 5, tolerance: 1 }], rationaleMinLength: 0 },
      };
    case 'text':
      return { ...q, title: 'Write the ideal answer', config: { field: 'prompt', minLength: 1, threshold: 0.9 } };
  }
}

/** A label as the form shows it, whether the JSON wrote it as a bare string or as an object. */
export const labelOf = (l: unknown): DraftLabel => (typeof l === 'string' ? { value: l } : { ...(l as DraftLabel) });

export function move<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from === to) return [...list];
  const out = [...list];
  const [x] = out.splice(from, 1);
  out.splice(to, 0, x);
  return out;
}

/** "[1].config.labels[0].value": the path style the builder shows (and the tests look for). */
export function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

export interface SchemaIssue {
  /** The question the issue is about, or null for the schema as a whole. */
  index: number | null;
  /** Path inside the question (e.g. `config.labels[1].hotkey`), empty for the question itself. */
  path: string;
  /** Path from the schema's root, as the JSON view shows it (e.g. `[0].config.labels[1].hotkey`). */
  fullPath: string;
  message: string;
}

export type Validation = { ok: true; schema: ProjectSchema; issues: [] } | { ok: false; schema: null; issues: SchemaIssue[] };

export function validateSchema(questions: unknown): Validation {
  const r = schemaSchema.safeParse(questions);
  if (r.success) return { ok: true, schema: r.data, issues: [] };
  return {
    ok: false,
    schema: null,
    issues: r.error.issues.map((i) => {
      const [head, ...rest] = i.path;
      return {
        index: typeof head === 'number' ? head : null,
        path: typeof head === 'number' ? pathText(rest) : pathText(i.path),
        fullPath: pathText(i.path),
        message: i.message,
      };
    }),
  };
}

export type JsonParse =
  | { ok: true; questions: DraftQuestion[] }
  | { ok: false; kind: 'syntax'; message: string; line: number | null; column: number | null }
  | { ok: false; kind: 'schema'; issues: SchemaIssue[] };

/** Where a JSON.parse failure is, as line and column (engines name a character offset, some also line/column). */
function syntaxPosition(text: string, message: string): { line: number | null; column: number | null } {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  if (!pos) {
    // "Unexpected end of JSON input": the problem is at the very end.
    if (/end of (JSON|data)/i.test(message)) {
      const lines = text.split('\n');
      return { line: lines.length, column: lines[lines.length - 1].length + 1 };
    }
    return { line: null, column: null };
  }
  const before = text.slice(0, Number(pos[1])).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** The JSON view's text back into questions, or what is wrong with it (syntax with line/column, schema with paths). */
export function parseSchemaJson(text: string): JsonParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    return { ok: false, kind: 'syntax', message, ...syntaxPosition(text, message) };
  }
  const v = validateSchema(value);
  if (!v.ok) return { ok: false, kind: 'schema', issues: v.issues };
  return { ok: true, questions: value as DraftQuestion[] };
}

export const schemaJson = (questions: readonly DraftQuestion[]) => JSON.stringify(questions, null, 2);

export const asSchemaInput = (questions: readonly DraftQuestion[]) => questions as unknown as ProjectSchemaInput;

/** The data fields a question reads, by config key (so a sample row can fill each with the right kind of value). */
function fieldsOf(q: ProjectSchema[number]): Array<{ name: string; kind: 'text' | 'image' | 'audio' | 'responses' | 'prompt' }> {
  const c = q.config as Record<string, unknown>;
  const f = (k: string) => (typeof c[k] === 'string' && c[k] ? (c[k] as string) : null);
  const out: Array<{ name: string; kind: 'text' | 'image' | 'audio' | 'responses' | 'prompt' }> = [];
  const push = (name: string | null, kind: (typeof out)[number]['kind']) => {
    if (name) out.push({ name, kind });
  };
  switch (q.type) {
    case 'bbox': push(f('field'), 'image'); break;
    case 'audio': push(f('field'), 'audio'); break;
    case 'ranking': push(f('promptField'), 'prompt'); push(f('responsesField'), 'responses'); break;
    case 'text': push(f('field'), 'prompt'); push(f('sourceField'), 'text'); break;
    default: push(f('field'), 'text');
  }
  return out;
}

// A small drawn picture, so a box question's preview has something to draw on without any upload.
const SAMPLE_IMAGE = `data:image/svg+xml;utf8,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400"><rect width="640" height="400" fill="#dfe7f1"/>' +
    '<rect x="60" y="230" width="220" height="90" rx="18" fill="#c0392b"/><circle cx="110" cy="330" r="26" fill="#333"/>' +
    '<circle cx="235" cy="330" r="26" fill="#333"/><rect x="420" y="150" width="50" height="170" rx="20" fill="#2f6f3e"/>' +
    '<circle cx="445" cy="120" r="30" fill="#e0b48a"/></svg>',
)}`;

/** A made-up row for the preview when the project has no rows yet, with a plausible value in every field the schema reads. */
export function sampleRow(schema: ProjectSchema): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const q of schema) {
    for (const { name, kind } of fieldsOf(q)) {
      if (name in data) continue;
      switch (kind) {
        case 'image': data[name] = SAMPLE_IMAGE; break;
        case 'audio': data[name] = ''; break;
        case 'prompt': data[name] = 'How do I reset my router to its factory settings?'; break;
        case 'responses':
          data[name] = [
            'Hold the reset button on the back for about ten seconds, until the lights blink; it then restarts with the factory settings.',
            'Unplug it and plug it back in.',
          ];
          break;
        case 'text':
          data[name] = 'Acme Corp. hired Maria Lopez in Berlin last March to lead its new cloud team, the company said on Tuesday.';
          break;
      }
    }
  }
  return data;
}
