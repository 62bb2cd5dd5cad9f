import type { ProjectSchema, Question } from '@shared/tasks/question.js';
import type { FieldIssue } from './validate.js';
import { forbiddenNameMessage, isForbiddenName } from './limits.js';

/** A result entry as read from the file: every field may be missing or of the wrong type. */
interface LsResult {
  id?: unknown;
  type?: unknown;
  from_name?: unknown;
  to_name?: unknown;
  value?: Record<string, any>;
  original_width?: unknown;
  original_height?: unknown;
}

/** Which Triad question type each Label Studio result type can fill (a Map: types come from the file). */
const FILLS = new Map<string, Question['type'][]>([
  ['choices', ['classification']],
  ['labels', ['ner', 'audio']],
  ['rectanglelabels', ['bbox']],
  ['rectangle', ['bbox']],
  ['textarea', ['text']],
  ['rating', ['rating']],
  ['pairwise', ['ranking']],
  ['ranker', ['ranking']],
]);

const isObject = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);
/** Results of an annotation-like entry, leaving out anything that is not a result object. */
const resultsOf = (a: unknown): LsResult[] => (isObject(a) && Array.isArray(a.result) ? a.result.filter(isObject) : []);
// Number() and String() run a JSON object's own `valueOf`/`toString` keys (and throw on them): convert only primitives.
const num = (x: unknown): number => (typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : NaN);
const str = (x: unknown): string => (typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : '');
const own = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
const dict = () => Object.create(null) as Record<string, any>;

/**
 * Turns a Label Studio task into an import row: `data` as is, the task id as external id, and as
 * prelabels the first prediction's result, or else (a task exported with annotations, or the older
 * `completions` layout) the first non-cancelled annotation's result, so labels made elsewhere come in
 * as suggestions to confirm. Results map to questions by `from_name` = question id, or else to the only
 * question of a type that result type can fill; results of other kinds (polygons, key points) are left out.
 * A result whose type or name is a reserved object key (`__proto__`, `constructor`, `prototype`) is an
 * issue: those names are never used to look anything up.
 */
export function labelStudioTaskToRow(task: unknown, schema: ProjectSchema): { value?: Record<string, unknown>; issues: FieldIssue[] } {
  if (!isObject(task)) return { issues: [{ field: '(item)', message: 'expected a Label Studio task object' }] };
  const t = task;
  if (!isObject(t.data)) return { issues: [{ field: 'data', message: 'a Label Studio task needs a "data" object' }] };
  const out: Record<string, unknown> = { data: t.data };
  if (t.id !== undefined && t.id !== null) {
    if (typeof t.id !== 'string' && typeof t.id !== 'number') return { issues: [{ field: 'id', message: 'a task id must be a string or a number' }] };
    out.external_id = String(t.id);
  }
  if (isObject(t.meta) && Array.isArray(t.meta.expertise)) out.expertise = t.meta.expertise;

  let source: LsResult[] | undefined;
  let where = '';
  const predictions: unknown[] = Array.isArray(t.predictions) ? t.predictions : [];
  const pred = predictions.findIndex((p) => resultsOf(p).length > 0);
  if (pred >= 0) { source = (predictions[pred] as { result: unknown[] }).result as LsResult[]; where = `predictions.${pred}.result`; }
  for (const key of ['annotations', 'completions']) {
    const list = t[key];
    if (source || !Array.isArray(list)) continue;
    const k = list.findIndex((a) => isObject(a) && !a.was_cancelled && resultsOf(a).length > 0);
    if (k >= 0) { source = list[k].result; where = `${key}.${k}.result`; }
  }
  if (!source) return { value: out, issues: [] };

  const issues: FieldIssue[] = [];
  source.forEach((r, i) => {
    if (!isObject(r)) { issues.push({ field: `${where}.${i}`, message: 'expected a result object' }); return; }
    for (const key of ['type', 'from_name'] as const) {
      if (typeof r[key] === 'string' && isForbiddenName(r[key])) issues.push({ field: `${where}.${i}.${key}`, message: forbiddenNameMessage(r[key]) });
    }
    const p = partOf(r, schema);
    if (p && isForbiddenName(p.part)) issues.push({ field: `${where}.${i}.from_name`, message: forbiddenNameMessage(p.part) });
  });
  if (issues.length) return { issues };

  // Image sizes travel on each result; a prediction without them borrows them from any other result of
  // the same image in the task (Label Studio's own predictions often lack them).
  const sizes = new Map<unknown, { w: number; h: number }>();
  const allResults = [t.annotations, t.completions, t.predictions].flatMap((list) => (Array.isArray(list) ? list.flatMap(resultsOf) : []));
  for (const r of allResults) {
    const size = sizeOf(r);
    if (size) sizes.set(r.to_name ?? '', size);
  }

  const prelabels = dict();
  // Results of one question's parts (a rating's criteria, a ranking's strength, an audio segment's
  // transcript) are named `<question>_<part>`; they are applied after the question's main results.
  const parts: Array<{ r: LsResult; q: Question; part: string }> = [];
  const segmentById = new Map<unknown, { text?: string }>();
  source.forEach((r, i) => {
    const path = `${where}.${i}`;
    const q = questionFor(r, schema);
    if (!q) {
      const p = partOf(r, schema);
      if (p) parts.push({ r, ...p });
      return;
    }
    const v: Record<string, any> = isObject(r.value) ? r.value : {};
    const labelOf = (k: string) => (Array.isArray(v[k]) ? v[k][0] : undefined) as string | undefined;
    switch (q.type) {
      case 'classification': {
        const a = (prelabels[q.id] ??= { labels: [] as unknown[] });
        for (const c of Array.isArray(v.choices) ? v.choices : []) if (!a.labels.includes(c)) a.labels.push(c);
        break;
      }
      case 'ner': {
        if (typeof v.start !== 'number' || typeof v.end !== 'number') { issues.push({ field: `${path}.value`, message: 'a labels result needs numeric start and end offsets' }); return; }
        const a = (prelabels[q.id] ??= { spans: [] as unknown[] });
        const field = own(t.data, q.config.field);
        const text = typeof v.text === 'string' ? v.text : typeof field === 'string' ? field.slice(v.start, v.end) : '';
        a.spans.push({ start: v.start, end: v.end, label: labelOf('labels') ?? '', text });
        break;
      }
      case 'audio': {
        const a = (prelabels[q.id] ??= { segments: [] as unknown[], clip: dict() });
        const seg: { start: number; end: number; label: string; text?: string } = { start: num(v.start), end: num(v.end), label: labelOf('labels') ?? '' };
        if (typeof v.text === 'string') seg.text = v.text;
        if (r.id !== undefined) segmentById.set(r.id, seg);
        a.segments.push(seg);
        break;
      }
      case 'bbox': {
        const size = sizeOf(r) ?? sizes.get(r.to_name ?? '');
        if (!size) { issues.push({ field: `${path}.original_width`, message: 'a rectangle in percent needs original_width and original_height to become pixels' }); return; }
        const a = (prelabels[q.id] ??= { width: size.w, height: size.h, boxes: [] as unknown[] });
        a.boxes.push({
          x: (num(v.x) / 100) * size.w, y: (num(v.y) / 100) * size.h,
          w: (num(v.width) / 100) * size.w, h: (num(v.height) / 100) * size.h,
          label: labelOf('rectanglelabels') ?? labelOf('labels') ?? q.config.labels[0].value,
        });
        break;
      }
      case 'text':
        prelabels[q.id] = { text: textOf(v) };
        break;
      case 'rating': {
        const a = (prelabels[q.id] ??= { scores: dict(), rationale: '' });
        a.scores[q.config.criteria[0].id] = num(v.rating);
        break;
      }
      case 'ranking': {
        if (r.type === 'ranker') {
          const order = (isObject(v.ranker) && Array.isArray(v.ranker.rank) ? v.ranker.rank : []).map(num);
          prelabels[q.id] = { preferred: order[0] ?? null, order, strength: null, reason: '', claims: [] };
          break;
        }
        const preferred = v.selected === 'left' ? 0 : v.selected === 'right' ? 1 : null;
        const side = preferred === 0 ? -1 : 1;
        const mild = q.config.scale.map((s) => s.value).filter((x) => Math.sign(x) === side).sort((a, b) => Math.abs(a) - Math.abs(b))[0] ?? null;
        prelabels[q.id] = { preferred, strength: preferred === null ? null : mild, reason: '', claims: [] };
        break;
      }
    }
  });
  for (const { r, q, part } of parts) {
    const v: Record<string, any> = isObject(r.value) ? r.value : {};
    if (q.type === 'rating') {
      const a = (prelabels[q.id] ??= { scores: dict(), rationale: '' });
      if (r.type === 'rating' && q.config.criteria.some((c) => c.id === part)) a.scores[part] = num(v.rating);
      else if (r.type === 'textarea' && part === 'rationale') a.rationale = textOf(v);
    } else if (q.type === 'ranking' && prelabels[q.id]) {
      if (r.type === 'rating' && part === 'strength') prelabels[q.id].strength = num(v.rating);
      else if (r.type === 'textarea' && part === 'reason') prelabels[q.id].reason = textOf(v);
    } else if (q.type === 'audio') {
      const a = (prelabels[q.id] ??= { segments: [] as unknown[], clip: dict() });
      const seg = r.id !== undefined ? segmentById.get(r.id) : undefined;
      if (r.type === 'textarea' && part === 'transcript') { if (seg) seg.text = textOf(v); }
      else if (r.type === 'choices' && Array.isArray(v.choices)) a.clip[part] = v.choices[0];
      else if (r.type === 'rating') a.clip[part] = num(v.rating);
    }
  }
  if (Object.keys(prelabels).length) out.prelabels = prelabels;
  return { value: out, issues };
}

function sizeOf(r: LsResult): { w: number; h: number } | undefined {
  const w = num(r.original_width);
  const h = num(r.original_height);
  return w > 0 && h > 0 ? { w, h } : undefined;
}

function questionFor(r: LsResult, schema: ProjectSchema): Question | undefined {
  const fills = (typeof r.type === 'string' ? FILLS.get(r.type) : undefined) ?? [];
  const named = schema.find((q) => q.id === r.from_name);
  if (named) return fills.includes(named.type) ? named : undefined;
  if (partOf(r, schema)) return undefined;
  const candidates = schema.filter((q) => fills.includes(q.type));
  return candidates.length === 1 ? candidates[0] : undefined;
}

const textOf = (v: Record<string, any>) => (Array.isArray(v.text) ? v.text.map(str).join('\n') : str(v.text));

/** The question a `<question>_<part>` result belongs to (the longest question id that prefixes it). */
function partOf(r: LsResult, schema: ProjectSchema): { q: Question; part: string } | undefined {
  const name = typeof r.from_name === 'string' ? r.from_name : '';
  let best: Question | undefined;
  for (const q of schema) if (name.startsWith(`${q.id}_`) && (!best || q.id.length > best.id.length)) best = q;
  return best ? { q: best, part: name.slice(best.id.length + 1) } : undefined;
}
