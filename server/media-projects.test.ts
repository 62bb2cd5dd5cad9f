import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, engineName, type Client, type TestEnv } from './test/harness.js';

const IMAGE = fs.readFileSync(fileURLToPath(new URL('./seed/media/street-01.png', import.meta.url)));
const schema = [{ id: 'objects', type: 'bbox', title: 'Objects', config: { field: 'image', labels: ['car'] } }];

let env: TestEnv;
let leadA: Client, leadB: Client, annB: Client, outsider: Client;
let a: number, b: number;
beforeAll(async () => {
  env = await createTestEnv();
  for (const u of ['a@x.test', 'b@x.test', 'annb@x.test', 'out@x.test']) await env.user(u);
  [leadA, leadB, annB, outsider] = await Promise.all(['a@x.test', 'b@x.test', 'annb@x.test', 'out@x.test'].map((u) => env.login(u)));
  a = (await leadA.post('/api/projects', { name: 'A', schema })).body.project.id;
  b = (await leadB.post('/api/projects', { name: 'B', schema })).body.project.id;
  await leadB.post(`/api/projects/${b}/members`, { email: 'annb@x.test', roles: ['annotator'] });
});
afterAll(() => env.close());

const upload = (c: Client, pid: number) => c.raw(`/api/projects/${pid}/media?name=street.png`, { method: 'POST', body: IMAGE, headers: { 'content-type': 'image/png' } });

describe(`media shared by content, visible by project (${engineName()})`, () => {
  it('keeps one file for the same bytes uploaded to two projects, visible to the members of both and nobody else', async () => {
    const upA = await upload(leadA, a);
    expect(upA.status).toBe(201);
    const { media } = (await upA.json()) as { media: { id: string; url: string } };
    // B's annotator cannot see A's file before B has it.
    expect((await annB.raw(media.url)).status).toBe(404);
    const upB = await upload(leadB, b);
    expect(((await upB.json()) as { media: { id: string } }).media.id).toBe(media.id);
    expect((await annB.raw(media.url)).status).toBe(200);
    expect((await leadA.raw(media.url)).status).toBe(200);
    expect((await outsider.raw(media.url)).status).toBe(404);
    expect((await leadA.get(`/api/projects/${a}/media`)).body.media.map((m: { id: string }) => m.id)).toEqual([media.id]);
    expect((await leadB.get(`/api/projects/${b}/media`)).body.total).toBe(1);
    const stored = await env.deps.db.selectFrom('media').select('id').execute();
    expect(stored).toHaveLength(1);
  });

  it('refuses an import that references a file uploaded only to another project, naming the line and field', async () => {
    const c = (await outsider.post('/api/projects', { name: 'C', schema })).body.project.id;
    const id = (await env.deps.db.selectFrom('media').select('id').executeTakeFirstOrThrow()).id;
    const r = await outsider.raw(`/api/projects/${c}/imports?format=jsonl`, {
      method: 'POST', body: `${JSON.stringify({ id: 'ok', data: { image: `/api/media/${id}` } })}\n`,
    });
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/line 1/);
    expect(body.error.message).toMatch(/image/);
    expect((await outsider.get(`/api/projects/${c}`)).body.project.counts.rows).toBe(0);
  });
});
