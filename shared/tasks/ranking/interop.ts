import type { TaskInterop } from '../interop';
import { isObject, num, textOf } from '../labelstudio-read';
import type { RankingAnswer, RankingConfig } from './index';
import { toLabelStudio } from './export';

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
        return { preferred: order[0] ?? null, order, strength: null, reason: '', claims: [] };
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
  formats: ['preferences'],
  answerFilter(_config, questionId, value, bad) {
    // Responses are shown as A, B, C…; their index (0, 1, …) is what the answer stores.
    const idx = /^[A-Z]$/u.test(value) ? value.charCodeAt(0) - 65 : /^\d{1,3}$/u.test(value) ? Number(value) : bad(`expected the preferred response of ${questionId} as a letter (A, B, …) or an index (0, 1, …)`);
    return (a) => a.preferred === idx;
  },
  dashboard: { unitsReadData: false, confusionLabels: () => null },
} satisfies TaskInterop<RankingConfig, RankingAnswer>;
