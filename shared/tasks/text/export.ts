import type { ExportItem } from '../types';
import { fieldText, lsId, type LsResult } from '../labelstudio';
import type { TextAnswer, TextConfig } from './index';

type Item = ExportItem<TextConfig, TextAnswer>;

/**
 * Supervised fine-tuning record `{ prompt, response }`: the prompt is the question's field (in rewrite
 * mode without a field, the source text), the response the agreed text. An empty response gives null.
 */
export function toSft(item: Item): { prompt: string; response: string } | null {
  if (item.answer.text.trim() === '') return null;
  const prompt = item.config.field !== undefined ? fieldText(item.data, item.config.field) : fieldText(item.data, item.config.sourceField);
  return { prompt, response: item.answer.text };
}

/** Label Studio `textarea` result. */
export function toLabelStudio(item: Item): LsResult[] {
  if (item.answer.text === '') return [];
  return [{ id: lsId(item.questionId, 0), type: 'textarea', from_name: item.questionId, to_name: item.config.field ?? item.config.sourceField ?? 'text', value: { text: [item.answer.text] }, origin: 'manual' }];
}

/** A flat record for JSONL/CSV: the text itself under the question id. */
export function toRecord(item: Item): Record<string, string> {
  return { [item.questionId]: item.answer.text };
}
