/**
 * Sample configs and fast-check generators of valid answers, one set per task type. Used by the
 * conformance test; exported so other suites (API, client) can draw realistic answers too.
 */
import fc from 'fast-check';
import type { TaskType } from './types';
import { taskModules } from './registry';
import type { ClassificationAnswer, ClassificationConfig } from './classification';
import type { NerAnswer, NerConfig } from './ner';
import type { BboxAnswer, BboxConfig } from './bbox';
import type { AudioAnswer, AudioConfig } from './audio';
import { LLAMA2_SCALE, type RankingAnswer, type RankingConfig } from './ranking';
import { fromGroups } from './ranking/ranks';
import type { RatingAnswer, RatingConfig } from './rating';
import type { TextAnswer, TextConfig } from './text';

export const sampleConfigs = {
  classification: [
    taskModules.classification.config.parse({ labels: ['positive', 'negative', 'neutral'] }),
    taskModules.classification.config.parse({ multiple: true, threshold: 0.5, labels: [{ value: 'toxic', hotkey: 't' }, { value: 'spam', hotkey: 's' }, 'off_topic'] }),
  ],
  ner: [
    taskModules.ner.config.parse({ labels: ['PER', 'ORG', 'LOC'] }),
    taskModules.ner.config.parse({ field: 'body', labels: ['PER', 'ORG'], allowOverlap: true }),
  ],
  bbox: [taskModules.bbox.config.parse({ labels: ['car', 'person'] })],
  audio: [
    taskModules.audio.config.parse({
      labels: ['speech', 'noise'],
      clipQuestions: [
        { id: 'matches', title: 'Audio matches the sentence', kind: 'choice', options: ['yes', 'no'] },
        { id: 'pronunciation', title: 'Pronunciation', kind: 'scale', min: 1, max: 5 },
      ],
    }),
    taskModules.audio.config.parse({ labels: ['music'], transcribe: false }),
  ],
  ranking: [
    taskModules.ranking.config.parse({}),
    taskModules.ranking.config.parse({ mode: 'order', allowTie: false }),
    taskModules.ranking.config.parse({ mode: 'order', orderTies: true }),
    taskModules.ranking.config.parse({ scale: LLAMA2_SCALE, allowTie: false }),
  ],
  rating: [
    taskModules.rating.config.parse({
      criteria: [
        { id: 'accuracy', title: 'Accuracy' },
        { id: 'helpfulness', title: 'Helpfulness' },
        { id: 'safety', title: 'Safety', min: 0, max: 10, tolerance: 2 },
      ],
    }),
  ],
  text: [taskModules.text.config.parse({ field: 'prompt' }), taskModules.text.config.parse({ sourceField: 'draft', threshold: 0.8 })],
} satisfies { [T in TaskType]: unknown[] };

const labelOf = (labels: { value: string }[]) => fc.constantFrom(...labels.map((l) => l.value));

export function classificationAnswer(c: ClassificationConfig): fc.Arbitrary<ClassificationAnswer> {
  const values = c.labels.map((l) => l.value);
  return (c.multiple ? fc.subarray(values) : fc.subarray(values, { maxLength: 1 })).map((labels) => ({ labels }));
}

export function nerAnswer(c: NerConfig): fc.Arbitrary<NerAnswer> {
  const piece = fc.record({ gap: fc.integer({ min: c.allowOverlap ? -5 : 0, max: 20 }), len: fc.integer({ min: 1, max: 15 }), label: labelOf(c.labels), text: fc.string({ maxLength: 15 }) });
  return fc.array(piece, { maxLength: 8 }).map((ps) => {
    let at = 0;
    const seen = new Set<string>();
    const spans: NerAnswer['spans'] = [];
    for (const p of ps) {
      const start = Math.max(0, at + p.gap);
      const s = { start, end: start + p.len, label: p.label, text: p.text };
      const k = `${s.start}:${s.end}:${s.label}`;
      if (!seen.has(k)) spans.push(s);
      seen.add(k);
      at = c.allowOverlap ? start + 1 : s.end;
    }
    return { spans };
  });
}

const coord = fc.double({ min: 0, max: 4000, noNaN: true });
const extent = fc.double({ min: 1, max: 2000, noNaN: true });

export function bboxAnswer(c: BboxConfig): fc.Arbitrary<BboxAnswer> {
  return fc.record({
    width: fc.integer({ min: 0, max: 6000 }),
    height: fc.integer({ min: 0, max: 6000 }),
    boxes: fc.array(fc.record({ x: coord, y: coord, w: extent, h: extent, label: labelOf(c.labels) }), { maxLength: 6 }),
  });
}

export function audioAnswer(c: AudioConfig): fc.Arbitrary<AudioAnswer> {
  const segment = fc
    .record({ start: fc.double({ min: 0, max: 600, noNaN: true }), len: fc.double({ min: 0.01, max: 30, noNaN: true }), label: labelOf(c.labels), text: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }) })
    .map(({ start, len, label, text }) => {
      const s: AudioAnswer['segments'][number] = { start, end: start + len, label };
      if (c.transcribe && text !== undefined) s.text = text;
      return s;
    })
    .filter((s) => s.end > s.start);
  const clip = fc.record(
    Object.fromEntries(
      c.clipQuestions.map((q) => [q.id, q.kind === 'choice' ? fc.constantFrom(...q.options!) : fc.integer({ min: q.min ?? 1, max: q.max ?? 5 })]),
    ) as Record<string, fc.Arbitrary<string | number>>,
    { requiredKeys: [] },
  );
  return fc.record({ segments: fc.array(segment, { maxLength: 5 }), clip }) as fc.Arbitrary<AudioAnswer>;
}

export function rankingAnswer(c: RankingConfig): fc.Arbitrary<RankingAnswer> {
  const claims = fc
    .uniqueArray(fc.record({ response: fc.integer({ min: 0, max: 3 }), start: fc.integer({ min: 0, max: 200 }), len: fc.integer({ min: 1, max: 50 }), text: fc.string({ maxLength: 20 }) }), {
      maxLength: 4,
      selector: (x) => `${x.response}:${x.start}:${x.start + x.len}`,
    })
    .map((cs) => cs.map(({ response, start, len, text }) => ({ response, start, end: start + len, text })));
  const reason = fc.string({ maxLength: 60 });
  const values = c.scale.map((s) => s.value).filter((v) => c.allowTie || v !== 0);
  if (c.mode === 'order') {
    // An order, cut into groups of tied responses where the question allows ties.
    const order = fc.integer({ min: 0, max: 5 }).chain((n) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }));
    const ranked = c.orderTies
      ? order.chain((o) => fc.array(fc.boolean(), { minLength: o.length, maxLength: o.length }).map((cuts) => {
          const groups: number[][] = [];
          o.forEach((r, i) => (i > 0 && !cuts[i] ? groups[groups.length - 1].push(r) : groups.push([r])));
          return fromGroups(groups);
        }))
      : order.map((o) => ({ order: o }));
    return fc.record({
      ranked,
      strength: fc.option(fc.constantFrom(...values), { nil: null }),
      reason,
      claims: c.flagClaims ? claims : fc.constant<RankingAnswer['claims']>([]),
    }).map(({ ranked, strength, reason, claims }) => ({ preferred: ranked.order[0] ?? null, ...ranked, strength, reason, claims }));
  }
  return fc
    .record({ strength: fc.option(fc.constantFrom(...values), { nil: null }), side: fc.constantFrom(0, 1, null), reason, claims: c.flagClaims ? claims : fc.constant<RankingAnswer['claims']>([]) })
    .map(({ strength, side, reason, claims }) => ({
      preferred: strength === null ? side : strength === 0 ? null : strength < 0 ? 0 : 1,
      strength,
      reason,
      claims,
    }));
}

export function ratingAnswer(c: RatingConfig): fc.Arbitrary<RatingAnswer> {
  const scores = fc.record(
    Object.fromEntries(c.criteria.map((k) => [k.id, fc.option(fc.integer({ min: k.min, max: k.max }), { nil: null })])) as Record<string, fc.Arbitrary<number | null>>,
    { requiredKeys: [] },
  );
  return fc.record({ scores, rationale: fc.string({ maxLength: 60 }) }) as fc.Arbitrary<RatingAnswer>;
}

export function textAnswer(_c: TextConfig): fc.Arbitrary<TextAnswer> {
  return fc.record({ text: fc.string({ maxLength: 120 }) });
}

/** A generator of valid answers for each task type. */
export const answerArbitraries: { [T in TaskType]: (config: any) => fc.Arbitrary<unknown> } = {
  classification: classificationAnswer,
  ner: nerAnswer,
  bbox: bboxAnswer,
  audio: audioAnswer,
  ranking: rankingAnswer,
  rating: ratingAnswer,
  text: textAnswer,
};
