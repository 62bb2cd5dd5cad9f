import type { ExportItem } from '../types';
import { fieldText, lsId, type LsResult } from '../labelstudio';
import { asConversation, isConversation, messageText, type Role } from '../../conversation';
import type { TextAnswer, TextConfig } from './index';

type Item = ExportItem<TextConfig, TextAnswer>;

/** The field that holds what the answer replies to: the question's field, else (rewrite mode) the source text. */
const promptField = (c: TextConfig) => c.field ?? c.sourceField;

/**
 * The prompt as one text. A conversation becomes its messages as `role: text` blocks, so the column keeps
 * one type over a file whose rows mix texts and conversations (the `sft-messages` format keeps the turns).
 */
function promptText(data: Record<string, unknown>, field: string | undefined): string {
  const v = field === undefined ? undefined : data[field];
  if (isConversation(v)) return v.map((m) => `${m.role}: ${messageText(m)}`).join('\n\n');
  return fieldText(data, field);
}

/**
 * Supervised fine-tuning record `{ prompt, response }`: the prompt is the question's field (in rewrite
 * mode without a field, the source text), the response the agreed text. An empty response gives null.
 */
export function toSft(item: Item): { prompt: string; response: string } | null {
  if (item.answer.text.trim() === '') return null;
  return { prompt: promptText(item.data, promptField(item.config)), response: item.answer.text };
}

/** A message as a trainer's chat template reads it: its role and its text. */
export interface ChatMessage { role: Role; content: string }

/**
 * The same record as a conversation, in TRL's "conversational language modeling" format
 * (https://huggingface.co/docs/trl/dataset_formats): `{ messages: [...the conversation, { role:
 * 'assistant', content: <final text> }] }`. A text prompt becomes one user message. Each message's content
 * is its text (text parts joined, other parts named), as the preference export writes them: one type in
 * every row, which `datasets` needs to load a JSONL file, and what every chat template takes.
 * When the conversation already ends with the assistant reply being rewritten (its text is the source
 * field's), the final text takes that reply's place instead of following it.
 */
export function toSftMessages(item: Item): { messages: ChatMessage[] } | null {
  if (item.answer.text.trim() === '') return null;
  const { config, data } = item;
  const context = asConversation(data[promptField(config) ?? '']).map((m): ChatMessage => ({ role: m.role, content: messageText(m) }));
  const last = context.at(-1);
  const source = config.sourceField === undefined ? undefined : data[config.sourceField];
  const replaces = last?.role === 'assistant' && typeof source === 'string' && last.content === source;
  return { messages: [...(replaces ? context.slice(0, -1) : context), { role: 'assistant', content: item.answer.text }] };
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
