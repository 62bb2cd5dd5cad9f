import { z } from 'zod';
import type { Agreement, StatUnit, TaskModule } from '../types';
import { ANSWER_LIMITS, boundedList, boundedText, fieldName, knownLabel, labelsSchema, threshold01 } from '../common';
import { spanF1 } from '../../stats/geometry';
import { intervalIou } from '../../stats/geometry';
import { matchByLabel } from '../../stats/match';
import { tokenize, type Token } from './tokenize';

export const nerConfig = z.object({
  field: fieldName.default('text'),
  labels: labelsSchema,
  allowOverlap: z.boolean().default(false),
  /** Editor hint: extend a selection to whole words. */
  snapToWords: z.boolean().default(true),
  /** Exact-match span F1 at or above which two answers agree. */
  threshold: threshold01.default(0.8),
});
export type NerConfig = z.output<typeof nerConfig>;

export interface NerSpan {
  /** UTF-16 offset, inclusive. */
  start: number;
  /** UTF-16 offset, exclusive. */
  end: number;
  label: string;
  /** The covered text, kept so a span can be checked against the row's data. */
  text: string;
}
export interface NerAnswer {
  spans: NerSpan[];
}

function answer(config: NerConfig): z.ZodType<NerAnswer> {
  const span = z.strictObject({
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    label: knownLabel(config.labels),
    text: boundedText(ANSWER_LIMITS.snippet, 'a span\'s text'),
  });
  return z.strictObject({
    spans: boundedList(span, 'spans').superRefine((spans, ctx) => {
      const seen = new Set<string>();
      spans.forEach((s, i) => {
        if (s.start >= s.end) ctx.addIssue({ code: 'custom', path: [i, 'end'], message: `span end (${s.end}) must be after its start (${s.start})` });
        const k = `${s.start}:${s.end}:${s.label}`;
        if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate span ${s.start}–${s.end} "${s.label}"` });
        seen.add(k);
      });
      if (!config.allowOverlap) {
        const order = spans.map((s, i) => ({ s, i })).sort((x, y) => x.s.start - y.s.start || x.s.end - y.s.end);
        for (let k = 1; k < order.length; k++) {
          const prev = order[k - 1].s;
          const cur = order[k];
          if (cur.s.start < prev.end)
            ctx.addIssue({ code: 'custom', path: [cur.i, 'start'], message: `span ${cur.s.start}–${cur.s.end} overlaps span ${prev.start}–${prev.end} (overlaps are not allowed)` });
        }
      }
    }),
  });
}

/**
 * Score = exact-match span F1 (start, end and label equal). `detail.overlapF1` is the partial-overlap
 * score: same-label spans matched one-to-one by character IoU (Hungarian, any overlap counts), each match
 * weighted by its IoU, then F1 — so "Jane Smith" vs "Smith" earns partial credit.
 */
function agreement(a: NerAnswer, b: NerAnswer, config: NerConfig): Agreement {
  const exact = spanF1(a.spans, b.spans);
  const matches = matchByLabel(a.spans, b.spans, intervalIou, Number.MIN_VALUE);
  const overlap = a.spans.length + b.spans.length === 0 ? 1 : (2 * matches.reduce((s, m) => s + m.sim, 0)) / (a.spans.length + b.spans.length);
  return {
    score: exact.f1,
    agree: exact.f1 >= config.threshold,
    detail: { precision: exact.precision, recall: exact.recall, f1: exact.f1, overlapF1: overlap },
  };
}

/**
 * Spans marked by a strict majority of answers (with two, the spans both marked), in the order they first
 * appear. Majority spans never overlap when no answer overlaps: any two majorities share an answer.
 */
function merge(answers: NerAnswer[]): NerAnswer {
  const key = (s: NerSpan) => `${s.start}:${s.end}:${s.label}`;
  const counts = new Map<string, number>();
  for (const a of answers) for (const k of new Set(a.spans.map(key))) counts.set(k, (counts.get(k) ?? 0) + 1);
  const out: NerSpan[] = [];
  const done = new Set<string>();
  for (const a of answers)
    for (const s of a.spans) {
      const k = key(s);
      if (!done.has(k) && counts.get(k)! * 2 > answers.length) {
        out.push({ ...s });
        done.add(k);
      }
    }
  return { spans: out };
}

/**
 * IOB2 tags of tokens: a token takes the label of a span it overlaps (a span inside a token tags the whole
 * token, as Label Studio's CoNLL converter does); "B-" on the span's first token, "I-" after. Where spans
 * share a token, the one starting first (then the longer) keeps it and the other begins at its next token.
 * Spans are visited in start order and each scans tokens from a moving cursor, so this is O(tokens + spans)
 * for non-overlapping spans.
 */
export function bioTags(tokens: readonly Token[], spans: ReadonlyArray<Pick<NerSpan, 'start' | 'end' | 'label'>>): string[] {
  const tags = tokens.map(() => 'O');
  const owner: number[] = tokens.map(() => -1);
  const sorted = spans.map((s, i) => ({ s, i })).sort((x, y) => x.s.start - y.s.start || y.s.end - x.s.end);
  let cursor = 0;
  for (const { s, i } of sorted) {
    let first = true;
    // Tokens are in text order and spans in start order, so tokens ending before this span's start can
    // never be reached by a later span either.
    while (cursor < tokens.length && tokens[cursor].end <= s.start) cursor++;
    for (let t = cursor; t < tokens.length && tokens[t].start < s.end; t++) {
      const tok = tokens[t];
      if (tok.end <= s.start) continue;
      // A token an earlier span already holds stays with it; this span begins at its first free token.
      if (owner[t] !== -1) continue;
      owner[t] = i;
      tags[t] = `${first ? 'B' : 'I'}-${s.label}`;
      first = false;
    }
  }
  return tags;
}

/** One nominal unit per token of `data[field]` (key `tok:<index>`) holding its IOB2 tag. */
function units(answer: NerAnswer, config: NerConfig, data: Record<string, unknown>): StatUnit[] {
  const text = data[config.field];
  if (typeof text !== 'string') return [];
  const tokens = tokenize(text);
  return bioTags(tokens, answer.spans).map((tag, i) => ({ key: `tok:${i}`, value: tag, metric: 'nominal' }));
}

export const ner = {
  type: 'ner',
  title: 'Named entities',
  config: nerConfig,
  answer,
  empty: (_config: NerConfig): NerAnswer => ({ spans: [] }),
  // No entity in a text is a legitimate answer.
  scopable: false,
  isComplete: () => true,
  agreement,
  merge,
  units,
  fields: (c) => [c.field],
} satisfies TaskModule<'ner', NerConfig, NerAnswer>;
