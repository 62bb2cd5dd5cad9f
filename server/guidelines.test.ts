import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, simpleSchema, type Client, type TestEnv } from './test/harness.js';
import { guidelineDiff } from './routes/guidelines.js';

describe('guideline diff (pure)', () => {
  it('counts added and removed lines', () => {
    const d = guidelineDiff({ version: 1, body: '# G\nkeep\nold\n' }, { version: 2, body: '# G\nkeep\nnew\nmore\n' });
    expect(d.parts.map((p) => [p.op, p.text])).toEqual([['same', '# G\nkeep\n'], ['removed', 'old\n'], ['added', 'new\nmore\n']]);
    expect([d.added, d.removed]).toEqual([2, 1]);
  });
});

describe('guideline routes', () => {
  let env: TestEnv;
  let lead: Client;
  let ann: Client;
  let pid: number;
  beforeEach(async () => {
    env = await createTestEnv();
    await env.user('lead@x.org', { name: 'Lea' });
    await env.user('ann@x.org');
    lead = await env.login('lead@x.org');
    ann = await env.login('ann@x.org');
    pid = (await lead.post('/api/projects', { name: 'P', schema: simpleSchema })).body.project.id;
    await lead.post(`/api/projects/${pid}/members`, { email: 'ann@x.org', roles: ['annotator'] });
  });
  afterEach(async () => env.close());

  it('publishes immutable versions (JSON or a markdown upload), lists, shows, diffs and is acknowledged', async () => {
    const empty = await ann.get(`/api/projects/${pid}/guidelines`);
    expect(empty.body).toEqual({ current: null, versions: [], acknowledged: null, mustAcknowledge: false });
    const v1 = await lead.post(`/api/projects/${pid}/guidelines`, { body: '# Rules\nBe kind.\n', note: 'first' });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ version: 1, note: 'first', body: '# Rules\nBe kind.\n', createdByName: 'Lea' });
    const v2 = await lead.raw(`/api/projects/${pid}/guidelines?note=uploaded`, { method: 'POST', body: '# Rules\nBe kind.\nSarcasm is neg.\n', headers: { 'content-type': 'text/markdown' } });
    expect(v2.status).toBe(201);
    expect((await v2.json() as any).version).toBe(2);
    const same = await lead.post(`/api/projects/${pid}/guidelines`, { body: '# Rules\nBe kind.\nSarcasm is neg.\n' });
    expect(same.status).toBe(409);

    const list = await ann.get(`/api/projects/${pid}/guidelines`);
    expect(list.body.current).toMatchObject({ version: 2, note: 'uploaded' });
    expect(list.body.versions.map((v: any) => v.version)).toEqual([2, 1]);
    expect(list.body).toMatchObject({ acknowledged: null, mustAcknowledge: true });
    expect((await lead.get(`/api/projects/${pid}/guidelines`)).body).toMatchObject({ acknowledged: 2, mustAcknowledge: false });

    expect((await ann.get(`/api/projects/${pid}/guidelines/1`)).body.body).toBe('# Rules\nBe kind.\n');
    expect((await ann.get(`/api/projects/${pid}/guidelines/9`)).status).toBe(404);
    expect((await ann.get(`/api/projects/${pid}/guidelines/x`)).status).toBe(400);

    const diff = await ann.get(`/api/projects/${pid}/guidelines/diff?from=1&to=2`);
    expect(diff.body).toMatchObject({ from: 1, to: 2, added: 1, removed: 0 });
    expect(diff.body.parts.at(-1)).toEqual({ op: 'added', text: 'Sarcasm is neg.\n', count: 1 });
    expect((await ann.get(`/api/projects/${pid}/guidelines/diff?from=1&to=7`)).body.error.message).toMatch(/^to: there is no guideline version 7/);
    expect((await ann.get(`/api/projects/${pid}/guidelines/diff?from=1`)).status).toBe(400);

    const ack = await ann.post(`/api/projects/${pid}/guidelines/acknowledge`, { version: 2 });
    expect(ack.body).toEqual({ acknowledged: 2 });
    expect((await ann.get(`/api/projects/${pid}/guidelines`)).body.mustAcknowledge).toBe(false);
    expect((await ann.post(`/api/projects/${pid}/guidelines/acknowledge`, { version: 5 })).status).toBe(404);
    expect((await ann.post(`/api/projects/${pid}/guidelines/acknowledge`, { version: 'two' })).status).toBe(400);
  });

  it('lets only leads publish, rejects an empty body and hides the project from outsiders', async () => {
    expect((await ann.post(`/api/projects/${pid}/guidelines`, { body: 'x' })).status).toBe(403);
    const bad = await lead.post(`/api/projects/${pid}/guidelines`, { body: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^body: the guideline body is empty/);
    await env.user('out@x.org');
    const out = await env.login('out@x.org');
    expect((await out.get(`/api/projects/${pid}/guidelines`)).status).toBe(404);
    const versions = await env.deps.db.selectFrom('guideline_versions').selectAll().execute();
    expect(versions).toEqual([]);
  });
});
