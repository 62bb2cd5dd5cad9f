import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Client, type Res, type TestEnv } from './test/harness.js';
import { csid, neg, plainRows, pos, workProject } from './test/workflow-kit.js';
import { violations } from './test/json-schema-tools.js';

type Doc = Record<string, any>;

/**
 * The answers the OpenAPI document promises (server/openapi/responses.ts and the DTOs of shared/api) are
 * written by hand beside TypeScript types the server really builds from; this drives a project through
 * its life over HTTP and checks every answer against the schema documented for its route and status, so a
 * field added, renamed or dropped on one side fails here. Objects the document closes
 * (`additionalProperties: false`) refuse unknown fields too.
 */
describe('the answers match the OpenAPI document', () => {
  let env: TestEnv;
  let doc: Doc;
  let routes: Array<{ method: string; path: string; re: RegExp }>;
  const checked = new Set<string>();
  const problems: string[] = [];

  beforeAll(async () => {
    env = await createTestEnv();
    doc = (await (await env.app.request('/api/openapi.json')).json()) as Doc;
    routes = Object.entries(doc.paths as Doc).flatMap(([path, ops]) => Object.keys(ops).map((m) => ({
      method: m.toUpperCase(), path,
      re: new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`),
    })));
  });
  afterAll(async () => env.close());

  /** Calls the API and records whether the answer fits the schema documented for this route and status. */
  async function call<T = any>(client: Client, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, type?: string): Promise<Res<T>> {
    const res = type ? await sendRaw<T>(client, url, String(body), type)
      : method === 'GET' ? await client.get<T>(url) : method === 'DELETE' ? await client.del<T>(url)
        : await client[method === 'POST' ? 'post' : method === 'PUT' ? 'put' : 'patch']<T>(url, body ?? {});
    const path = url.split('?')[0];
    // /guidelines/diff is also /guidelines/{version}: the route with fewer parameters is the one Hono takes.
    const params = (x: string) => x.split('{').length;
    const route = routes.filter((r) => r.method === method && r.re.test(path)).sort((a, b) => params(a.path) - params(b.path))[0];
    if (!route) {
      problems.push(`${method} ${path}: no documented route`);
      return res;
    }
    const key = `${method} ${route.path}`;
    const answer = doc.paths[route.path][method.toLowerCase()].responses[String(res.status)];
    if (!answer) problems.push(`${key}: answered ${res.status}, which the document does not list (${JSON.stringify(res.body).slice(0, 200)})`);
    else {
      const schema = answer.content?.['application/json']?.schema;
      if (schema) problems.push(...violations(doc, schema, res.body, `${key} ${res.status}`));
      if (res.status < 400) checked.add(key);
    }
    return res;
  }

  /** A POST of a body that is not JSON (an import file). */
  async function sendRaw<T>(client: Client, url: string, body: string, type: string): Promise<Res<T>> {
    const r = await client.raw(url, { method: 'POST', body, headers: { 'content-type': type } });
    return { status: r.status, body: (await r.json()) as T };
  }

  it('for a project driven from creation to export', async () => {
    await env.user('admin@t.test', { admin: true, name: 'admin' });
    const admin = await env.login('admin@t.test');
    const { id, lead, c, ids, rowIds } = await workProject(env, {
      people: [{ name: 'a1', roles: ['annotator'] }, { name: 'a2', roles: ['annotator'] }, { name: 'r1', roles: ['reviewer'] }, { name: 'a3', roles: ['annotator'] }],
      rows: plainRows(4),
    });
    const p = `/api/projects/${id}`;
    const jsonl = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join('\n');
    await call(lead, 'POST', `${p}/imports?format=jsonl`, jsonl([{ id: 'x1', data: { text: 'imported' } }]), 'application/x-ndjson');
    await call(lead, 'POST', `${p}/imports?format=jsonl&mode=all`, jsonl([{ id: 'x2', data: {} }]), 'application/x-ndjson');
    await call(env.anon, 'GET', '/api/health');
    await call(lead, 'GET', '/api/auth/me');
    await call(lead, 'GET', '/api/projects');
    await call(lead, 'GET', p);
    await call(lead, 'PATCH', p, { description: 'answers checked against the document' });
    await call(c.a1, 'GET', p);
    await call(lead, 'GET', `${p}/members`);
    await call(lead, 'PUT', `${p}/members/${ids.a3}`, { roles: ['annotator', 'reviewer'] });
    await call(lead, 'DELETE', `${p}/members/${ids.a3}`);
    await call(admin, 'GET', '/api/users');
    await call(admin, 'PATCH', `/api/users/${ids.a3}`, { expertise: ['finance'] });

    // Guidelines: two versions, their diff, an acknowledgement.
    await call(lead, 'POST', `${p}/guidelines`, { body: '# Rules\nBe kind.\n', note: 'first' });
    await call(lead, 'POST', `${p}/guidelines`, { body: '# Rules\nBe kind and brief.\n', note: 'second' });
    await call(c.a1, 'GET', `${p}/guidelines`);
    await call(c.a1, 'GET', `${p}/guidelines/2`);
    await call(c.a1, 'GET', `${p}/guidelines/diff?from=1&to=2`);
    await call(c.a1, 'POST', `${p}/guidelines/acknowledge`, { version: 2 });

    // Labeling: claims, drafts, a flag, an escalation, submits; then QA.
    await call(c.a1, 'GET', `${p}/queue`);
    const t1 = await call(c.a1, 'POST', `${p}/next`, { role: 'label' });
    const a1 = t1.body.assignment.id as number;
    await call(c.a1, 'GET', `/api/assignments/${a1}`);
    await call(c.a1, 'POST', `/api/assignments/${a1}/heartbeat`);
    await call(c.a1, 'POST', `/api/assignments/${a1}/draft`, { answer: pos });
    await call(c.a1, 'POST', `/api/assignments/${a1}/submit`, { answer: pos, clientSubmissionId: csid() });
    const t2 = await call(c.a2, 'POST', `${p}/next`, { role: 'label' });
    const a2 = t2.body.assignment.id as number;
    await call(c.a2, 'POST', `/api/assignments/${a2}/flag`, { domain: 'finance' });
    await call(c.a2, 'POST', `/api/assignments/${a2}/submit`, { answer: neg, clientSubmissionId: csid() });
    const again = await call(c.a1, 'POST', `${p}/next`, { role: 'label' });
    await call(c.a1, 'POST', `/api/assignments/${again.body.assignment.id}/escalate`, { question: 'Is sarcasm negative?' });
    const held = await call(c.a2, 'POST', `${p}/next`, { role: 'label' });
    await call(c.a2, 'POST', `/api/assignments/${held.body.assignment.id}/release`);
    const stuck = await call(c.a2, 'POST', `${p}/next`, { role: 'label' });
    await call(lead, 'POST', `${p}/assignments/${stuck.body.assignment.id}/release`);

    // Rows both labeled go to QA; the first is accepted with a final.
    const first = rowIds[0];
    expect((await call(lead, 'GET', `${p}/rows/${first}`)).status).toBe(200);
    await call(c.a1, 'GET', `${p}/rows/${first}`);
    await call(admin, 'PATCH', `/api/users/${ids.r1}`, { expertise: ['finance'] });
    const qa = await call(c.r1, 'POST', `${p}/next`, { role: 'qa' });
    expect(qa.body.labels).toHaveLength(2);
    await call(c.r1, 'POST', `/api/assignments/${qa.body.assignment.id}/resolve`, { action: 'accept', answer: neg, clientSubmissionId: csid() });
    await call(c.r1, 'POST', `${p}/next`, { role: 'qa' });

    // The lead's views.
    await call(lead, 'GET', `${p}/rows`);
    await call(lead, 'GET', `${p}/rows?state=final&sort=priority&dir=desc`);
    await call(lead, 'GET', `${p}/rows/${first}/history`);
    await call(lead, 'POST', `${p}/rows/${rowIds[3]}/priority`, { priority: 5 });
    const inbox = await call(lead, 'GET', `${p}/escalations`);
    expect(inbox.body.escalations).toHaveLength(1);
    await call(lead, 'POST', `${p}/escalations/${inbox.body.escalations[0].id}/answer`, { answer: 'Yes: label it negative.' });
    await call(lead, 'GET', `${p}/exports/preview?format=jsonl`);
    await call(lead, 'GET', `${p}/dashboard`);
    await call(lead, 'GET', `${p}/quality`);
    await call(lead, 'GET', `${p}/pauses`);
    await call(lead, 'GET', `${p}/media`);
    await call(lead, 'POST', `${p}/rows/${first}/reopen`, { to: 'qa' });

    // Tokens, and the answers a client most often meets when something is wrong.
    const created = await call(lead, 'POST', '/api/tokens', { name: 'pipeline', expiresInDays: 30 });
    await call(lead, 'GET', '/api/tokens');
    await call(admin, 'GET', '/api/tokens/all');
    await call(lead, 'DELETE', `/api/tokens/${created.body.token.id}`);
    await call(lead, 'POST', `${p}/members`, { email: 'nobody@t.test', roles: ['annotator'] });
    await call(c.a1, 'GET', `${p}/rows`);
    await call(env.anon, 'GET', '/api/projects');
    await call(lead, 'POST', `${p}/next`, { role: 'nothing' });

    expect(problems).toEqual([]);
    expect(checked.size, [...checked].sort().join('\n')).toBeGreaterThanOrEqual(40);
  });

  it('and would see a field gone astray', () => {
    const schema = doc.paths['/api/tokens'].get.responses['200'].content['application/json'].schema;
    expect(violations(doc, schema, { tokens: [] })).toEqual([]);
    expect(violations(doc, schema, { tokens: [{ id: 'one' }] }).join('\n')).toMatch(/tokens\.0\.id: expected integer, got string/);
    expect(violations(doc, schema, { tokens: [], secret: 'x' })).toEqual(['(answer).secret: not in the documented schema']);
  });
});
