import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, type Client, type TestEnv } from './test/harness.js';
import { giveRow, rowIds } from './test/fixtures-final.js';
import { LLAMA2_SCALE } from '@shared/tasks/ranking/index.js';

// Preference exports of ranking questions read back as TRL's trainers read them.
// `preferences-messages` is TRL's conversational preference type with an implicit prompt
// (https://huggingface.co/docs/trl/dataset_formats#preference):
//   {"chosen": [{"role": "user", "content": …}, {"role": "assistant", "content": …}],
//    "rejected": [{"role": "user", "content": …}, {"role": "assistant", "content": …}]}
// which DPOTrainer reads (it takes the shared beginning as the prompt) and RewardTrainer reads as it is
// (https://huggingface.co/docs/trl/reward_trainer: "preference datasets type (both implicit and explicit
// prompt)"; earlier releases read the implicit form only). RewardTrainer adds an optional `margin` column
// to its loss, −log σ(r(chosen) − r(rejected) − margin), as in Llama 2: TRL's paper index sets Llama 2's
// "Margin Small" (significantly better 1, better 2/3, slightly better 1/3, negligibly better 0). Other
// columns (our row ids) the trainers leave alone: their collators read only the columns they know.

const chat = [
  { role: 'system', content: 'You are a careful assistant.' },
  { role: 'user', content: 'How do I read a file in Python?' },
  { role: 'assistant', content: 'Use open().' },
  { role: 'user', content: 'And close it safely?' },
];
const replies = ['Use `with open(path) as f:`; it closes the file.', 'Call f.close() when you remember.', 'Files close themselves, never mind.'];

type Line = Record<string, unknown>;

describe('preference exports of ranking questions', () => {
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

  /** Helpfulness and safety, Llama 2's two questions on the same pair, and a 3-way order with ties. */
  async function project() {
    const pair = { promptField: 'chat', scale: LLAMA2_SCALE, allowTie: false, flagClaims: false };
    const schema = [
      { id: 'helpful', type: 'ranking', title: 'Which response is more helpful?', config: pair },
      { id: 'safe', type: 'ranking', title: 'Which response is safer?', config: pair },
      { id: 'order', type: 'ranking', title: 'Rank all replies', config: { promptField: 'chat', mode: 'order', orderTies: true, flagClaims: false } },
    ];
    const pid = (await lead.post('/api/projects', { name: 'Llama 2 style', schema })).body.project.id as number;
    const lines = [
      { id: 'conv', data: { chat, responses: replies } },
      { id: 'plain', data: { chat: 'Name a prime number.', responses: ['Seven.', 'Nine.', 'Seven.'] } },
    ];
    const r = await lead.raw(`/api/projects/${pid}/imports?format=jsonl`, { method: 'POST', body: lines.map((l) => JSON.stringify(l)).join('\n') });
    expect((await r.json() as any).report).toMatchObject({ imported: 2, errors: [] });
    const ids = await rowIds(env.deps.db, pid);
    const final = async (ext: string, answer: Record<string, unknown>) =>
      giveRow(env.deps.db, { projectId: pid, rowId: ids.get(ext)!, labels: [{ userId: users[0], answer }, { userId: users[1], answer }], qa: { userId: users[2], answer }, final: { answer } });
    const pref = (preferred: number, strength: number) => ({ preferred, strength, reason: '', claims: [] });
    // conv: A significantly more helpful; B negligibly safer. The order ties B and C below A.
    await final('conv', { helpful: pref(0, -4), safe: pref(1, 1), order: { preferred: 0, order: [0, 1, 2], ties: [[1, 2]], strength: null, reason: '', claims: [] } });
    // plain: B slightly better (9 is no prime… the labeler's call); the order puts the two "Seven." first, tied.
    await final('plain', { helpful: pref(1, 2), safe: pref(0, -3), order: { preferred: 0, order: [0, 2, 1], ties: [[0, 2]], strength: null, reason: '', claims: [] } });
    return pid;
  }

  const read = async (pid: number, q: string): Promise<Line[]> => {
    const r = await lead.raw(`/api/projects/${pid}/exports?${q}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const text = await r.text();
    return text.trim() === '' ? [] : text.trim().split('\n').map((l) => JSON.parse(l) as Line);
  };

  /** What every line of the messages format must hold for DPOTrainer and RewardTrainer. */
  function expectTrlPreference(line: Line) {
    expect(Object.keys(line).sort()).toEqual(['chosen', 'external_id', 'margin', 'rejected', 'row_id']);
    expect(typeof line.margin).toBe('number');
    const chosen = line.chosen as Array<Record<string, unknown>>;
    const rejected = line.rejected as Array<Record<string, unknown>>;
    for (const side of [chosen, rejected]) {
      expect(Array.isArray(side)).toBe(true);
      for (const m of side) {
        expect(Object.keys(m).sort()).toEqual(['content', 'role']);
        expect(['system', 'user', 'assistant', 'tool', 'developer']).toContain(m.role);
        expect(typeof m.content).toBe('string');
      }
      expect(side.at(-1)!.role).toBe('assistant');
    }
    // The implicit prompt: everything but the last message is shared, and the replies differ.
    expect(chosen.slice(0, -1)).toEqual(rejected.slice(0, -1));
    expect(chosen.at(-1)!.content).not.toBe(rejected.at(-1)!.content);
  }

  it('preferences-messages: the conversation then each reply, with the Llama 2 margin of the strength', async () => {
    const pid = await project();
    const helpful = await read(pid, 'format=preferences-messages&question=helpful');
    helpful.forEach(expectTrlPreference);
    expect(helpful.map((l) => l.external_id)).toEqual(['conv', 'plain']);
    expect(helpful[0]).toMatchObject({ chosen: [...chat, { role: 'assistant', content: replies[0] }], rejected: [...chat, { role: 'assistant', content: replies[1] }], margin: 1 });
    // A plain-text prompt becomes one user message.
    expect(helpful[1]).toMatchObject({
      chosen: [{ role: 'user', content: 'Name a prime number.' }, { role: 'assistant', content: 'Nine.' }],
      rejected: [{ role: 'user', content: 'Name a prime number.' }, { role: 'assistant', content: 'Seven.' }],
      margin: 1 / 3,
    });
    // Safety is its own question on the same pair, with its own preferences.
    const safe = await read(pid, 'format=preferences-messages&question=safe');
    safe.forEach(expectTrlPreference);
    expect(safe.map((l) => [(l.chosen as any[]).at(-1).content, l.margin])).toEqual([[replies[1], 0], ['Seven.', 2 / 3]]);
  });

  it('preferences-messages of an order: every pair ranked apart, none within a tie or between equal texts', async () => {
    const pid = await project();
    const lines = await read(pid, 'format=preferences-messages&question=order');
    lines.forEach(expectTrlPreference);
    const pairs = lines.map((l) => [l.external_id, (l.chosen as any[]).at(-1).content, (l.rejected as any[]).at(-1).content, l.margin]);
    expect(pairs).toEqual([
      ['conv', replies[0], replies[1], 0],
      ['conv', replies[0], replies[2], 0],
      ['plain', 'Seven.', 'Nine.', 0],
    ]);
  });

  it('preferences keeps its {prompt, chosen, rejected} texts, now with the margin; a conversation prompt as role: text blocks', async () => {
    const pid = await project();
    const lines = await read(pid, 'format=preferences&question=helpful');
    for (const l of lines) {
      for (const k of ['prompt', 'chosen', 'rejected']) expect(typeof l[k]).toBe('string');
      expect(typeof l.margin).toBe('number');
    }
    expect(lines[0]).toMatchObject({ prompt: expect.stringMatching(/^system: You are a careful assistant\.\n\nuser: How do I read/), chosen: replies[0], rejected: replies[1], margin: 1, strength: 4 });
    expect(lines[1]).toMatchObject({ prompt: 'Name a prime number.', chosen: 'Nine.', rejected: 'Seven.', margin: 1 / 3, strength: 2 });
    const order = await read(pid, 'format=preferences&question=order');
    expect(order.map((l) => [l.rank_chosen, l.rank_rejected])).toEqual([[1, 2], [1, 2], [1, 2]]);
  });

  it('a question of another type is refused by name', async () => {
    const pid = (await lead.post('/api/projects', { name: 'No ranking', schema: [{ id: 's', type: 'classification', title: 'S', config: { labels: ['a'] } }] })).body.project.id as number;
    const r = await lead.raw(`/api/projects/${pid}/exports?format=preferences-messages`);
    expect(r.status).toBe(400);
    expect((await r.json() as any).error.message).toMatch(/preferences-messages needs a ranking question/);
  });
});
