import type { TaskInterop } from '../interop';
import { isObject, num, textOf } from '../labelstudio-read';
import type { StatUnit } from '../types';
import { orderGroups, type RankingAnswer, type RankingConfig } from './index';
import { toLabelStudio } from './export';
import { pairRanks, rankFigures } from './ranks';

/** Ranks (lower is better) a label's units give: order mode's `rank:<response>`, or the pair's side from `pref`. */
function unitRanks(units: readonly StatUnit[], config: RankingConfig): Map<number, number> | null {
  if (config.mode === 'pairwise') return units.length ? pairRanks(Math.sign(Number(units[0].value))) : null;
  const ranks = new Map(units.map((u) => [Number(u.key.slice('rank:'.length)), Number(u.value)]));
  // An order of fewer than two responses is undecided: agreement gives it no figures either.
  return ranks.size >= 2 ? ranks : null;
}

export const rankingInterop = {
  dataFields: (c) => [
    { field: c.promptField, type: { kind: 'text-or-conversation' } },
    { field: c.responsesField, type: { kind: 'string[]', min: 2, noun: 'response texts' } },
  ],
  labelStudio: {
    fills: ['pairwise', 'ranker'],
    read(r, v, _prev, config) {
      if (r.type === 'ranker') {
        const order = (isObject(v.ranker) && Array.isArray(v.ranker.rank) ? v.ranker.rank : []).map(num);
        const out: RankingAnswer = { preferred: order[0] ?? null, order, strength: null, reason: '', claims: [] };
        if (Array.isArray(v.ties) && v.ties.length) out.ties = v.ties.map((g: unknown) => (Array.isArray(g) ? g.map(num) : []));
        return out;
      }
      const preferred = v.selected === 'left' ? 0 : v.selected === 'right' ? 1 : null;
      // A pairwise choice has no strength of its own: the mildest step of the scale towards the chosen side.
      const side = preferred === 0 ? -1 : 1;
      const mild = config.scale.map((s) => s.value).filter((x) => Math.sign(x) === side).sort((a, b) => Math.abs(a) - Math.abs(b))[0] ?? null;
      return { preferred, strength: preferred === null ? null : mild, reason: '', claims: [] };
    },
    readPart(r, v, part, prev) {
      // Strength and reason qualify a preference: without one there is nothing to qualify.
      if (!prev) return { prelabel: prev, used: false };
      if (r.type === 'rating' && part === 'strength') prev.strength = num(v.rating);
      else if (r.type === 'textarea' && part === 'reason') prev.reason = textOf(v);
      else return { prelabel: prev, used: false };
      return { prelabel: prev, used: true };
    },
    write: toLabelStudio,
  },
  record: null,
  sagemaker: 'custom',
  formats: ['preferences', 'preferences-messages'],
  answerFilter(_config, questionId, value, bad) {
    // Responses are shown as A, B, C…; their index (0, 1, …) is what the answer stores.
    const idx = /^[A-Z]$/u.test(value) ? value.charCodeAt(0) - 65 : /^\d{1,3}$/u.test(value) ? Number(value) : bad(`expected the preferred response of ${questionId} as a letter (A, B, …) or an index (0, 1, …)`);
    // An order's top may be several tied responses: each of them is preferred.
    return (a) => (a.ties ? (orderGroups(a)[0] ?? []).includes(idx) : a.preferred === idx);
  },
  dashboard: {
    unitsReadData: false,
    confusionLabels: () => null,
    pairFigures: {
      figures: () => [
        { key: 'sameTop', title: 'top choice agrees', percent: true },
        { key: 'tau', title: 'Kendall τ', percent: false },
      ],
      of(a, b, config) {
        const ra = unitRanks(a, config);
        const rb = unitRanks(b, config);
        return ra && rb ? rankFigures(ra, rb) : null;
      },
    },
  },
} satisfies TaskInterop<RankingConfig, RankingAnswer>;
