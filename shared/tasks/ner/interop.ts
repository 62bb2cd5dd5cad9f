import type { TaskInterop } from '../interop';
import { regionLabels } from '../labelstudio-read';
import { knownLabelValue } from '../answer-filter';
import type { NerAnswer, NerConfig } from './index';
import { toLabelStudio, toSageMaker } from './export';

const show = (s: string, max = 40) => JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);

/**
 * Why an entity span cannot be taken: offsets that are not whole numbers, beyond the text, or a
 * `value.text` that differs from the text between them (the file was made from another text). Null
 * when the span fits; a text that is not there is the row validator's to report.
 */
export function spanProblem(v: Record<string, any>, text: unknown): string | null {
  const { start, end } = v;
  const name = `span ${start}–${end}${typeof v.text === 'string' ? ` ${show(v.text)}` : ''}`;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start) return `${name}: start and end must be whole offsets with start < end`;
  if (typeof text !== 'string') return null;
  if (end > text.length) return `${name} ends beyond the text (${text.length} characters)`;
  const slice = text.slice(start, end);
  if (typeof v.text === 'string' && v.text !== slice) return `${name} does not match the text at those offsets (${show(slice)})`;
  return null;
}

export const nerInterop = {
  dataFields: (c) => [{ field: c.field, type: { kind: 'string' } }],
  labelStudio: {
    fills: ['labels'],
    read(_r, v, prev, config, ctx) {
      const at = `${ctx.path}.value`;
      if (typeof v.start !== 'number' || typeof v.end !== 'number') { ctx.issue({ field: at, message: 'a labels result needs numeric start and end offsets' }); return prev; }
      const field = Object.hasOwn(ctx.data, config.field) ? ctx.data[config.field] : undefined;
      const bad = spanProblem(v, field);
      if (bad) { ctx.issue({ field: at, message: bad }); return prev; }
      const a = prev ?? { spans: [] as unknown[] };
      const text = typeof field === 'string' ? field.slice(v.start, v.end) : typeof v.text === 'string' ? v.text : '';
      for (const label of ctx.several(regionLabels(v, 'labels'), 'spans')) a.spans.push({ start: v.start, end: v.end, label, text });
      return a;
    },
    readPart: (_r, _v, _part, prev) => ({ prelabel: prev, used: false }),
    write: toLabelStudio,
  },
  record: null,
  sagemaker: (item, confidence) => toSageMaker(item, confidence),
  formats: ['conll'],
  answerFilter(config, questionId, value, bad) {
    knownLabelValue(config.labels, questionId, value, bad);
    return (a) => a.spans.some((s) => s.label === value);
  },
  dashboard: { unitsReadData: true, confusionLabels: () => null },
} satisfies TaskInterop<NerConfig, NerAnswer>;
