import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, engineName, type Client, type TestEnv } from './test/harness.js';
import { giveRow, rowIds } from './test/fixtures-final.js';
import { insertRows } from './repos/rows.js';
import { getProject, type ProjectRecord } from './repos/projects.js';
import { runExport } from './services/export/run.js';

// A download reads one snapshot, the database as it was when it started, on either engine: SQLite reads
// its pages on a worker thread holding one read transaction (services/export/page-worker.ts), PostgreSQL
// in a REPEATABLE READ transaction whose snapshot its other connections adopt (services/export/snapshot.ts).
// 3,000 rows: twelve pages of 250, more than a PostgreSQL export reads ahead before its first chunk.
const ROWS = 3000;

describe(`an export's snapshot (${engineName()})`, () => {
  let env: TestEnv;
  let lead: Client;
  let project: ProjectRecord;
  let ids: Map<string, number>;
  let people: number[];
  let closed: boolean;

  beforeEach(async () => {
    closed = false;
    env = await createTestEnv();
    await env.user('lead@x.org', { name: 'Lea' });
    people = [await env.user('a1@x.org'), await env.user('a2@x.org'), await env.user('qa@x.org')];
    lead = await env.login('lead@x.org');
    const r = await lead.post('/api/projects', {
      name: 'snap', schema: [{ id: 'kind', type: 'classification', title: 'Kind', config: { field: 'text', labels: ['a', 'b'] } }], settings: {},
    });
    const pid = r.body.project.id as number;
    const { db } = env.deps;
    await insertRows(db, pid, Array.from({ length: ROWS }, (_, i) => ({ externalId: `r${i}`, data: { text: `before ${i}` } })), env.clock.now);
    ids = await rowIds(db, pid);
    await env.deps.durable();
    project = (await getProject(db, pid))!;
  });
  afterEach(async () => { if (!closed) await env.close(); });

  type Line = { external_id: string; state: string; data: { text: string }; final: unknown; provenance: { labelers: unknown[]; qa: unknown } };
  const linesOf = (text: string) => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Line);
  const download = (state: string) => runExport(env.deps, project, { format: 'jsonl', state, raw: false } as never).chunks[Symbol.asyncIterator]();
  const finalize = (externalId: string) => env.deps.db.transaction().execute((tx) => giveRow(tx, {
    projectId: project.id, rowId: ids.get(externalId)!,
    labels: [{ userId: people[0], answer: { kind: { labels: ['a'] } } }, { userId: people[1], answer: { kind: { labels: ['a'] } } }],
    qa: { userId: people[2], answer: { kind: { labels: ['a'] } } }, final: { answer: { kind: { labels: ['a'] } } },
  }));

  it('writes the rows as they were when the download started, whatever is written meanwhile', async () => {
    const chunks = download('all');
    let text = (await chunks.next()).value as string;
    expect(linesOf(text).length).toBeLessThan(ROWS);

    // While the download is on its first pages: rows edited and finalized further on, rows added at the end.
    const { db } = env.deps;
    await db.updateTable('rows').set({ data_json: JSON.stringify({ text: 'after' }) }).where('project_id', '=', project.id).where('external_id', 'in', ['r2700', 'r2999']).execute();
    await finalize('r2800');
    await insertRows(db, project.id, [{ externalId: 'late', data: { text: 'late' } }], env.clock.now);
    await env.deps.durable();

    for (let r = await chunks.next(); !r.done; r = await chunks.next()) text += r.value as string;
    const lines = linesOf(text);
    expect(lines.map((l) => l.external_id)).toEqual(Array.from({ length: ROWS }, (_, i) => `r${i}`));
    expect(lines.every((l, i) => l.data.text === `before ${i}`)).toBe(true);
    // The row finalized meanwhile is as it was: no final, no labels (not a part of what its transaction wrote).
    expect(lines[2800]).toMatchObject({ state: 'labeling', final: null, provenance: { labelers: [], qa: null } });

    // The next download starts from what is there now.
    let again = '';
    for await (const c of runExport(env.deps, project, { format: 'jsonl', state: 'all', raw: false } as never).chunks) again += c as string;
    const now = linesOf(again);
    expect(now.length).toBe(ROWS + 1);
    expect(now.find((l) => l.external_id === 'r2999')!.data.text).toBe('after');
    expect(now.find((l) => l.external_id === 'r2800')).toMatchObject({ state: 'final', final: { kind: { labels: ['a'] } } });
    expect(now.find((l) => l.external_id === 'r2800')!.provenance.labelers).toHaveLength(2);
  });

  it('leaves out of a download of finals a row finalized while it runs, and writes it whole in the next', async () => {
    await finalize('r10');
    const chunks = download('final');
    let text = '';
    const first = await chunks.next();
    if (!first.done) text += first.value as string;
    await finalize('r2500');
    await env.deps.durable();
    for (let r = await chunks.next(); !r.done; r = await chunks.next()) text += r.value as string;
    expect(linesOf(text).map((l) => l.external_id)).toEqual(['r10']);
    let again = '';
    for await (const c of runExport(env.deps, project, { format: 'jsonl', state: 'final', raw: false } as never).chunks) again += c as string;
    expect(linesOf(again).map((l) => [l.external_id, l.provenance.labelers.length])).toEqual([['r10', 2], ['r2500', 2]]);
  });

  it('hands its connections back when downloads stop part-way or fail, more of them than the pool holds', async () => {
    const url = `/api/projects/${project.id}/exports?format=jsonl&state=all`;
    // Downloads whose client goes away after the first chunk (the server cancels the response's stream).
    for (let i = 0; i < 12; i++) {
      const r = await lead.raw(url);
      expect(r.status).toBe(200);
      const body = r.body!.getReader();
      expect((await body.read()).done).toBe(false);
      await body.cancel();
    }
    // Downloads that fail mid-way: a row on the fifth page whose stored prelabels are not JSON (Label Studio's format reads them).
    const { db } = env.deps;
    await db.updateTable('rows').set({ prelabels_json: 'not json' }).where('id', '=', ids.get('r1100')!).execute();
    await env.deps.durable();
    for (let i = 0; i < 12; i++) {
      const r = await lead.raw(`/api/projects/${project.id}/exports?format=labelstudio&state=all`);
      expect(r.status).toBe(200);
      await expect(r.text()).rejects.toThrow(/JSON/);
    }
    await db.updateTable('rows').set({ prelabels_json: null }).where('id', '=', ids.get('r1100')!).execute();
    await env.deps.durable();
    // The people labeling and the next download still get connections.
    expect((await lead.get(`/api/projects/${project.id}`)).status).toBe(200);
    const lines = linesOf(await (await lead.raw(url)).text());
    expect(lines.length).toBe(ROWS);
  });

  it('serves people labeling while more downloads are under way than the pool has connections for, and finishes every one', async () => {
    // Twelve downloads each past their first page and paused (slow clients): on PostgreSQL at most four of
    // the pool's ten connections go to exports, and the downloads beyond wait for a place.
    const downloads = Array.from({ length: 12 }, () => download('all'));
    const firsts = downloads.map((d) => d.next());
    expect((await lead.get(`/api/projects/${project.id}`)).status).toBe(200);
    expect((await lead.get(`/api/projects/${project.id}/exports/preview?format=jsonl&state=all`)).body.rows).toBe(ROWS);
    for (const [k, d] of downloads.entries()) {
      let text = (await firsts[k]).value as string;
      for (let r = await d.next(); !r.done; r = await d.next()) text += r.value as string;
      expect(linesOf(text)).toHaveLength(ROWS);
    }
  });

  it('ends the reads of a download nobody reads any more when the server closes', async () => {
    const chunks = download('all');
    await chunks.next();
    // Neither read to the end nor stopped (a client that stays connected without reading): closing the
    // database ends its snapshot instead of waiting for its connections forever.
    await env.close();
    closed = true;
  });
});

describe('export pages read on a worker (SQLite)', () => {
  let env: TestEnv;
  let project: ProjectRecord;
  beforeEach(async () => {
    // The worker's own behaviour: on a database file as a server keeps it, whatever DATABASE_URL says.
    env = await createTestEnv({ sqlite: true });
    await env.user('lead@x.org', { name: 'Lea' });
    const lead = await env.login('lead@x.org');
    const r = await lead.post('/api/projects', {
      name: 'snap', schema: [{ id: 'kind', type: 'classification', title: 'Kind', config: { field: 'text', labels: ['a', 'b'] } }], settings: {},
    });
    const pid = r.body.project.id as number;
    await insertRows(env.deps.db, pid, Array.from({ length: 800 }, (_, i) => ({ externalId: `r${i}`, data: { text: `before ${i}` } })), env.clock.now);
    await env.deps.durable();
    project = (await getProject(env.deps.db, pid))!;
  });
  afterEach(async () => env.close());

  it('ends its read when the download stops part-way, so the WAL can start over', async () => {
    const it = runExport(env.deps, project, { format: 'jsonl', state: 'all', raw: false } as never).chunks[Symbol.asyncIterator]();
    await it.next();
    const { db } = env.deps;
    await db.updateTable('rows').set({ priority: 1 }).where('project_id', '=', project.id).execute();
    await env.deps.durable();
    const sqlite = (await import('better-sqlite3')).default;
    // Another connection's full checkpoint reports busy while a reader holds an older snapshot.
    const probe = new sqlite(path.join(env.deps.dataDir, 'triad.sqlite'));
    probe.pragma('busy_timeout = 0');
    try {
      expect((probe.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>)[0].busy).toBe(1);
      await it.return?.(undefined);
      let busy = 1;
      for (let i = 0; i < 50 && busy; i++) {
        await new Promise((r) => setTimeout(r, 20));
        busy = (probe.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>)[0].busy;
      }
      expect(busy).toBe(0);
    } finally {
      probe.close();
    }
  });
});
