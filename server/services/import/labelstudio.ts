import type { ProjectSchema, Question } from '@shared/tasks/question.js';
import type { FieldIssue } from './validate.js';
import { taskModule } from '@shared/tasks/registry.js';
import { forbiddenNameMessage, isForbiddenName } from './limits.js';
import { pickLsSource, type LineWarning, type LsPickOptions } from './labelstudio-pick.js';
import { rectangleBox, regionLabels, spanProblem, unmatchedReason } from './labelstudio-results.js';

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
  ['taxonomy', ['classification']],
  ['number', ['rating']],
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
  const source = picked.result as LsResult[] | undefined;
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
  const parts: Array<{ r: LsResult; q: Question; part: string; path: string }> = [];
  const segmentById = new Map<unknown, { text?: string }>();
  source.forEach((r, i) => {
    const path = `${where}.${i}`;
    const q = questionFor(r, schema);
    if (!q) {
      const p = partOf(r, schema);
      if (p) parts.push({ r, ...p, path });
      else warnings.push({ field: path, kind: 'skipped', message: unmatchedReason(r, schema, (typeof r.type === 'string' ? FILLS.get(r.type) : undefined) ?? []) });
      return;
    }
    const v: Record<string, any> = isObject(r.value) ? r.value : {};
    // A region may carry several labels: it becomes one span, segment or box per label, said in the report.
    const several = (labels: string[], what: string) => {
      if (labels.length > 1) warnings.push({ field: `${path}.value`, kind: 'converted', message: `a region with ${labels.length} labels (${labels.join(', ')}) became ${labels.length} ${what}, one per label` });
      return labels;
    };
    switch (q.type) {
      case 'classification': {
        const a = (prelabels[q.id] ??= { labels: [] as unknown[] });
        let choices: unknown[] = Array.isArray(v.choices) ? v.choices : [];
        if (r.type === 'taxonomy') {
          const paths: unknown[][] = (Array.isArray(v.taxonomy) ? v.taxonomy : []).filter(Array.isArray);
          choices = paths.map((p) => p[p.length - 1]).filter((x) => typeof x === 'string');
          warnings.push({ field: `${path}.value.taxonomy`, kind: 'converted', message: `taxonomy ${paths.map((p) => p.map(str).join(' / ')).join('; ')} → labels ${choices.join(', ')} of "${q.id}" (the leaf of each path)` });
        }
        for (const c of choices) if (!a.labels.includes(c)) a.labels.push(c);
        break;
      }
      case 'ner': {
        if (typeof v.start !== 'number' || typeof v.end !== 'number') { issues.push({ field: `${path}.value`, message: 'a labels result needs numeric start and end offsets' }); return; }
        const field = own(t.data, q.config.field);
        const bad = spanProblem(v, field);
        if (bad) { issues.push({ field: `${path}.value`, message: bad }); return; }
        const a = (prelabels[q.id] ??= { spans: [] as unknown[] });
        const text = typeof field === 'string' ? field.slice(v.start, v.end) : typeof v.text === 'string' ? v.text : '';
        for (const label of several(regionLabels(v, 'labels'), 'spans')) a.spans.push({ start: v.start, end: v.end, label, text });
        break;
      }
      case 'audio': {
        const a = (prelabels[q.id] ??= { segments: [] as unknown[], clip: dict() });
        const labels = several(regionLabels(v, 'labels'), 'segments');
        labels.forEach((label, k) => {
          const seg: { start: number; end: number; label: string; text?: string } = { start: num(v.start), end: num(v.end), label };
          if (typeof v.text === 'string') seg.text = v.text;
          if (r.id !== undefined && k === 0) segmentById.set(r.id, seg);
          a.segments.push(seg);
        });
        break;
      }
      case 'bbox': {
        const size = sizeOf(r) ?? sizes.get(r.to_name ?? '');
        if (!size) { issues.push({ field: `${path}.original_width`, message: 'a rectangle in percent needs original_width and original_height to become pixels' }); return; }
        const a = (prelabels[q.id] ??= { width: size.w, height: size.h, boxes: [] as unknown[] });
        const { rotated, ...box } = rectangleBox(v, size);
        if (rotated) {
          const px = (n: number) => Math.round(n * 10) / 10;
          warnings.push({ field: `${path}.value.rotation`, kind: 'converted', message: `a rectangle turned by ${rotated}°: Triad boxes are not turned, so the box enclosing it was taken (x ${px(box.x)}, y ${px(box.y)}, ${px(box.w)} × ${px(box.h)} px)` });
        }
        const labels = regionLabels(v, 'rectanglelabels', 'labels');
        for (const label of several(labels.length ? labels : [q.config.labels[0].value], 'boxes')) a.boxes.push({ ...box, label });
        break;
      }
      case 'text':
        prelabels[q.id] = { text: textOf(v) };
        break;
      case 'rating': {
        const a = (prelabels[q.id] ??= { scores: dict(), rationale: '' });
        const criterion = q.config.criteria[0].id;
        if (r.type === 'number') {
          a.scores[criterion] = num(v.number);
          warnings.push({ field: `${path}.value.number`, kind: 'converted', message: `number ${str(v.number)} → rating "${q.id}", criterion "${criterion}"` });
        } else a.scores[criterion] = num(v.rating);
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
  for (const { r, q, part, path } of parts) {
    const v: Record<string, any> = isObject(r.value) ? r.value : {};
    let used = true;
    if (q.type === 'rating') {
      const a = (prelabels[q.id] ??= { scores: dict(), rationale: '' });
      if (r.type === 'rating' && q.config.criteria.some((c) => c.id === part)) a.scores[part] = num(v.rating);
      else if (r.type === 'textarea' && part === 'rationale') a.rationale = textOf(v);
      else used = false;
    } else if (q.type === 'ranking' && prelabels[q.id]) {
      if (r.type === 'rating' && part === 'strength') prelabels[q.id].strength = num(v.rating);
      else if (r.type === 'textarea' && part === 'reason') prelabels[q.id].reason = textOf(v);
      else used = false;
    } else if (q.type === 'audio') {
      const a = (prelabels[q.id] ??= { segments: [] as unknown[], clip: dict() });
      const seg = r.id !== undefined ? segmentById.get(r.id) : undefined;
      if (r.type === 'textarea' && part === 'transcript') { if (seg) seg.text = textOf(v); else used = false; }
      else if (r.type === 'choices' && Array.isArray(v.choices)) a.clip[part] = v.choices[0];
      else if (r.type === 'rating') a.clip[part] = num(v.rating);
      else used = false;
    } else used = false;
    if (!used) warnings.push({ field: path, kind: 'skipped', message: `a "${str(r.type)}" result "${str(r.from_name)}" is no part of ${q.type} question "${q.id}" that Triad reads: left out` });
  }
  // Triad's own export writes a final as an annotation, and an empty answer (no label, no span, no text)
  // as no result at all: the questions it has no result for were answered empty.
  if (meta && typeof meta.triad_row_id === 'number' && where.startsWith('annotations.')) {
    for (const q of schema) if (!Object.hasOwn(prelabels, q.id)) prelabels[q.id] = taskModule(q.type).empty(q.config as never);
  }
  if (Object.keys(prelabels).length) out.prelabels = prelabels;
  return { value: out, issues, warnings };
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
