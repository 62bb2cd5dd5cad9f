import type { ProjectSchema, Question } from '@shared/tasks/question.js';
import type { FieldIssue } from './validate.js';

interface LsResult {
  id?: string;
  type?: string;
  from_name?: string;
  to_name?: string;
  value?: Record<string, any>;
  original_width?: number;
  original_height?: number;
}
interface LsAnnotation { result?: LsResult[]; was_cancelled?: boolean }

/** Which Triad question type each Label Studio result type can fill. */
const FILLS: Record<string, Question['type'][]> = {
  choices: ['classification'],
  labels: ['ner', 'audio'],
  rectanglelabels: ['bbox'],
  rectangle: ['bbox'],
  textarea: ['text'],
  rating: ['rating'],
  pairwise: ['ranking'],
  ranker: ['ranking'],
};

/**
 * Turns a Label Studio task into an import row: `data` as is, the task id as external id, and as
 * prelabels the first prediction's result, or else (a task exported with annotations, or the older
 * `completions` layout) the first non-cancelled annotation's result, so labels made elsewhere come in
 * as suggestions to confirm. Results map to questions by `from_name` = question id, or else to the only
 * question of a type that result type can fill; results of other kinds (polygons, key points) are left out.
 */
export function labelStudioTaskToRow(task: unknown, schema: ProjectSchema): { value?: Record<string, unknown>; issues: FieldIssue[] } {
  if (typeof task !== 'object' || task === null || Array.isArray(task)) return { issues: [{ field: '(item)', message: 'expected a Label Studio task object' }] };
  const t = task as Record<string, any>;
  if (typeof t.data !== 'object' || t.data === null) return { issues: [{ field: 'data', message: 'a Label Studio task needs a "data" object' }] };
  const out: Record<string, unknown> = { data: t.data };
  if (t.id !== undefined && t.id !== null) out.external_id = String(t.id);
  if (Array.isArray(t.meta?.expertise)) out.expertise = t.meta.expertise;

  let source: LsResult[] | undefined;
  let where = '';
  const pred = Array.isArray(t.predictions) ? t.predictions.find((p: any) => Array.isArray(p?.result) && p.result.length) : undefined;
  if (pred) { source = pred.result; where = 'predictions.0.result'; }
  for (const key of ['annotations', 'completions']) {
    if (source || !Array.isArray(t[key])) continue;
    const k = (t[key] as LsAnnotation[]).findIndex((a) => !a.was_cancelled && Array.isArray(a.result) && a.result.length);
    if (k >= 0) { source = t[key][k].result; where = `${key}.${k}.result`; }
  }
  if (!source) return { value: out, issues: [] };

  // Image sizes travel on each result; a prediction without them borrows them from any other result of
  // the same image in the task (Label Studio's own predictions often lack them).
  const sizes = new Map<string, { w: number; h: number }>();
  const allResults: LsResult[] = [
    ...(Array.isArray(t.annotations) ? t.annotations : []), ...(Array.isArray(t.completions) ? t.completions : []),
    ...(Array.isArray(t.predictions) ? t.predictions : []),
  ].flatMap((a: LsAnnotation) => (Array.isArray(a?.result) ? a.result : []));
  for (const r of allResults) if (r.original_width && r.original_height) sizes.set(r.to_name ?? '', { w: r.original_width, h: r.original_height });

  const issues: FieldIssue[] = [];
  const prelabels: Record<string, any> = {};
  // Results of one question's parts (a rating's criteria, a ranking's strength, an audio segment's
  // transcript) are named `<question>_<part>`; they are applied after the question's main results.
  const parts: Array<{ r: LsResult; q: Question; part: string }> = [];
  const segmentById = new Map<string, { text?: string }>();
  source.forEach((r, i) => {
    const path = `${where}.${i}`;
    const q = questionFor(r, schema);
    if (!q) {
      const p = partOf(r, schema);
      if (p) parts.push({ r, ...p });
      return;
    }
    const v = r.value ?? {};
    const labelOf = (k: string) => (Array.isArray(v[k]) ? v[k][0] : undefined) as string | undefined;
    switch (q.type) {
      case 'classification': {
        const a = (prelabels[q.id] ??= { labels: [] as string[] });
        for (const c of Array.isArray(v.choices) ? v.choices : []) if (!a.labels.includes(c)) a.labels.push(c);
        break;
      }
      case 'ner': {
        if (typeof v.start !== 'number' || typeof v.end !== 'number') { issues.push({ field: `${path}.value`, message: 'a labels result needs numeric start and end offsets' }); return; }
        const a = (prelabels[q.id] ??= { spans: [] as unknown[] });
        const text = typeof v.text === 'string' ? v.text : typeof t.data[q.config.field] === 'string' ? t.data[q.config.field].slice(v.start, v.end) : '';
        a.spans.push({ start: v.start, end: v.end, label: labelOf('labels') ?? '', text });
        break;
      }
      case 'audio': {
        const a = (prelabels[q.id] ??= { segments: [] as unknown[], clip: {} });
        const seg: { start: number; end: number; label: string; text?: string } = { start: Number(v.start), end: Number(v.end), label: labelOf('labels') ?? '' };
        if (typeof v.text === 'string') seg.text = v.text;
        if (r.id) segmentById.set(r.id, seg);
        a.segments.push(seg);
        break;
      }
      case 'bbox': {
        const size = r.original_width && r.original_height ? { w: r.original_width, h: r.original_height } : sizes.get(r.to_name ?? '');
        if (!size) { issues.push({ field: `${path}.original_width`, message: 'a rectangle in percent needs original_width and original_height to become pixels' }); return; }
        const a = (prelabels[q.id] ??= { width: size.w, height: size.h, boxes: [] as unknown[] });
        a.boxes.push({
          x: (Number(v.x) / 100) * size.w, y: (Number(v.y) / 100) * size.h,
          w: (Number(v.width) / 100) * size.w, h: (Number(v.height) / 100) * size.h,
          label: labelOf('rectanglelabels') ?? labelOf('labels') ?? q.config.labels[0].value,
        });
        break;
      }
      case 'text':
        prelabels[q.id] = { text: textOf(v) };
        break;
      case 'rating': {
        const a = (prelabels[q.id] ??= { scores: {}, rationale: '' });
        a.scores[q.config.criteria[0].id] = Number(v.rating);
        break;
      }
      case 'ranking': {
        if (r.type === 'ranker') {
          const order = (Array.isArray(v.ranker?.rank) ? v.ranker.rank : []).map(Number);
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
    const v = r.value ?? {};
    if (q.type === 'rating') {
      const a = (prelabels[q.id] ??= { scores: {}, rationale: '' });
      if (r.type === 'rating' && q.config.criteria.some((c) => c.id === part)) a.scores[part] = Number(v.rating);
      else if (r.type === 'textarea' && part === 'rationale') a.rationale = textOf(v);
    } else if (q.type === 'ranking' && prelabels[q.id]) {
      if (r.type === 'rating' && part === 'strength') prelabels[q.id].strength = Number(v.rating);
      else if (r.type === 'textarea' && part === 'reason') prelabels[q.id].reason = textOf(v);
    } else if (q.type === 'audio') {
      const a = (prelabels[q.id] ??= { segments: [] as unknown[], clip: {} });
      const seg = r.id ? segmentById.get(r.id) : undefined;
      if (r.type === 'textarea' && part === 'transcript') { if (seg) seg.text = textOf(v); }
      else if (r.type === 'choices' && Array.isArray(v.choices)) a.clip[part] = v.choices[0];
      else if (r.type === 'rating') a.clip[part] = Number(v.rating);
    }
  }
  if (Object.keys(prelabels).length) out.prelabels = prelabels;
  return { value: out, issues };
}

function questionFor(r: LsResult, schema: ProjectSchema): Question | undefined {
  const fills = FILLS[r.type ?? ''] ?? [];
  const named = schema.find((q) => q.id === r.from_name);
  if (named) return fills.includes(named.type) ? named : undefined;
  if (partOf(r, schema)) return undefined;
  const candidates = schema.filter((q) => fills.includes(q.type));
  return candidates.length === 1 ? candidates[0] : undefined;
}

const textOf = (v: Record<string, any>) => (Array.isArray(v.text) ? v.text.join('\n') : String(v.text ?? ''));

/** The question a `<question>_<part>` result belongs to (the longest question id that prefixes it). */
function partOf(r: LsResult, schema: ProjectSchema): { q: Question; part: string } | undefined {
  const name = r.from_name ?? '';
  let best: Question | undefined;
  for (const q of schema) if (name.startsWith(`${q.id}_`) && (!best || q.id.length > best.id.length)) best = q;
  return best ? { q: best, part: name.slice(best.id.length + 1) } : undefined;
}
