import { schemaSchema, type ProjectSchema, type ProjectSchemaInput } from '@shared/tasks/question';
import type { ShowIf } from '@shared/tasks/conditions';
import type { Scope } from '@shared/tasks/scope';
import { TASK_TYPES, type TaskType } from '@shared/tasks/types';
import { clientTaskModule, moduleOf } from '../../../tasks/registry';

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
  /** Asked once per assistant turn or per response of a field, instead of once per row. */
  scope?: Scope;
  /** Asked only when an earlier question's answer matches. */
  showIf?: ShowIf;
}

export const TYPE_NAMES = Object.fromEntries(TASK_TYPES.map((t) => [t, clientTaskModule(t).name])) as Record<TaskType, string>;

/** A new question of a type with a config its module accepts, and an id not yet used in the schema. */
export function newQuestion(type: TaskType, taken: readonly string[]): DraftQuestion {
  const m = clientTaskModule(type);
  const base = m.starter.questionId;
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}_${n}`;
  return { id, type, title: m.draftStart.title, config: m.draftStart.config() };
}

export { move } from '../../../tasks/config-form/fields';

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

/** A made-up row for the preview when the project has no rows yet, with a plausible value in every field the schema reads. */
export function sampleRow(schema: ProjectSchema): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const q of schema) {
    if (q.scope && !(q.scope.field in data)) data[q.scope.field] = q.scope.each === 'turn' ? SAMPLE_CONVERSATION : SAMPLE_RESPONSES;
    for (const [name, value] of Object.entries(moduleOf(q).sampleData(q.config))) if (!(name in data)) data[name] = value;
  }
  return data;
}

/** What a per-turn question previews on: a short chat with two assistant turns. */
const SAMPLE_CONVERSATION = [
  { role: 'user', content: 'How long should I boil an egg for a runny yolk?' },
  { role: 'assistant', content: 'About 6 minutes from boiling water, then straight into cold water.' },
  { role: 'user', content: 'And for a firm one?' },
  { role: 'assistant', content: 'Around 10 minutes. Older eggs peel more easily.' },
];
/** What a per-response question previews on. */
const SAMPLE_RESPONSES = [
  'Boil it for about 6 minutes, then cool it in cold water.',
  'Eggs are a good source of protein.',
];
