import type { ExportItem } from '../types';
import { fieldText, lsId, type LsResult } from '../labelstudio';
import { asConversation, isConversation, messageText, type Role } from '../../conversation';
import { marginOf, orderGroups, type RankingAnswer, type RankingConfig } from './index';

type Item = ExportItem<RankingConfig, RankingAnswer>;

export interface PreferencePair {
  prompt: string;
  chosen: string;
  rejected: string;
  /** With `detail`: how much better `chosen` is, for a reward model's margin (marginOf, or ranks apart). */
  margin?: number;
  /** With `detail`: pairwise, the preference's strength (absolute, so larger is stronger) and the reason. */
  strength?: number | null;
  reason?: string;
  /** With `detail`: order mode, the ranks of the chosen and rejected responses (1 = best; tied ones share one, the next rank is one more). */
  rank_chosen?: number;
  rank_rejected?: number;
}

function responsesOf(item: Item): string[] {
  const v = item.data[item.config.responsesField];
  return Array.isArray(v) ? v.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))) : [];
}

/** One preference of an answer: response indices, how much better, and (order mode) both ranks, 1 = best. */
interface Preference { win: number; lose: number; margin: number; ranks?: [number, number] }

/**
 * The preferences an answer states. Pairwise: preferred over the other response, with the strength's
 * margin; a tie or an undecided answer states none. An order: every pair it ranks apart (tied responses
 * give no pair), better one first, with the margin of the ranks between them (adjacent ranks: 0, as a
 * plain ranking loss has none; one rank between: 1; …).
 */
function preferences(a: RankingAnswer, config: RankingConfig): Preference[] {
  const out: Preference[] = [];
  if (a.order && a.order.length >= 2) {
    const groups = orderGroups(a);
    for (let i = 0; i < groups.length; i++)
      for (let j = i + 1; j < groups.length; j++)
        for (const win of groups[i]) for (const lose of groups[j]) out.push({ win, lose, margin: j - i - 1, ranks: [i + 1, j + 1] });
    return out;
  }
  if (a.preferred !== null) out.push({ win: a.preferred, lose: a.preferred === 0 ? 1 : 0, margin: marginOf(config, a.strength) });
  return out;
}

/**
 * The prompt as one text. A conversation becomes its messages as `role: text` blocks, so the column keeps
 * one type over a file whose rows mix texts and conversations (`preferences-messages` keeps the turns).
 */
function promptText(data: Record<string, unknown>, field: string): string {
  const v = data[field];
  if (isConversation(v)) return v.map((m) => `${m.role}: ${messageText(m)}`).join('\n\n');
  return fieldText(data, field);
}

/**
 * The answer's preferences with the texts they prefer. Two responses with the same text make no pair
 * (nothing to prefer), and a pair of texts is written once per row (an order with a repeated response
 * would give it twice).
 */
function textPreferences(item: Item): Array<Preference & { chosen: string; rejected: string }> {
  const responses = responsesOf(item);
  const seen = new Set<string>();
  const out: Array<Preference & { chosen: string; rejected: string }> = [];
  for (const p of preferences(item.answer, item.config)) {
    const chosen = responses[p.win];
    const rejected = responses[p.lose];
    const key = JSON.stringify([chosen, rejected]);
    if (chosen === undefined || rejected === undefined || chosen === rejected || seen.has(key)) continue;
    seen.add(key);
    out.push({ ...p, chosen, rejected });
  }
  return out;
}

/**
 * Preference pairs for reward-model / DPO training in TRL's standard format (`{ prompt, chosen, rejected }`,
 * texts). `detail` adds what a reward model may weight pairs by: the margin, and the strength and reason
 * or the two ranks.
 */
export function toPreferencePairs(item: Item, opts: { detail?: boolean } = {}): PreferencePair[] {
  const prompt = promptText(item.data, item.config.promptField);
  const a = item.answer;
  return textPreferences(item).map((p) => {
    const pair: PreferencePair = { prompt, chosen: p.chosen, rejected: p.rejected };
    if (!opts.detail) return pair;
    pair.margin = p.margin;
    if (p.ranks) [pair.rank_chosen, pair.rank_rejected] = p.ranks;
    else {
      pair.strength = a.strength === null ? null : Math.abs(a.strength);
      if (a.reason) pair.reason = a.reason;
    }
    return pair;
  });
}

/** A chat message as TRL's conversational datasets hold it: a role and its text. */
export interface ChatMessage { role: Role; content: string }

/**
 * A preference as TRL's conversational preference type with an implicit prompt
 * (https://huggingface.co/docs/trl/dataset_formats#preference): `chosen` and `rejected` are the whole
 * conversation, each ending with its assistant reply; DPOTrainer takes their shared beginning as the
 * prompt, and RewardTrainer reads them as they are (it reads only the implicit form in TRL releases
 * before explicit prompts), with `margin` in its loss (https://huggingface.co/docs/trl/reward_trainer).
 */
export interface PreferenceMessages { chosen: ChatMessage[]; rejected: ChatMessage[]; margin: number }

/**
 * Every preference of the answer as `PreferenceMessages`. The prompt field's conversation comes first (a
 * plain-text prompt becomes one user message); each message's content is its text (text parts joined,
 * other parts named), so every line of a file has the same column types whatever the rows hold.
 */
export function toPreferenceMessages(item: Item): PreferenceMessages[] {
  const context: ChatMessage[] = asConversation(item.data[item.config.promptField]).map((m) => ({ role: m.role, content: messageText(m) }));
  return textPreferences(item).map((p) => ({
    chosen: [...context, { role: 'assistant', content: p.chosen }],
    rejected: [...context, { role: 'assistant', content: p.rejected }],
    margin: p.margin,
  }));
}

/**
 * Label Studio results: pairwise as the `<Pairwise>` tag's `{ selected: 'left' | 'right' }` (ties give
 * none), order mode as a `<Ranker>`-style `{ ranker: { rank: [...] } }` of response indices (with `ties`,
 * groups of indices sharing a rank, beside it), the reason as a textarea, flagged claims as `labels` regions named `claim`.
 */
export function toLabelStudio(item: Item): LsResult[] {
  const a = item.answer;
  const out: LsResult[] = [];
  const base = { from_name: item.questionId, to_name: item.config.responsesField, origin: 'manual' as const };
  if (item.config.mode === 'order' && a.order) out.push({ ...base, id: lsId(item.questionId, 'rank'), type: 'ranker', value: { ranker: { rank: a.order.map(String) }, ...(a.ties ? { ties: a.ties.map((g) => g.map(String)) } : {}) } });
  else if (a.preferred !== null) out.push({ ...base, id: lsId(item.questionId, 'pair'), type: 'pairwise', value: { selected: a.preferred === 0 ? 'left' : 'right' } });
  if (a.strength !== null) out.push({ ...base, id: lsId(item.questionId, 'strength'), from_name: `${item.questionId}_strength`, type: 'rating', value: { rating: a.strength } });
  if (a.reason) out.push({ ...base, id: lsId(item.questionId, 'reason'), from_name: `${item.questionId}_reason`, type: 'textarea', value: { text: [a.reason] } });
  a.claims.forEach((c, i) =>
    out.push({ ...base, id: lsId(item.questionId, `claim${i}`), from_name: `${item.questionId}_claims`, to_name: `${item.config.responsesField}[${c.response}]`, type: 'labels', value: { start: c.start, end: c.end, text: c.text, labels: ['claim'] } }),
  );
  return out;
}
