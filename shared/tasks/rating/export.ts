import type { ExportItem } from '../types';
import { lsId, type LsResult } from '../labelstudio';
import type { RatingAnswer, RatingConfig } from './index';

type Item = ExportItem<RatingConfig, RatingAnswer>;

/** Label Studio: one `<Rating>` result per scored criterion (`from_name` = `<question>_<criterion>`) and
 *  the rationale as a `textarea`. */
export function toLabelStudio(item: Item): LsResult[] {
  const to = item.config.field ?? 'text';
  const out: LsResult[] = [];
  for (const c of item.config.criteria) {
    const v = item.answer.scores[c.id];
    if (v === null || v === undefined) continue;
    out.push({ id: lsId(item.questionId, c.id), type: 'rating', from_name: `${item.questionId}_${c.id}`, to_name: to, value: { rating: v }, origin: 'manual' });
  }
  if (item.answer.rationale) out.push({ id: lsId(item.questionId, 'rationale'), type: 'textarea', from_name: `${item.questionId}_rationale`, to_name: to, value: { text: [item.answer.rationale] }, origin: 'manual' });
  return out;
}

/** A flat record for JSONL/CSV: `<question>.<criterion>` columns (null when unscored) and `<question>.rationale`. */
export function toRecord(item: Item): Record<string, number | string | null> {
  const out: Record<string, number | string | null> = {};
  for (const c of item.config.criteria) out[`${item.questionId}.${c.id}`] = item.answer.scores[c.id] ?? null;
  out[`${item.questionId}.rationale`] = item.answer.rationale;
  return out;
}
