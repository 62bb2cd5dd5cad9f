import { z } from 'zod';

/** A label a labeler can pick; a bare string is shorthand for `{ value }` so terse configs parse. */
const labelObject = z.object({
  value: z.string().min(1, 'a label value must not be empty'),
  title: z.string().optional(),
  hotkey: z.string().min(1).max(20).optional(),
  color: z.string().optional(),
  description: z.string().optional(),
});
export type Label = z.output<typeof labelObject>;
export const labelSchema = z.union([z.string().min(1).transform((value): Label => ({ value })), labelObject]);

/** A non-empty list of labels with distinct values (and distinct hotkeys, which the editor binds). */
export const labelsSchema = z
  .array(labelSchema)
  .min(1, 'at least one label is needed')
  .superRefine((labels, ctx) => {
    const seen = new Set<string>();
    const keys = new Set<string>();
    labels.forEach((l, i) => {
      if (seen.has(l.value)) ctx.addIssue({ code: 'custom', path: [i, 'value'], message: `duplicate label "${l.value}"` });
      seen.add(l.value);
      if (l.hotkey !== undefined) {
        if (keys.has(l.hotkey)) ctx.addIssue({ code: 'custom', path: [i, 'hotkey'], message: `hotkey "${l.hotkey}" is used twice` });
        keys.add(l.hotkey);
      }
    });
  });

export const threshold01 = z.number().min(0).max(1);

/**
 * Bounds of every answer, far above what a person labels in one row, so that one submission cannot hold
 * megabytes or make agreement and statistics run for seconds. Text questions have their own `maxLength`.
 */
export const ANSWER_LIMITS = {
  /** Spans, boxes, segments, flagged claims, ranked responses per answer. */
  items: 2_000,
  /** A span's or claim's quoted text, a segment transcript. */
  snippet: 10_000,
  /** A free-text reason or rationale beside structured answers. */
  note: 20_000,
} as const;

/** A list of at most `ANSWER_LIMITS.items` entries; the message names what is counted. */
export const boundedList = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item).max(ANSWER_LIMITS.items, `at most ${ANSWER_LIMITS.items} ${what} per answer`);

/** A string of at most `max` characters (UTF-16 units, as the editor counts them). */
export const boundedText = (max: number, what = 'this text') => z.string().max(max, `${what} is limited to ${max} characters`);

/** A record answer (scores, clip questions) holds its configured keys. Far more than that is refused before
 *  the keys are checked one by one (`abort`), so a flood of unknown keys is one issue rather than one each;
 *  a few stray keys are still named. */
export const atMostKeys = (max: number, what: string) =>
  [(r: Record<string, unknown>) => Object.keys(r).length <= max + 20, { message: `expected at most ${max} ${what}`, abort: true }] as const;
export const fieldName = z.string().min(1);

/** A label value that must be one of the configured ones; the message lists them. */
export function knownLabel(labels: readonly Label[]) {
  const values = labels.map((l) => l.value);
  const set = new Set(values);
  return z.string().refine((v) => set.has(v), {
    error: (iss) => `unknown label ${JSON.stringify(iss.input)} (expected one of: ${values.join(', ')})`,
  });
}

/** Formats a zod error as "path: message" lines, so a rejected answer names the field at fault. */
export function describeError(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const path = i.path.map((p, k) => (typeof p === 'number' ? `[${p}]` : k === 0 ? String(p) : `.${String(p)}`)).join('');
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
}

/** Counts occurrences in order of first appearance; ties in "most common" go to the earliest (the caller
 *  puts the preferred answer, e.g. the expert's, first). */
export function mode<T>(values: readonly T[], key: (v: T) => string = (v) => JSON.stringify(v)): T | undefined {
  const counts = new Map<string, { v: T; n: number }>();
  for (const v of values) {
    const k = key(v);
    const c = counts.get(k);
    if (c) c.n++;
    else counts.set(k, { v, n: 1 });
  }
  let best: { v: T; n: number } | undefined;
  for (const c of counts.values()) if (!best || c.n > best.n) best = c;
  return best?.v;
}

/** Running mean that leaves a value unchanged when all inputs are equal (so merge([x, x]) is exactly x). */
export function meanOf(values: readonly number[]): number {
  let m = values[0];
  for (let k = 1; k < values.length; k++) m += (values[k] - m) / (k + 1);
  return m;
}

/** Distinct non-empty texts joined by a blank line: the consensus of free-text reasons keeps every view. */
export function joinDistinct(texts: readonly string[]): string {
  if (texts.every((t) => t === texts[0])) return texts[0] ?? '';
  const out: string[] = [];
  for (const t of texts) if (t.trim() !== '' && !out.includes(t)) out.push(t);
  return out.join('\n\n');
}
