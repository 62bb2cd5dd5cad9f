import type { TaskInterop } from '../interop';
import { textOf } from '../labelstudio-read';
import type { TextAnswer, TextConfig } from './index';
import { toLabelStudio, toRecord } from './export';

export const textInterop = {
  dataFields: (c) => [c.field, c.sourceField].filter((f): f is string => f !== undefined).map((field) => ({ field, type: { kind: 'string' } })),
  labelStudio: {
    fills: ['textarea'],
    read: (_r, v) => ({ text: textOf(v) }),
    readPart: (_r, _v, _part, prev) => ({ prelabel: prev, used: false }),
    write: toLabelStudio,
  },
  record: toRecord,
  sagemaker: 'custom',
  formats: ['sft'],
  answerFilter(_config, _questionId, value) {
    const words = value.toLowerCase();
    return (a) => a.text.toLowerCase().includes(words);
  },
  dashboard: { unitsReadData: false, confusionLabels: () => null },
} satisfies TaskInterop<TextConfig, TextAnswer>;
