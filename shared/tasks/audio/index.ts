import { z } from 'zod';
import type { Agreement, StatUnit, TaskModule } from '../types';
import { ANSWER_LIMITS, atMostKeys, boundedList, boundedText, fieldName, knownLabel, labelsSchema, meanOf, mode, threshold01 } from '../common';
import { intervalIou, matchF1 } from '../../stats/geometry';
import { matchByLabel } from '../../stats/match';
import { levenshtein, werWords } from '../../stats/edit';

const clipQuestion = z
  .object({
    id: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a clip question id is a letter then letters, digits or _'),
    title: z.string(),
    kind: z.enum(['choice', 'scale']),
    /** choice: the allowed values. */
    options: z.array(z.string().min(1)).min(1).optional(),
    /** scale: the inclusive bounds (default 1–5). */
    min: z.number().optional(),
    max: z.number().optional(),
    /** scale: the largest difference that still counts as agreement. */
    tolerance: z.number().min(0).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.kind === 'choice' && !q.options) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a choice question needs options' });
    if (q.kind === 'scale' && (q.min ?? 1) > (q.max ?? 5)) ctx.addIssue({ code: 'custom', path: ['max'], message: 'max must be ≥ min' });
  });
export type ClipQuestion = z.output<typeof clipQuestion>;

export const audioConfig = z.object({
  field: fieldName.default('audio'),
  labels: labelsSchema,
  /** Whether segments carry a transcript. */
  transcribe: z.boolean().default(true),
  clipQuestions: z
    .array(clipQuestion)
    .default([])
    .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, 'clip question ids must be unique'),
  /** Temporal IoU at or above which two segments of the same label match. */
  iouThreshold: threshold01.default(0.5),
  /** Largest word error rate between matched transcripts that still counts as agreement. */
  werThreshold: z.number().min(0).default(0.2),
  /** Segment match F1 at or above which two answers agree. */
  f1Threshold: threshold01.default(0.8),
});
export type AudioConfig = z.output<typeof audioConfig>;

export interface AudioSegment {
  /** Seconds from the start of the clip. */
  start: number;
  end: number;
  label: string;
  text?: string;
}
export interface AudioAnswer {
  segments: AudioSegment[];
  /** Clip-level answers by clip question id; an unanswered question is absent. */
  clip: Record<string, string | number>;
}

export const scaleBounds = (q: ClipQuestion) => ({ min: q.min ?? 1, max: q.max ?? 5 });

function answer(config: AudioConfig): z.ZodType<AudioAnswer> {
  const byId = new Map(config.clipQuestions.map((q) => [q.id, q] as const));
  const segment = z
    .strictObject({
      start: z.number().min(0).refine(Number.isFinite, 'must be a finite number'),
      end: z.number().min(0).refine(Number.isFinite, 'must be a finite number'),
      label: knownLabel(config.labels),
      text: boundedText(ANSWER_LIMITS.snippet, 'a segment transcript').optional(),
    })
    .refine((s) => s.end > s.start, { path: ['end'], error: 'segment end must be after its start' });
  return z.strictObject({
    segments: boundedList(segment, 'segments'),
    clip: z.record(z.string(), z.union([z.string(), z.number()])).refine(...atMostKeys(config.clipQuestions.length, 'clip questions')).superRefine((clip, ctx) => {
      for (const [id, v] of Object.entries(clip)) {
        const q = byId.get(id);
        if (!q) {
          ctx.addIssue({ code: 'custom', path: [id], message: `unknown clip question "${id}"` });
        } else if (q.kind === 'choice') {
          if (typeof v !== 'string' || !q.options!.includes(v))
            ctx.addIssue({ code: 'custom', path: [id], message: `expected one of: ${q.options!.join(', ')}` });
        } else {
          const { min, max } = scaleBounds(q);
          if (typeof v !== 'number' || !(v >= min && v <= max))
            ctx.addIssue({ code: 'custom', path: [id], message: `expected a number from ${min} to ${max}` });
        }
      }
    }),
  });
}

function match(a: readonly AudioSegment[], b: readonly AudioSegment[], threshold: number) {
  return matchByLabel(a, b, intervalIou, threshold);
}

/** Word edits and reference words over matched transcripts, `aIsRef` choosing which side is the reference. */
function transcriptErrors(a: readonly AudioSegment[], b: readonly AudioSegment[], pairs: ReturnType<typeof match>) {
  let edits = 0;
  let wordsA = 0;
  let wordsB = 0;
  for (const { i, j } of pairs) {
    const wa = werWords(a[i].text ?? '');
    const wb = werWords(b[j].text ?? '');
    edits += levenshtein(wa, wb);
    wordsA += wa.length;
    wordsB += wb.length;
  }
  const rate = (e: number, n: number) => (n === 0 ? (e === 0 ? 0 : 1) : e / n);
  // Corpus WER (edits summed over segments, over words summed) each way; agreement uses the worse of the
  // two so the result does not depend on which labeler submitted first.
  return { werAB: rate(edits, wordsA), werBA: rate(edits, wordsB) };
}

/**
 * Segments: same-label segments matched one-to-one by temporal IoU ≥ iouThreshold (Hungarian), then F1.
 * Transcripts (when `transcribe`): WER over matched segments, both directions, the larger one counting.
 * Clip questions: equal choice, or scale values within the question's tolerance (default 0).
 * agree = F1 ≥ f1Threshold and WER ≤ werThreshold and every clip question agrees.
 * score = mean of the parts that apply: F1, 1 − min(WER, 1), share of clip questions agreeing.
 */
function agreement(a: AudioAnswer, b: AudioAnswer, config: AudioConfig): Agreement {
  const pairs = match(a.segments, b.segments, config.iouThreshold);
  const f = matchF1(pairs.length, a.segments.length, b.segments.length);
  const parts = [f.f1];
  let agree = f.f1 >= config.f1Threshold;
  const detail: Record<string, number> = { ...f, matched: pairs.length };
  if (config.transcribe) {
    const { werAB, werBA } = transcriptErrors(a.segments, b.segments, pairs);
    const w = Math.max(werAB, werBA);
    detail.wer = w;
    parts.push(1 - Math.min(w, 1));
    agree &&= w <= config.werThreshold;
  }
  if (config.clipQuestions.length) {
    let same = 0;
    for (const q of config.clipQuestions) {
      const va = a.clip[q.id];
      const vb = b.clip[q.id];
      const ok =
        va === vb || (q.kind === 'scale' && typeof va === 'number' && typeof vb === 'number' && Math.abs(va - vb) <= (q.tolerance ?? 0));
      if (ok) same++;
    }
    detail.clipAgreement = same / config.clipQuestions.length;
    parts.push(detail.clipAgreement);
    agree &&= same === config.clipQuestions.length;
  }
  return { score: parts.reduce((s, x) => s + x, 0) / parts.length, agree, detail };
}

/**
 * Segments are clustered across answers as bbox boxes are (Hungarian on temporal IoU against running
 * means); a cluster found in a strict majority of answers becomes one segment with averaged bounds and
 * the transcript most of its members gave (ties to the earliest answer). Clip answers: the most common
 * value per question, ties to the earliest answer.
 */
function merge(answers: AudioAnswer[], config: AudioConfig): AudioAnswer {
  type Cluster = { label: string; members: AudioSegment[]; mean: AudioSegment };
  const clusters: Cluster[] = [];
  for (const a of answers) {
    const m = match(a.segments, clusters.map((c) => c.mean), config.iouThreshold);
    const taken = new Set<number>();
    for (const { i, j } of m) {
      const c = clusters[j];
      c.members.push(a.segments[i]);
      c.mean = { ...c.mean, start: meanOf(c.members.map((s) => s.start)), end: meanOf(c.members.map((s) => s.end)) };
      taken.add(i);
    }
    a.segments.forEach((s, i) => {
      if (!taken.has(i)) clusters.push({ label: s.label, members: [s], mean: { start: s.start, end: s.end, label: s.label } });
    });
  }
  const segments = clusters
    .filter((c) => c.members.length * 2 > answers.length)
    .map((c) => {
      const seg: AudioSegment = { start: c.mean.start, end: c.mean.end, label: c.label };
      const texts = c.members.map((m) => m.text).filter((t): t is string => t !== undefined);
      if (texts.length) seg.text = mode(texts, (t) => t);
      return seg;
    });
  const clip: Record<string, string | number> = {};
  const ids = new Set(answers.flatMap((a) => Object.keys(a.clip)));
  for (const id of ids) {
    const v = mode(answers.map((a) => a.clip[id]).filter((x) => x !== undefined));
    if (v !== undefined) clip[id] = v;
  }
  return { segments, clip };
}

/**
 * Clip questions give one unit each (`clip:<id>`: nominal for choices, interval for scales). Segments
 * have no identity across raters; their unit is the labeled duration per label (`dur:<label>`, interval,
 * seconds: continuous, so interval, whose α stays O(n)); boundaries are compared pairwise by temporal IoU above.
 */
function units(answer: AudioAnswer, config: AudioConfig): StatUnit[] {
  const out: StatUnit[] = [];
  for (const q of config.clipQuestions) {
    const v = answer.clip[q.id];
    if (v !== undefined) out.push({ key: `clip:${q.id}`, value: v, metric: q.kind === 'choice' ? 'nominal' : 'interval' });
  }
  for (const l of config.labels) {
    const d = answer.segments.filter((s) => s.label === l.value).reduce((t, s) => t + (s.end - s.start), 0);
    out.push({ key: `dur:${l.value}`, value: d, metric: 'interval' });
  }
  return out;
}

export const audio = {
  type: 'audio',
  title: 'Audio segments',
  config: audioConfig,
  answer,
  empty: (_config: AudioConfig): AudioAnswer => ({ segments: [], clip: {} }),
  scopable: false,
  isComplete: (a, c) =>
    c.clipQuestions.every((q) => a.clip[q.id] !== undefined) && (!c.transcribe || a.segments.every((s) => (s.text ?? '').trim() !== '')),
  agreement,
  merge,
  units,
  fields: (c) => [c.field],
} satisfies TaskModule<'audio', AudioConfig, AudioAnswer>;
