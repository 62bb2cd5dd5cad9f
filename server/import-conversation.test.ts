import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '@shared/project.js';
import { schemaSchema } from '@shared/tasks/question.js';
import { makeRowValidator } from './services/import/validate.js';

// A ranking whose prompt is a conversation and a rating that judges it: both read `prompt`.
const schema = schemaSchema.parse([
  { id: 'pref', type: 'ranking', title: 'Which reply is better?', config: { promptField: 'prompt', responsesField: 'responses' } },
  { id: 'score', type: 'rating', title: 'Rate', config: { field: 'prompt', criteria: [{ id: 'helpful', title: 'Helpful' }] } },
]);
const validate = makeRowValidator(schema, DEFAULT_SETTINGS);
const responses = ['one', 'two'];

describe('import of conversation fields', () => {
  it('takes a messages array in the OpenAI/Anthropic shape, text parts and tool turns included', () => {
    const prompt = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'What is 2+2?' }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'calc', arguments: '{}' } }] },
      { role: 'tool', content: '4', tool_call_id: 'c1' },
      { role: 'assistant', content: 'It is **4**.' },
    ];
    const r = validate({ prompt, responses });
    expect(r.issues).toEqual([]);
    expect(r.row?.data.prompt).toEqual(prompt);
  });

  it('still takes a plain text prompt', () => {
    expect(validate({ prompt: 'Hi', responses }).issues).toEqual([]);
  });

  it('names the message and key that is wrong', () => {
    const r = validate({ prompt: [{ role: 'user', content: 'hi' }, { role: 'robot', content: 'beep' }], responses });
    expect(r.issues).toEqual([{ field: 'prompt', message: expect.stringMatching(/^expected text or a conversation: message 2 \(role\): role must be one of system, user, assistant, tool/) }]);
    const noContent = validate({ prompt: [{ role: 'user' }], responses });
    expect(noContent.issues[0].message).toMatch(/message 1 \(content\): content must be text/);
  });

  it('refuses a number or an object with a message saying what a conversation is', () => {
    for (const prompt of [42, { role: 'user', content: 'x' }, []]) {
      const r = validate({ prompt, responses });
      expect(r.issues[0]).toMatchObject({ field: 'prompt' });
      expect(r.row).toBeUndefined();
    }
    expect(validate({ prompt: 42, responses }).issues[0].message).toBe('expected text or a conversation ([{"role": "user", "content": "…"}, …]), got number 42');
  });
});
