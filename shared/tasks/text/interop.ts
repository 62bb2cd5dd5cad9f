import type { TaskInterop } from '../interop';
import { textOf } from '../labelstudio-read';
import type { TextAnswer, TextConfig } from './index';
import { toLabelStudio, toRecord } from './export';

export const textInterop = {
  // The prompt may be a conversation (a rewrite of its next assistant reply); the text rewritten stays text,
  // also when one field is both.
  dataFields: (c) => [
    ...(c.field !== undefined && c.field !== c.sourceField ? [{ field: c.field, type: { kind: 'text-or-conversation' } } as const] : []),
    ...(c.sourceField !== undefined ? [{ field: c.sourceField, type: { kind: 'string' } } as const] : []),
  ],
  labelStudio: {
    fills: ['textarea'],
    read: (_r, v) => ({ text: textOf(v) }),
    readPart: (_r, _v, _part, prev) => ({ prelabel: prev, used: false }),
    write: toLabelStudio,
  },
  record: toRecord,
  sagemaker: 'custom',
  formats: ['sft', 'sft-messages'],
  answerFilter(_config, _questionId, value) {
    const words = value.toLowerCase();
    return (a) => a.text.toLowerCase().includes(words);
  },
  dashboard: { unitsReadData: false, confusionLabels: () => null },
} satisfies TaskInterop<TextConfig, TextAnswer>;
