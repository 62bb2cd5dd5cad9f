import type { TaskInterop } from '../interop';
import { str } from '../labelstudio-read';
import { knownLabelValue } from '../answer-filter';
import type { ClassificationAnswer, ClassificationConfig } from './index';
import { toLabelStudio, toRecord, toSageMaker } from './export';

export const classificationInterop = {
  dataFields: (c) => (c.field ? [{ field: c.field, type: { kind: 'text-or-conversation' } }] : []),
  labelStudio: {
    fills: ['choices', 'taxonomy'],
    read(r, v, prev, _config, ctx) {
      const a = prev ?? { labels: [] as unknown[] };
      let choices: unknown[] = Array.isArray(v.choices) ? v.choices : [];
      if (r.type === 'taxonomy') {
        // Triad's labels are flat: a taxonomy path gives its leaf.
        const paths: unknown[][] = (Array.isArray(v.taxonomy) ? v.taxonomy : []).filter(Array.isArray);
        choices = paths.map((p) => p[p.length - 1]).filter((x) => typeof x === 'string');
        ctx.warn({ field: `${ctx.path}.value.taxonomy`, kind: 'converted', message: `taxonomy ${paths.map((p) => p.map(str).join(' / ')).join('; ')} → labels ${choices.join(', ')} of "${ctx.questionId}" (the leaf of each path)` });
      }
      for (const c of choices) if (!a.labels.includes(c)) a.labels.push(c);
      return a;
    },
    readPart: (_r, _v, _part, prev) => ({ prelabel: prev, used: false }),
    write: toLabelStudio,
  },
  record: toRecord,
  sagemaker: toSageMaker,
  formats: [],
  answerFilter(config, questionId, value, bad) {
    knownLabelValue(config.labels, questionId, value, bad);
    return (a) => a.labels.includes(value);
  },
  // Single choice only: a multiple choice answer is a set, not one cell of a matrix.
  dashboard: { unitsReadData: false, confusionLabels: (c) => (c.multiple ? null : c.labels.map((l) => l.value)) },
} satisfies TaskInterop<ClassificationConfig, ClassificationAnswer>;
