import type { ExportItem } from '../types';
import { fieldText, lsId, type LsResult } from '../labelstudio';
import type { RankingAnswer, RankingConfig } from './index';

type Item = ExportItem<RankingConfig, RankingAnswer>;

export interface PreferencePair {
  prompt: string;
  chosen: string;
  rejected: string;
  /** With `detail`: pairwise, the preference's strength (absolute, so larger is stronger) and the reason. */
  strength?: number | null;
  reason?: string;
  /** With `detail`: order mode, the 1-based ranks of the chosen and rejected responses. */
  rank_chosen?: number;
  rank_rejected?: number;
}

function responsesOf(item: Item): string[] {
  const v = item.data[item.config.responsesField];
  return Array.isArray(v) ? v.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))) : [];
}

/**
 * Preference pairs for reward-model / DPO training (`{ prompt, chosen, rejected }`).
 * Pairwise: one pair, preferred vs the other response; a tie or an undecided answer gives none (a tie
 * carries no preference). An order (order mode): every pair it ranks (n·(n−1)/2 pairs, better one chosen).
 * `detail` adds what a reward model may weight pairs by: strength and reason, or the two ranks.
 */
export function toPreferencePairs(item: Item, opts: { detail?: boolean } = {}): PreferencePair[] {
  const prompt = fieldText(item.data, item.config.promptField);
  const responses = responsesOf(item);
  const a = item.answer;
  const pair = (win: number, lose: number): PreferencePair | null =>
    responses[win] === undefined || responses[lose] === undefined ? null : { prompt, chosen: responses[win], rejected: responses[lose] };
  const out: PreferencePair[] = [];
  if (a.order && a.order.length >= 2) {
    for (let i = 0; i < a.order.length; i++) for (let j = i + 1; j < a.order.length; j++) {
      const p = pair(a.order[i], a.order[j]);
      if (p) out.push(opts.detail ? { ...p, rank_chosen: i + 1, rank_rejected: j + 1 } : p);
    }
    return out;
  }
  if (a.preferred === null) return out;
  const p = pair(a.preferred, a.preferred === 0 ? 1 : 0);
  if (p) out.push(opts.detail ? { ...p, strength: a.strength === null ? null : Math.abs(a.strength), ...(a.reason ? { reason: a.reason } : {}) } : p);
  return out;
}

/**
 * Label Studio results: pairwise as the `<Pairwise>` tag's `{ selected: 'left' | 'right' }` (ties give
 * none), order mode as a `<Ranker>`-style `{ ranker: { rank: [...] } }` of response indices, the reason as
 * a textarea, flagged claims as `labels` regions named `claim`.
 */
export function toLabelStudio(item: Item): LsResult[] {
  const a = item.answer;
  const out: LsResult[] = [];
  const base = { from_name: item.questionId, to_name: item.config.responsesField, origin: 'manual' as const };
  if (item.config.mode === 'order' && a.order) out.push({ ...base, id: lsId(item.questionId, 'rank'), type: 'ranker', value: { ranker: { rank: a.order.map(String) } } });
  else if (a.preferred !== null) out.push({ ...base, id: lsId(item.questionId, 'pair'), type: 'pairwise', value: { selected: a.preferred === 0 ? 'left' : 'right' } });
  if (a.strength !== null) out.push({ ...base, id: lsId(item.questionId, 'strength'), from_name: `${item.questionId}_strength`, type: 'rating', value: { rating: a.strength } });
  if (a.reason) out.push({ ...base, id: lsId(item.questionId, 'reason'), from_name: `${item.questionId}_reason`, type: 'textarea', value: { text: [a.reason] } });
  a.claims.forEach((c, i) =>
    out.push({ ...base, id: lsId(item.questionId, `claim${i}`), from_name: `${item.questionId}_claims`, to_name: `${item.config.responsesField}[${c.response}]`, type: 'labels', value: { start: c.start, end: c.end, text: c.text, labels: ['claim'] } }),
  );
  return out;
}
