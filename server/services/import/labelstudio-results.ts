import type { ProjectSchema } from '@shared/tasks/question.js';

// Checks and conversions of single Label Studio results whose meaning Triad's answers cannot hold as
// written: spans that disagree with the text, rotated rectangles, regions with several labels, and
// results no question takes.

const num = (x: unknown): number => (typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : NaN);
const show = (s: string, max = 40) => JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);

/**
 * Why an entity span cannot be taken: offsets that are not whole numbers, beyond the text, or a
 * `value.text` that differs from the text between them (the file was made from another text). Null
 * when the span fits; a text that is not there is the row validator's to report.
 */
export function spanProblem(v: Record<string, any>, text: unknown): string | null {
  const { start, end } = v;
  const name = `span ${start}–${end}${typeof v.text === 'string' ? ` ${show(v.text)}` : ''}`;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start) return `${name}: start and end must be whole offsets with start < end`;
  if (typeof text !== 'string') return null;
  if (end > text.length) return `${name} ends beyond the text (${text.length} characters)`;
  const slice = text.slice(start, end);
  if (typeof v.text === 'string' && v.text !== slice) return `${name} does not match the text at those offsets (${show(slice)})`;
  return null;
}

/** Labels of a region: every one it carries, as Label Studio lets a region hold several. */
export function regionLabels(v: Record<string, any>, ...keys: string[]): string[] {
  for (const k of keys) if (Array.isArray(v[k])) return v[k].filter((x: unknown): x is string => typeof x === 'string');
  return [];
}

/**
 * A rectangle in percent of the image as an axis-aligned box in pixels. Label Studio turns a rectangle
 * by `rotation` degrees clockwise around its top-left corner; Triad's boxes are not turned, so a turned
 * one becomes the box enclosing its four corners and `rotated` says by how much it was turned.
 */
export function rectangleBox(v: Record<string, any>, size: { w: number; h: number }): { x: number; y: number; w: number; h: number; rotated: number } {
  const x = (num(v.x) / 100) * size.w;
  const y = (num(v.y) / 100) * size.h;
  const w = (num(v.width) / 100) * size.w;
  const h = (num(v.height) / 100) * size.h;
  const deg = Number.isFinite(num(v.rotation)) ? ((num(v.rotation) % 360) + 360) % 360 : 0;
  if (deg === 0) return { x, y, w, h, rotated: 0 };
  const t = (deg * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  const xs = [0, w * c, -h * s, w * c - h * s].map((d) => x + d);
  const ys = [0, w * s, h * c, w * s + h * c].map((d) => y + d);
  const x0 = Math.min(...xs);
  const y0 = Math.min(...ys);
  return { x: x0, y: y0, w: Math.max(...xs) - x0, h: Math.max(...ys) - y0, rotated: deg };
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
export function unmatchedReason(r: { type?: unknown; from_name?: unknown }, schema: ProjectSchema, fills: readonly string[]): string {
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
