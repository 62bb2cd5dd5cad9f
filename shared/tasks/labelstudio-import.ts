import type { ProjectSchema, Question } from './question';
import type { FieldIssue, LineWarning, LsInput, LsReadContext } from './interop';
import { taskInterops } from './registry';
import { questionInterop } from './question-module';
import { isObject, num, str } from './labelstudio-read';

// Label Studio results to prelabels: which question each result fills, then that question's type reads it.

/** Which question types each Label Studio result type can fill, in registry order (a Map: types come from the file). */
const FILLS = new Map<string, Question['type'][]>();
for (const [type, io] of Object.entries(taskInterops) as Array<[Question['type'], { labelStudio: { fills: readonly string[] } }]>) {
  for (const f of io.labelStudio.fills) FILLS.set(f, [...(FILLS.get(f) ?? []), type]);
}
const fillsOf = (r: LsInput) => (typeof r.type === 'string' ? FILLS.get(r.type) : undefined) ?? [];

/** Results of an annotation-like entry, leaving out anything that is not a result object. */
export const resultsOf = (a: unknown): LsInput[] => (isObject(a) && Array.isArray(a.result) ? a.result.filter(isObject) : []);

function sizeOf(r: LsInput): { w: number; h: number } | undefined {
  const w = num(r.original_width);
  const h = num(r.original_height);
  return w > 0 && h > 0 ? { w, h } : undefined;
}

/** The question a `<question>_<part>` result belongs to (the longest question id that prefixes it). */
export function partOf(r: LsInput, schema: ProjectSchema): { q: Question; part: string } | undefined {
  const name = typeof r.from_name === 'string' ? r.from_name : '';
  let best: Question | undefined;
  for (const q of schema) if (name.startsWith(`${q.id}_`) && (!best || q.id.length > best.id.length)) best = q;
  return best ? { q: best, part: name.slice(best.id.length + 1) } : undefined;
}

function questionFor(r: LsInput, schema: ProjectSchema): Question | undefined {
  const fills = fillsOf(r);
  const named = schema.find((q) => q.id === r.from_name);
  if (named) return fills.includes(named.type) ? named : undefined;
  if (partOf(r, schema)) return undefined;
  const candidates = schema.filter((q) => fills.includes(q.type));
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** Result types no Triad question type holds, with what they are, for the report. */
const NO_QUESTION_TYPE = new Map<string, string>([
  ['datetime', 'a date or time'], ['polygonlabels', 'a polygon'], ['polygon', 'a polygon'], ['keypointlabels', 'a key point'],
  ['keypoint', 'a key point'], ['brushlabels', 'a brush mask'], ['brush', 'a brush mask'], ['ellipselabels', 'an ellipse'],
  ['ellipse', 'an ellipse'], ['relation', 'a relation between regions'], ['videorectangle', 'a video box'],
  ['timeserieslabels', 'a time series region'], ['hypertextlabels', 'an HTML span'], ['paragraphlabels', 'a dialogue span'],
]);

/**
 * Why a result no question took was left out: its type has no Triad counterpart, its `from_name` names
 * a question of another type, or no single question of a type it fills exists.
 */
function unmatchedReason(r: LsInput, schema: ProjectSchema): string {
  const fills = fillsOf(r);
  // String() would run a JSON object's own `toString` key (and throw): only a string type is shown as given.
  const type = typeof r.type === 'string' ? r.type : `(${r.type === null ? 'null' : Array.isArray(r.type) ? 'an array' : typeof r.type})`;
  const name = typeof r.from_name === 'string' ? r.from_name : '';
  const what = NO_QUESTION_TYPE.get(type);
  if (!fills.length) return `a "${type}" result (${what ?? 'a kind Triad has no question for'}) from "${name}": no Triad question type holds it, left out`;
  const named = schema.find((q) => q.id === name);
  if (named) return `"${name}" is a ${named.type} question here, which cannot hold a "${type}" result: left out`;
  const candidates = schema.filter((q) => fills.includes(q.type));
  return candidates.length
    ? `a "${type}" result from "${name}": no question is named so, and ${candidates.length} questions (${candidates.map((q) => q.id).join(', ')}) could take it: name the question in from_name`
    : `a "${type}" result from "${name}": the project has no ${fills.join(' or ')} question to hold it, left out`;
}

/**
 * The prelabels a list of results gives. Results map to questions by `from_name` = question id, or else
 * to the only question of a type that result type can fill; each question's type reads its results.
 * Results of one question's parts (a rating's criteria, a ranking's strength, an audio segment's
 * transcript) are named `<question>_<part>` and read after the question's main results. `where` is the
 * list's place in the file; `siblings` are every result of the task, where image sizes may be found.
 */
export function lsResultsToPrelabels(
  source: LsInput[], schema: ProjectSchema, data: Record<string, unknown>, where: string, siblings: LsInput[] = source,
): { prelabels: Record<string, any>; issues: FieldIssue[]; warnings: LineWarning[] } {
  const issues: FieldIssue[] = [];
  const warnings: LineWarning[] = [];
  // Image sizes travel on each result; a prediction without them borrows them from any other result of
  // the same image in the task (Label Studio's own predictions often lack them).
  const sizes = new Map<unknown, { w: number; h: number }>();
  for (const r of siblings) {
    const size = sizeOf(r);
    if (size) sizes.set(r.to_name ?? '', size);
  }
  const prelabels = Object.create(null) as Record<string, any>;
  const regions = new Map<unknown, Record<string, unknown>>();
  const context = (path: string, questionId: string): LsReadContext => ({
    path, questionId, data, regions,
    issue: (i) => issues.push(i),
    warn: (w) => warnings.push(w),
    several(labels, what) {
      if (labels.length > 1) warnings.push({ field: `${path}.value`, kind: 'converted', message: `a region with ${labels.length} labels (${labels.join(', ')}) became ${labels.length} ${what}, one per label` });
      return labels;
    },
    imageSize: (r) => sizeOf(r) ?? sizes.get(r.to_name ?? ''),
  });
  const parts: Array<{ r: LsInput; q: Question; part: string; path: string }> = [];
  source.forEach((r, i) => {
    const path = `${where}.${i}`;
    const q = questionFor(r, schema);
    if (!q) {
      const p = partOf(r, schema);
      if (p) parts.push({ r, ...p, path });
      else warnings.push({ field: path, kind: 'skipped', message: unmatchedReason(r, schema) });
      return;
    }
    const v: Record<string, any> = isObject(r.value) ? r.value : {};
    const next = questionInterop(q).labelStudio.read(r, v, prelabels[q.id], q.config, context(path, q.id));
    if (next !== undefined) prelabels[q.id] = next;
  });
  for (const { r, q, part, path } of parts) {
    const v: Record<string, any> = isObject(r.value) ? r.value : {};
    const { prelabel, used } = questionInterop(q).labelStudio.readPart(r, v, part, prelabels[q.id], q.config, context(path, q.id));
    if (prelabel !== undefined) prelabels[q.id] = prelabel;
    if (!used) warnings.push({ field: path, kind: 'skipped', message: `a "${str(r.type)}" result "${str(r.from_name)}" is no part of ${q.type} question "${q.id}" that Triad reads: left out` });
  }
  return { prelabels, issues, warnings };
}
