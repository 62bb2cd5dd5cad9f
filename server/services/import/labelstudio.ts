import type { ProjectSchema } from '@shared/tasks/question.js';
import type { FieldIssue, LsInput } from '@shared/tasks/interop.js';
import { questionModule } from '@shared/tasks/question-module.js';
import { visibility } from '@shared/tasks/conditions.js';
import { lsResultsToPrelabels, partOf, resultsOf } from '@shared/tasks/labelstudio-import.js';
import { forbiddenNameMessage, isForbiddenName } from './limits.js';
import { pickLsSource, type LineWarning, type LsPickOptions } from './labelstudio-pick.js';

const isObject = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);
const own = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

/**
 * Turns a Label Studio task into an import row: `data` as is, `meta.external_id` (as Triad's own export
 * writes it) or else the task id as external id, and as prelabels the result pickLsSource chooses (the
 * newest annotation, or a prediction). Results map to questions by `from_name` = question id, or else to
 * the only question of a type that result type can fill; `number` results become a rating, `taxonomy`
 * leaves a classification. Everything taken differently or left out is a warning; a span that does not
 * fit the text is an issue.
 * A result whose type or name is a reserved object key (`__proto__`, `constructor`, `prototype`) is an
 * issue: those names are never used to look anything up.
 */
export function labelStudioTaskToRow(
  task: unknown, schema: ProjectSchema, opts: LsPickOptions = { annotations: 'prelabels' },
): { value?: Record<string, unknown>; issues: FieldIssue[]; warnings: LineWarning[] } {
  const warnings: LineWarning[] = [];
  if (!isObject(task)) return { issues: [{ field: '(item)', message: 'expected a Label Studio task object' }], warnings };
  const t = task;
  if (!isObject(t.data)) return { issues: [{ field: 'data', message: 'a Label Studio task needs a "data" object' }], warnings };
  const out: Record<string, unknown> = { data: t.data };
  const meta = isObject(t.meta) ? t.meta : undefined;
  const metaId = meta ? own(meta, 'external_id') : undefined;
  if (metaId !== undefined && metaId !== null) {
    if (typeof metaId !== 'string' && typeof metaId !== 'number') return { issues: [{ field: 'meta.external_id', message: 'an external id must be a string or a number' }], warnings };
    out.external_id = String(metaId);
  } else if (metaId === null && meta && typeof meta.triad_row_id === 'number') {
    // Triad's export of a row that had no external id: it stays without one, known again by its row id.
    out.triad_row_id = meta.triad_row_id;
  } else if (t.id !== undefined && t.id !== null) {
    if (typeof t.id !== 'string' && typeof t.id !== 'number') return { issues: [{ field: 'id', message: 'a task id must be a string or a number' }], warnings };
    out.external_id = String(t.id);
  }
  if (meta && Array.isArray(meta.expertise)) out.expertise = meta.expertise;
  if (meta && typeof meta.priority === 'number') out.priority = meta.priority;

  const picked = pickLsSource(t, opts);
  warnings.push(...picked.warnings);
  const source = picked.result as LsInput[] | undefined;
  const where = picked.where;
  if (!source) return { value: out, issues: [], warnings };

  const issues: FieldIssue[] = [];
  source.forEach((r, i) => {
    if (!isObject(r)) { issues.push({ field: `${where}.${i}`, message: 'expected a result object' }); return; }
    for (const key of ['type', 'from_name'] as const) {
      if (typeof r[key] === 'string' && isForbiddenName(r[key])) issues.push({ field: `${where}.${i}.${key}`, message: forbiddenNameMessage(r[key]) });
    }
    const p = partOf(r, schema);
    if (p && isForbiddenName(p.part)) issues.push({ field: `${where}.${i}.from_name`, message: forbiddenNameMessage(p.part) });
  });
  if (issues.length) return { issues, warnings };

  const siblings = [t.annotations, t.completions, t.predictions].flatMap((list) => (Array.isArray(list) ? list.flatMap(resultsOf) : []));
  const read = lsResultsToPrelabels(source, schema, t.data, where, siblings);
  issues.push(...read.issues);
  warnings.push(...read.warnings);
  const prelabels = read.prelabels;
  // Triad's own export writes a final as an annotation, and an empty answer (no label, no span, no text)
  // as no result at all: the questions it has no result for were answered empty, unless their condition
  // hid them (a hidden question is not stored, so it has no answer to restore).
  if (meta && typeof meta.triad_row_id === 'number' && where.startsWith('annotations.')) {
    const v = visibility(schema, prelabels, t.data);
    for (const q of schema) {
      if (Object.hasOwn(prelabels, q.id) || v.hidden.has(q.id) || v.items.get(q.id)?.length === 0) continue;
      prelabels[q.id] = questionModule(q).empty(q.config as never);
    }
  }
  if (Object.keys(prelabels).length) out.prelabels = prelabels;
  return { value: out, issues, warnings };
}
