import type { LineWarning } from '@shared/tasks/interop.js';

export type { LineWarning };

export interface LsPickOptions {
  /** What annotations (human work) become: prelabels to confirm, or left out. */
  annotations: 'prelabels' | 'ignore';
  /** Take the prediction of this model version instead of the highest-scoring one. */
  modelVersion?: string;
}

const isObject = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);
const hasResults = (a: unknown) => isObject(a) && Array.isArray(a.result) && a.result.length > 0;
const time = (x: unknown) => (typeof x === 'string' ? Date.parse(x) : NaN);
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * Which of a task's annotations or predictions becomes the row's prelabels, and a note saying so.
 * Annotations are people's work, so the newest non-cancelled one (by `updated_at`, else `created_at`,
 * else its place in the list) wins over any prediction unless the lead chose to leave annotations out.
 * Among predictions the chosen `model_version` wins, else the highest `score` (the first on a tie).
 * Every annotation or prediction not taken is counted in the note: nothing is left out silently.
 */
export function pickLsSource(task: Record<string, any>, opts: LsPickOptions): { result?: unknown[]; where: string; warnings: LineWarning[] } {
  const warnings: LineWarning[] = [];
  const key = Array.isArray(task.annotations) ? 'annotations' : Array.isArray(task.completions) ? 'completions' : null;
  const list: unknown[] = key ? task[key] : [];
  const cancelled = list.filter((a) => isObject(a) && a.was_cancelled === true).length;
  const usable = list.map((a, i) => ({ a, i })).filter(({ a }) => hasResults(a) && (a as any).was_cancelled !== true);
  const predictions: unknown[] = Array.isArray(task.predictions) ? task.predictions : [];
  const preds = predictions.map((p, i) => ({ p, i })).filter(({ p }) => hasResults(p));
  const cancelledNote = cancelled ? `; ${plural(cancelled, 'cancelled annotation')} left out` : '';

  if (key && usable.length && opts.annotations === 'prelabels') {
    const stamp = (a: any) => { const u = time(a.updated_at); return Number.isNaN(u) ? time(a.created_at) : u; };
    let best = usable[0];
    for (const c of usable.slice(1)) {
      const tb = stamp(best.a);
      const tc = stamp(c.a);
      // Without dates the later entry in the list is the newer one, as Label Studio appends them.
      if (Number.isNaN(tb) || Number.isNaN(tc) ? c.i > best.i : tc >= tb) best = c;
    }
    const when = (best.a as any).updated_at ?? (best.a as any).created_at;
    const among = usable.length > 1 ? `the newest of ${usable.length} annotations${typeof when === 'string' ? `, ${when}` : ''}` : 'the only annotation';
    const predNote = preds.length ? `; ${plural(preds.length, 'prediction')} not used (an annotation is people's work)` : '';
    warnings.push({ field: `${key}.${best.i}`, kind: 'chosen', message: `prelabels from ${key}.${best.i} (${among})${cancelledNote}${predNote}` });
    return { result: (best.a as any).result, where: `${key}.${best.i}.result`, warnings };
  }
  if (key && usable.length) {
    warnings.push({ field: key, kind: 'skipped', message: `${plural(usable.length, 'annotation')} not imported (annotations=ignore)${cancelledNote}` });
  } else if (cancelled) {
    warnings.push({ field: key!, kind: 'skipped', message: `${plural(cancelled, 'cancelled annotation')} left out` });
  }
  if (!preds.length) return { where: '', warnings };

  let chosen: { p: unknown; i: number } | undefined;
  let why: string;
  if (opts.modelVersion !== undefined) {
    chosen = preds.find(({ p }) => (p as any).model_version === opts.modelVersion);
    if (!chosen) {
      warnings.push({ field: 'predictions', kind: 'skipped', message: `no prediction of model_version "${opts.modelVersion}" (the task has ${versions(preds)}): no prelabels` });
      return { where: '', warnings };
    }
    why = `model_version "${opts.modelVersion}" as asked`;
  } else {
    const score = (p: any) => (typeof p.score === 'number' && Number.isFinite(p.score) ? p.score : -Infinity);
    chosen = preds[0];
    for (const c of preds.slice(1)) if (score(c.p) > score(chosen.p)) chosen = c;
    const s = score(chosen.p);
    why = preds.length === 1 ? 'the only prediction' : s === -Infinity ? `the first of ${preds.length} predictions (none has a score)` : `score ${s}, the highest of ${preds.length} predictions`;
  }
  const mv = (chosen.p as any).model_version;
  const version = typeof mv === 'string' && opts.modelVersion === undefined ? `, model_version "${mv}"` : '';
  warnings.push({ field: `predictions.${chosen.i}`, kind: 'chosen', message: `prelabels from predictions.${chosen.i} (${why}${version})` });
  return { result: (chosen.p as any).result, where: `predictions.${chosen.i}.result`, warnings };
}

function versions(preds: Array<{ p: unknown }>): string {
  const vs = [...new Set(preds.map(({ p }) => (p as any).model_version).filter((v) => typeof v === 'string'))];
  return vs.length ? `model_version ${vs.map((v) => `"${v}"`).join(', ')}` : 'no model_version';
}
