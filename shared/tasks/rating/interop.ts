import type { TaskInterop } from '../interop';
import { dict, num, str, textOf } from '../labelstudio-read';
import { keyValue } from '../answer-filter';
import type { RatingAnswer, RatingConfig } from './index';
import { toLabelStudio, toRecord } from './export';

const emptyPrelabel = () => ({ scores: dict(), rationale: '' });

export const ratingInterop = {
  dataFields: (c) => (c.field ? [{ field: c.field, type: { kind: 'text-or-conversation' } }] : []),
  labelStudio: {
    // A question's own result scores its first criterion; `number` is a rating by another tag.
    fills: ['number', 'rating'],
    read(r, v, prev, config, ctx) {
      const a = prev ?? emptyPrelabel();
      const criterion = config.criteria[0].id;
      if (r.type === 'number') {
        a.scores[criterion] = num(v.number);
        ctx.warn({ field: `${ctx.path}.value.number`, kind: 'converted', message: `number ${str(v.number)} → rating "${ctx.questionId}", criterion "${criterion}"` });
      } else a.scores[criterion] = num(v.rating);
      return a;
    },
    readPart(r, v, part, prev, config) {
      const a = prev ?? emptyPrelabel();
      let used = true;
      if (r.type === 'rating' && config.criteria.some((c) => c.id === part)) a.scores[part] = num(v.rating);
      else if (r.type === 'textarea' && part === 'rationale') a.rationale = textOf(v);
      else used = false;
      return { prelabel: a, used };
    },
    write: toLabelStudio,
  },
  record: toRecord,
  sagemaker: 'custom',
  formats: [],
  answerFilter(config, questionId, value, bad) {
    const [criterion, v] = keyValue(value, 'criterion', bad);
    if (!config.criteria.some((c) => c.id === criterion)) bad(`${questionId} has no criterion "${criterion}" (its criteria: ${config.criteria.map((c) => c.id).join(', ')})`);
    const score = Number(v);
    if (v === '' || !Number.isFinite(score)) bad(`expected ${criterion}=<score>, a number`);
    return (a) => a.scores[criterion] === score;
  },
  dashboard: { unitsReadData: false, confusionLabels: () => null },
} satisfies TaskInterop<RatingConfig, RatingAnswer>;
