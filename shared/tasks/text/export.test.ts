import { describe, expect, it } from 'vitest';
import { text } from './index';
import { textInterop } from './interop';
import { toSft, toSftMessages } from './export';

// TRL's dataset formats (https://huggingface.co/docs/trl/dataset_formats, "Conversational language modeling"):
// SFTTrainer reads `{"messages": [{"role": "user", "content": "What color is the sky?"},
// {"role": "assistant", "content": "It is blue."}]}` and applies the model's chat template to it.

const item = (config: unknown, answer: string, data: Record<string, unknown>) =>
  ({ rowId: '1', externalId: null, data, config: text.config.parse(config), questionId: 'ideal', answer: { text: answer } });

const chat = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Capital of France?' },
  { role: 'assistant', content: 'Paris.' },
  { role: 'user', content: 'And of Italy?' },
];

describe('text → SFT messages (TRL conversational language modeling)', () => {
  it('a conversation prompt: its messages, then the final text as the assistant reply', () => {
    const r = toSftMessages(item({ field: 'chat', sourceField: 'draft' }, 'Rome.', { chat, draft: 'Milan?' }))!;
    expect(Object.keys(r)).toEqual(['messages']);
    expect(r.messages).toEqual([...chat, { role: 'assistant', content: 'Rome.' }]);
    for (const m of r.messages) {
      expect(typeof m.role).toBe('string');
      expect(typeof m.content).toBe('string');
    }
  });

  it('a text prompt becomes one user message; a rewrite without a prompt field starts from the source text', () => {
    expect(toSftMessages(item({ field: 'prompt' }, 'Paris.', { prompt: 'Capital of France?' }))).toEqual({
      messages: [{ role: 'user', content: 'Capital of France?' }, { role: 'assistant', content: 'Paris.' }],
    });
    expect(toSftMessages(item({ sourceField: 'draft' }, 'Fixed.', { draft: 'Fixd.' }))!.messages[0]).toEqual({ role: 'user', content: 'Fixd.' });
  });

  it('the final replaces the assistant reply it rewrites when the conversation already ends with it', () => {
    const withDraft = [...chat, { role: 'assistant', content: 'Milan?' }];
    expect(toSftMessages(item({ field: 'chat', sourceField: 'draft' }, 'Rome.', { chat: withDraft, draft: 'Milan?' }))!.messages)
      .toEqual([...chat, { role: 'assistant', content: 'Rome.' }]);
    // A last reply that is not the draft is context: the final follows it.
    const other = [...chat, { role: 'assistant', content: 'Something else.' }];
    expect(toSftMessages(item({ field: 'chat', sourceField: 'draft' }, 'Rome.', { chat: other, draft: 'Milan?' }))!.messages).toHaveLength(6);
  });

  it('writes each message as its role and text (text parts joined, a tool call without text empty); an empty final gives no row', () => {
    const tools = [{ role: 'user', content: [{ type: 'text', text: 'Weather?' }] }, { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function' }] }, { role: 'tool', content: 'sunny', tool_call_id: 'c1' }];
    expect(toSftMessages(item({ field: 'chat' }, 'It is sunny.', { chat: tools }))!.messages).toEqual([
      { role: 'user', content: 'Weather?' }, { role: 'assistant', content: '' }, { role: 'tool', content: 'sunny' }, { role: 'assistant', content: 'It is sunny.' },
    ]);
    expect(toSftMessages(item({ field: 'chat' }, '  ', { chat }))).toBeNull();
  });

  it('the {prompt, response} record keeps a text prompt and writes a conversation as role: text blocks', () => {
    expect(toSft(item({ field: 'prompt' }, 'Paris.', { prompt: 'Capital of France?' }))).toEqual({ prompt: 'Capital of France?', response: 'Paris.' });
    expect(toSft(item({ field: 'chat' }, 'Rome.', { chat }))).toEqual({
      prompt: 'system: Be brief.\n\nuser: Capital of France?\n\nassistant: Paris.\n\nuser: And of Italy?', response: 'Rome.',
    });
  });

  it('the prompt field may hold a conversation; the rewritten text stays text, also when it is the same field', () => {
    expect(textInterop.dataFields(text.config.parse({ field: 'chat', sourceField: 'draft' }))).toEqual([
      { field: 'chat', type: { kind: 'text-or-conversation' } },
      { field: 'draft', type: { kind: 'string' } },
    ]);
    expect(textInterop.dataFields(text.config.parse({ field: 'draft', sourceField: 'draft' }))).toEqual([{ field: 'draft', type: { kind: 'string' } }]);
    expect(textInterop.formats).toEqual(['sft', 'sft-messages']);
  });
});
