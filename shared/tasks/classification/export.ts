import type { ExportItem } from '../types';
import { lsId, type LsResult } from '../labelstudio';
import type { ClassificationAnswer, ClassificationConfig } from './index';

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
