import type { ExportItem } from '../types';
import { lsId, type LsResult } from '../labelstudio';
import type { ClassificationAnswer, ClassificationConfig } from './index';
import type { SageMakerLabel } from '../sagemaker';

type Item = ExportItem<ClassificationConfig, ClassificationAnswer>;

/** Label Studio `choices` result (the `<Choices>` tag's output). */
export function toLabelStudio(item: Item): LsResult[] {
  if (item.answer.labels.length === 0) return [];
  return [
    {
      id: lsId(item.questionId, 0),
      type: 'choices',
      from_name: item.questionId,
      to_name: item.config.field ?? 'text',
      value: { choices: [...item.answer.labels] },
      origin: 'manual',
    },
  ];
}

/**
 * A flat record for JSONL/CSV: single choice gives the label (or null); multiple gives the labels joined
 * by ";" (CSV cells hold one string), with `labels` as an array alongside for JSONL.
 */
export function toRecord(item: Item): Record<string, string | string[] | null> {
  if (!item.config.multiple) return { [item.questionId]: item.answer.labels[0] ?? null };
  return { [item.questionId]: item.answer.labels.join(';') };
}

/**
 * Ground Truth classification output: single choice as the class index written as a string ("1") with
 * `class-name` and `confidence`; multiple choice as an array of indexes with `class-map` and
 * `confidence-map` keyed by index. Indexes are positions in the question's label list. An unanswered
 * single choice has no label (null).
 */
export function toSageMaker(item: Item, confidence: number, media: 'text' | 'image'): SageMakerLabel | null {
  const { labels } = item.config;
  const idx = item.answer.labels.map((l) => labels.findIndex((x) => x.value === l)).filter((i) => i >= 0);
  if (!item.config.multiple) {
    if (!idx.length) return null;
    return { label: String(idx[0]), metadata: { 'class-name': labels[idx[0]].value, confidence, type: `groundtruth/${media}-classification` } };
  }
  return {
    label: idx,
    metadata: {
      'class-map': Object.fromEntries(idx.map((i) => [String(i), labels[i].value])),
      'confidence-map': Object.fromEntries(idx.map((i) => [String(i), confidence])),
      type: `groundtruth/${media}-classification-multilabel`,
    },
  };
}
