import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, type Client, type TestEnv } from './test/harness.js';
import { giveRow, rowIds } from './test/fixtures-final.js';
import { DEFAULT_SETTINGS } from '@shared/project.js';
import { schemaSchema } from '@shared/tasks/question.js';
import { makeRowValidator } from './services/import/validate.js';

// SFT exports of text questions read back as a trainer reads them. `sft-messages` is TRL's
// "conversational language modeling" format (https://huggingface.co/docs/trl/dataset_formats):
// `{"messages": [{"role": "user", "content": "…"}, {"role": "assistant", "content": "…"}]}`, which
// SFTTrainer applies the model's chat template to; other columns (our row ids) it drops as unused.

describe('SFT exports of text questions', () => {
  let env: TestEnv;
  let lead: Client;
  let users: number[];
  beforeEach(async () => {
    env = await createTestEnv();
    await env.user('lead@x.org', { name: 'Lea Lead' });
    users = [await env.user('a1@x.org'), await env.user('a2@x.org'), await env.user('qa@x.org')];
    lead = await env.login('lead@x.org');
  });
  afterEach(async () => env.close());

  const chat = [
    { role: 'system', content: 'You are a careful assistant.' },
    { role: 'user', content: 'Is 0.1 + 0.2 == 0.3 in Python?' },
    { role: 'assistant', content: 'No: floats are binary.' },
    { role: 'user', content: 'How do I compare them then?' },
  ];

  async function rewriteProject() {
    const schema = [{ id: 'ideal', type: 'text', title: 'Ideal answer', config: { field: 'chat', sourceField: 'draft' } }];
    const pid = (await lead.post('/api/projects', { name: 'Rewrites', schema })).body.project.id as number;
    const lines = [
      { id: 'conv', data: { chat, draft: 'Use ==.' } },
      { id: 'plain', data: { chat: 'Name a prime number.', draft: 'Nine.' } },
      { id: 'open', data: { chat: 'Unanswered', draft: 'x' } },
    ];
    const r = await lead.raw(`/api/projects/${pid}/imports?format=jsonl`, { method: 'POST', body: lines.map((l) => JSON.stringify(l)).join('\n') });
    expect((await r.json() as any).report).toMatchObject({ imported: 3, errors: [] });
    const ids = await rowIds(env.deps.db, pid);
    const final = async (ext: string, text: string) => {
      const answer = { ideal: { text } };
      await giveRow(env.deps.db, { projectId: pid, rowId: ids.get(ext)!, labels: [{ userId: users[0], answer }, { userId: users[1], answer }], qa: { userId: users[2], answer }, final: { answer } });
    };
    await final('conv', 'Use `math.isclose(a, b)`.');
    await final('plain', 'Seven.');
    return pid;
  }
  const lines = async (pid: number, q: string) => {
    const r = await lead.raw(`/api/projects/${pid}/exports?${q}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(r.headers.get('content-disposition')).toMatch(/-final-\d{4}-\d{2}-\d{2}\.jsonl"?$/);
    return (await r.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  };

  it('sft-messages: the conversation (or the prompt as a user message) then the final as the assistant reply', async () => {
    const pid = await rewriteProject();
    const rows = await lines(pid, 'format=sft-messages');
    // Finals only: the unanswered row gives no line.
    expect(rows.map((r) => r.external_id)).toEqual(['conv', 'plain']);
    for (const r of rows) {
      expect(Array.isArray(r.messages)).toBe(true);
      for (const m of r.messages as Array<Record<string, unknown>>) {
        expect(['system', 'user', 'assistant', 'tool']).toContain(m.role);
        expect(typeof m.content).toBe('string');
      }
      expect((r.messages as Array<{ role: string }>).at(-1)!.role).toBe('assistant');
    }
    // The README's example line.
    expect(rows[0]).toEqual({ messages: [...chat, { role: 'assistant', content: 'Use `math.isclose(a, b)`.' }], row_id: expect.any(Number), external_id: 'conv' });
    expect(rows[1].messages).toEqual([{ role: 'user', content: 'Name a prime number.' }, { role: 'assistant', content: 'Seven.' }]);
  });

  it('sft keeps its {prompt, response} strings; a conversation prompt is written as role: text blocks', async () => {
    const pid = await rewriteProject();
    const rows = await lines(pid, 'format=sft');
    for (const r of rows) {
      expect(typeof r.prompt).toBe('string');
      expect(typeof r.response).toBe('string');
    }
    expect(rows[0]).toMatchObject({ prompt: expect.stringMatching(/^system: You are a careful assistant\.\n\nuser: Is 0\.1/), response: 'Use `math.isclose(a, b)`.' });
    expect(rows[1]).toMatchObject({ prompt: 'Name a prime number.', response: 'Seven.' });
  });

  it('import takes a conversation as the prompt but not as the text to rewrite, naming the field', () => {
    const schema = schemaSchema.parse([{ id: 'ideal', type: 'text', title: 'Ideal', config: { field: 'chat', sourceField: 'draft' } }]);
    const validate = makeRowValidator(schema, DEFAULT_SETTINGS);
    expect(validate({ chat, draft: 'Use ==.' }).issues).toEqual([]);
    expect(validate({ chat, draft: chat }).issues).toEqual([{ field: 'draft', message: expect.stringMatching(/^expected text, got/) }]);
    expect(validate({ chat: [{ role: 'robot', content: 'x' }], draft: 'y' }).issues[0]).toMatchObject({ field: 'chat', message: expect.stringMatching(/message 1 \(role\)/) });
  });

  it('sft-messages needs a text question, as the other per-type formats do', async () => {
    const pid = (await lead.post('/api/projects', { name: 'No text', schema: [{ id: 's', type: 'classification', title: 'S', config: { labels: ['a'] } }] })).body.project.id as number;
    const r = await lead.raw(`/api/projects/${pid}/exports?format=sft-messages`);
    expect(r.status).toBe(400);
    expect((await r.json() as any).error.message).toMatch(/sft-messages needs a text question/);
  });
});
