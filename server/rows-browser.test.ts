import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, type Client, type TestEnv } from './test/harness.js';
import { workProject, plainRows, pos, neg, csid } from './test/workflow-kit.js';
import { browseRows } from './repos/row-listing.js';

// The lead's rows browser (issue 18 items 7-8): search, filters, sort, keyset paging, the detail's
// timeline facts, priority and release, who may see it, and what a hostile query gets.

let env: TestEnv;
beforeEach(async () => { env = await createTestEnv(); });
afterEach(async () => { await env.close(); });

const team = [
  { name: 'ann', roles: ['annotator' as const], expertise: ['finance'] },
  { name: 'bob', roles: ['annotator' as const] },
  { name: 'cat', roles: ['annotator' as const] },
  { name: 'rex', roles: ['reviewer' as const] },
];
const next = (c: Client, pid: number, role: 'label' | 'qa' = 'label') => c.post(`/api/projects/${pid}/next`, { role });
const submit = (c: Client, id: number, answer: unknown) => c.post(`/api/assignments/${id}/submit`, { answer, clientSubmissionId: csid() });
const ids = (r: any) => r.body.rows.map((x: any) => x.externalId);

/** Every page of a listing, following the cursor. */
async function all(c: Client, url: string) {
  const out: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const r: any = await c.get(`${url}${url.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    out.push(...ids(r));
    cursor = r.body.nextCursor;
    if (++pages > 50) throw new Error('paging does not end');
  } while (cursor);
  return out;
}

const texts = [
  { text: 'The quarterly revenue grew by ten percent' },
  { text: 'Sorting algorithms compared: quicksort and mergesort' },
  { messages: [{ role: 'user', content: 'How do I compute compound interest?' }, { role: 'assistant', content: 'Multiply the principal by the growth factor.' }] },
  { text: 'Revenue fell; the REVENUE report is late' },
  { text: 'Nothing to see here' },
];

describe('rows browser listing', () => {
  it('searches the data (nested strings too) and external ids: every word typed, whole words, any case', async () => {
    const w = await workProject(env, { people: team, rows: texts.map((data, i) => ({ externalId: `doc-${i + 1}`, data })) });
    const url = (q: string) => `/api/projects/${w.id}/rows?q=${encodeURIComponent(q)}`;
    expect(ids(await w.lead.get(url('revenue')))).toEqual(['doc-1', 'doc-4']);
    expect(ids(await w.lead.get(url('Revenue report')))).toEqual(['doc-4']);
    expect(ids(await w.lead.get(url('compound interest')))).toEqual(['doc-3']); // a message of a conversation
    expect(ids(await w.lead.get(url('quicksort')))).toEqual(['doc-2']);
    expect(ids(await w.lead.get(url('quick')))).toEqual([]); // whole words: the start of one is not enough
    expect(ids(await w.lead.get(url('doc-5')))).toEqual(['doc-5']);
    expect(ids(await w.lead.get(url('text')))).toEqual([]); // field names are not searched
  });

  it('keeps the search in step when an import changes a row, and filters by state, person, role, expertise and agreement', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(6) });
    const body = '{"id":"r6","text":"a brand new zebra","expertise":["legal"]}\n';
    const imp = await w.lead.raw(`/api/projects/${w.id}/imports`, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson' } });
    expect(imp.status).toBe(200);
    expect(ids(await w.lead.get(`/api/projects/${w.id}/rows?q=zebra`))).toEqual(['r6']);
    expect(ids(await w.lead.get(`/api/projects/${w.id}/rows?q=row%206`))).toEqual([]);

    // r1 labeled by ann and bob (disagreeing) and taken to QA by rex; r2 held by cat.
    const a = await next(w.c.ann, w.id);
    const b = await next(w.c.bob, w.id);
    await submit(w.c.ann, a.body.assignment.id, pos);
    await submit(w.c.bob, b.body.assignment.id, neg);
    await next(w.c.cat, w.id);
    const q = await next(w.c.rex, w.id, 'qa');
    expect(q.body.row?.externalId, JSON.stringify([q.body, a.body.row?.externalId, b.body.row?.externalId])).toBe('r1');
    const get = (f: string) => w.lead.get(`/api/projects/${w.id}/rows?${f}`);
    expect(ids(await get('state=qa'))).toEqual(['r1']);
    expect(ids(await get(`person=${w.ids.cat}`))).toEqual(['r2']);
    expect(ids(await get(`person=${w.ids.rex}`))).toEqual(['r1']);
    expect(ids(await get(`person=${w.ids.rex}&role=label`))).toEqual([]);
    expect(ids(await get(`person=${w.ids.ann}&role=label`))).toEqual(['r1']);
    expect(ids(await get('agree=false'))).toEqual(['r1']);
    expect(ids(await get('expertise=legal'))).toEqual(['r6']);
    expect(ids(await get('expertise=legal&q=row'))).toEqual([]);
    expect(ids(await get('expertise=finance'))).toEqual([]);

    // Columns: who holds or labeled it, the QA reviewer; coverage of the domains required.
    const r1 = (await get('state=qa')).body.rows[0];
    expect(r1.people.map((p: any) => [p.name, p.kind, p.status])).toEqual([['ann', 'label', 'submitted'], ['bob', 'label', 'submitted'], ['rex', 'qa', 'active']]);
    expect(r1.coverage).toEqual([]);
    // A labeler flags r1 as needing finance after the fact: the filter follows, and ann covers it.
    await env.deps.db.updateTable('rows').set({ expertise_json: '["finance"]' }).where('external_id', '=', 'r1').execute();
    const fin = await get('expertise=finance');
    expect(ids(fin)).toEqual(['r1']);
    expect(fin.body.rows[0].coverage).toEqual([{ domain: 'finance', coveredBy: 'ann' }]);
    expect((await get('expertise=legal')).body.rows[0].coverage).toEqual([{ domain: 'legal', coveredBy: null }]);
  });

  it('sorts by priority, state and age both ways, and keyset paging returns each row once', async () => {
    const prio = [3, 0, 7, 3, -2, 7, 0];
    const w = await workProject(env, { people: team, rows: plainRows(7, (i) => ({ priority: prio[i] })) });
    const a = await next(w.c.ann, w.id);
    const b = await next(w.c.bob, w.id);
    await submit(w.c.ann, a.body.assignment.id, pos);
    await submit(w.c.bob, b.body.assignment.id, pos);
    expect(a.body.row.externalId).toBe('r3'); // the highest priority first (r3 and r6 tie: the older)
    const base = `/api/projects/${w.id}/rows`;
    expect(await all(w.lead, `${base}?sort=priority&dir=desc`)).toEqual(['r6', 'r3', 'r4', 'r1', 'r7', 'r2', 'r5']);
    expect(await all(w.lead, `${base}?sort=priority&dir=asc`)).toEqual(['r5', 'r2', 'r7', 'r1', 'r4', 'r3', 'r6']);
    expect(await all(w.lead, `${base}?sort=age&dir=desc`)).toEqual(['r7', 'r6', 'r5', 'r4', 'r3', 'r2', 'r1']);
    expect(await all(w.lead, `${base}?sort=state&dir=asc`)).toEqual(['r1', 'r2', 'r4', 'r5', 'r6', 'r7', 'r3']); // labeling, then qa
    expect(await all(w.lead, `${base}?sort=state&dir=desc`)).toEqual(['r3', 'r7', 'r6', 'r5', 'r4', 'r2', 'r1']);
    expect(await all(w.lead, `${base}?sort=priority&dir=desc&state=labeling`)).toEqual(['r6', 'r4', 'r1', 'r7', 'r2', 'r5']);
    expect(await all(w.lead, `${base}?sort=priority&dir=desc&q=row`)).toEqual(['r6', 'r3', 'r4', 'r1', 'r7', 'r2', 'r5']);
  });

  it('walks a bounded window for a filter without an index, and paging still finds every match once', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(30) });
    await env.deps.db.updateTable('rows').set({ agree: 0 }).where('external_id', 'in', ['r3', 'r17', 'r18', 'r25']).execute();
    const found: string[] = [];
    const sizes: number[] = [];
    let after: { v: number | string; id: number } | undefined;
    for (;;) {
      const page = await browseRows(env.deps.db, w.id, { agree: false, limit: 2, sort: 'age', dir: 'asc', after }, 10);
      found.push(...page.rows.map((r) => r.external_id!));
      sizes.push(page.rows.length);
      if (page.next === null) break;
      after = page.next;
    }
    expect(found).toEqual(['r3', 'r17', 'r18', 'r25']);
    // Windows of 10: r1-r10 one match (short page, cursor), r11-r20 two (full page), r19-r28 one, r29-r30 none.
    expect(sizes).toEqual([1, 2, 1, 0]);
  });
});

describe('rows browser actions and access', () => {
  it('lets a lead change a priority (audited) and release a stuck claim, shown in the row history', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(2) });
    const a = await next(w.c.ann, w.id);
    const rowId = a.body.row.id;
    const p = await w.lead.post(`/api/projects/${w.id}/rows/${rowId}/priority`, { priority: 40 });
    expect(p.status).toBe(200);
    expect((await w.lead.get(`/api/projects/${w.id}/rows?sort=priority&dir=desc&limit=1`)).body.rows[0].priority).toBe(40);
    const rel = await w.lead.post(`/api/projects/${w.id}/assignments/${a.body.assignment.id}/release`);
    expect(rel.status).toBe(200);
    const h = await w.lead.get(`/api/projects/${w.id}/rows/${rowId}/history`);
    expect(h.body.audit.map((x: any) => [x.action, x.userName])).toEqual([['row.priority', 'lead'], ['claim.release', 'lead']]);
    expect(h.body.audit[0].details).toEqual({ from: 0, to: 40 });
    expect(h.body.assignments[0]).toMatchObject({ status: 'released', releaseReason: 'lead' });
  });

  it('is for the project\'s leads only, checked at each action', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(2) });
    const a = await next(w.c.ann, w.id);
    const rowId = a.body.row.id;
    for (const c of [w.c.ann, w.c.rex]) {
      expect((await c.get(`/api/projects/${w.id}/rows?q=row`)).status).toBe(403);
      expect((await c.get(`/api/projects/${w.id}/rows/${rowId}/history`)).status).toBe(403);
      expect((await c.post(`/api/projects/${w.id}/rows/${rowId}/priority`, { priority: 9 })).status).toBe(403);
      expect((await c.post(`/api/projects/${w.id}/assignments/${a.body.assignment.id}/release`)).status).toBe(403);
    }
    // A lead of another project sees nothing of this one.
    await env.user('other@t.test', { name: 'other' });
    const other = await env.login('other@t.test');
    const op = await other.post('/api/projects', { name: 'Other', schema: [{ id: 's', type: 'classification', title: 'S', config: { field: 'text', labels: ['a', 'b'] } }] });
    expect(op.status).toBe(201);
    expect((await other.get(`/api/projects/${w.id}/rows`)).status).toBe(404);
    expect((await other.post(`/api/projects/${w.id}/rows/${rowId}/priority`, { priority: 9 })).status).toBe(404);
    expect((await other.post(`/api/projects/${op.body.project.id}/rows/${rowId}/priority`, { priority: 9 })).status).toBe(404);
    // Losing the lead role between screens: refused at the action.
    const lead2 = await env.user('lead2@t.test', { name: 'lead2' });
    expect((await w.lead.post(`/api/projects/${w.id}/members`, { email: 'lead2@t.test', roles: ['lead'] })).status).toBe(201);
    const l2 = await env.login('lead2@t.test');
    expect((await l2.post(`/api/projects/${w.id}/rows/${rowId}/priority`, { priority: 5 })).status).toBe(200);
    await w.lead.put(`/api/projects/${w.id}/members/${lead2}`, { roles: ['annotator'] });
    expect((await l2.post(`/api/projects/${w.id}/rows/${rowId}/priority`, { priority: 6 })).status).toBe(403);
  });

  it('answers hostile query parameters and bodies with 400 and a message a person can act on', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(2) });
    const bad: [string, RegExp][] = [
      ['q=%21%21%21', /q: type at least one letter or digit/],
      [`q=${'a'.repeat(600)}`, /q: at most/],
      ['sort=name', /sort: one of age, priority, state/],
      ['dir=up', /dir: expected/],
      ['state=done', /state: one of/],
      ['agree=maybe', /agree: expected/],
      ['person=abc', /user/],
      ['person=-1', /user/],
      ['role=boss', /role: expected/],
      ['limit=0', /limit: at least 1/],
      ['limit=5000', /limit: at most 500/],
      ['cursor=5:9', /cursor: not a cursor of a listing sorted by age/],
      ['sort=priority&cursor=1e9:x', /cursor: not a cursor/],
      ['sort=state&cursor=%27%3B%20drop%20table%20rows:1', /cursor: not a cursor/],
      ['expertise=%3Cscript%3E', /domain/],
    ];
    for (const [q, msg] of bad) {
      const r = await w.lead.get(`/api/projects/${w.id}/rows?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.message, q).toMatch(msg);
    }
    // Query syntax of either engine is only text to search for.
    for (const q of ['"unbalanced', 'a AND OR NOT', 'x:* & | !', "'; drop table rows; --", 'NEAR(a b)', '*']) {
      const r = await w.lead.get(`/api/projects/${w.id}/rows?q=${encodeURIComponent(q)}`);
      expect([200, 400], q).toContain(r.status);
    }
    const rowId = (await w.lead.get(`/api/projects/${w.id}/rows`)).body.rows[0].id;
    for (const body of [{ priority: 'high' }, { priority: 1.5 }, { priority: 1e12 }, {}]) {
      const r = await w.lead.post(`/api/projects/${w.id}/rows/${rowId}/priority`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.message).toMatch(/priority/);
    }
    expect((await w.lead.post(`/api/projects/${w.id}/rows/999999/priority`, { priority: 1 })).status).toBe(404);
  });
});
