import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestEnv, restartOn, simpleSchema, type Client, type TestEnv } from './test/harness.js';
import { workProject } from './test/workflow-kit.js';
import { spawnServer } from './test/spawn-server.js';
import { boot } from './boot.js';
import { ImportJob, STALE_JOB_MS, type StagingTables } from './services/import/stage.js';
import { tempOwner } from './services/temp-file.js';
import { countRows } from './repos/rows.js';
import { writeImportRows } from './repos/import-rows.js';

/**
 * Imports stage their rows in short transactions and publish them at once (services/import/stage.ts): the
 * people labeling are answered while a big file is read, nobody sees half an import, and what a crash
 * leaves staged is swept at the next boot.
 */
const line = (i: number, text = `row ${i}`) => JSON.stringify({ id: `r${i}`, data: { text }, ...(i % 3 ? {} : { expertise: ['finance'] }) });
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

let env: TestEnv | null = null;
afterEach(async () => { await env?.close(); env = null; });

async function setup() {
  env = await createTestEnv();
  await env.user('lead@x.org');
  const lead = await env.login('lead@x.org');
  const p = await lead.post('/api/projects', { name: 'P', schema: simpleSchema });
  expect(p.status).toBe(201);
  return { env, lead, pid: p.body.project.id as number };
}

const send = (c: Client, pid: number, body: string, query = 'format=jsonl') =>
  c.raw(`/api/projects/${pid}/imports?${query}`, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson' } });
/** What imports in flight hold: rows written but not published, staged updates, jobs. */
const staged = async (e: TestEnv) => {
  const s = e.deps.db.withTables<StagingTables>();
  const [written, updates, jobs] = await Promise.all([
    e.deps.db.selectFrom('rows').select((eb) => eb.fn.countAll<number>().as('n')).where('import_id', 'in', (eb) => eb.selectFrom('import_jobs' as any).select('id' as any)).executeTakeFirstOrThrow(),
    s.selectFrom('import_staging').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    s.selectFrom('import_jobs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: Number(written.n) + Number(updates.n), jobs: Number(jobs.n) };
};
/** The project's rows a reader sees. */
const rowsOf = (e: TestEnv, pid: number) => countRows(e.deps.db, pid);

describe('imports stage, then publish at once', () => {
  it('a bad line late in a file changes nothing: no new row, no changed row, nothing left staged', { timeout: 120_000 }, async () => {
    const { env: e, lead, pid } = await setup();
    expect((await send(lead, pid, [line(0), line(1)].join('\n'))).status).toBe(200);
    const before = await e.deps.db.selectFrom('rows').select(['external_id', 'data_json']).where('project_id', '=', pid).orderBy('id').execute();
    // 3,000 lines (six staged batches): row 1 changed, 2,998 new, and a bad line at the very end.
    const file = [line(0), line(1, 'changed text'), ...Array.from({ length: 2997 }, (_, k) => line(k + 2)), JSON.stringify({ id: 'bad', data: { text: 7 } })];
    const r = await send(lead, pid, file.join('\n'));
    expect(r.status).toBe(400);
    expect((await r.json() as any).error.details.errors).toEqual([{ line: 3000, field: 'data.text', message: expect.stringMatching(/got number 7/) }]);
    expect(await e.deps.db.selectFrom('rows').select(['external_id', 'data_json']).where('project_id', '=', pid).orderBy('id').execute()).toEqual(before);
    expect(await e.deps.db.selectFrom('row_needs').select('row_id').where('project_id', '=', pid).execute()).toHaveLength(1);
    expect(await staged(e)).toEqual({ rows: 0, jobs: 0 });

    // The same file without its bad line publishes every row, ids in file order, domains and the update with them.
    const ok = await send(lead, pid, file.slice(0, -1).join('\n'));
    expect(ok.status).toBe(200);
    expect((await ok.json() as any).report).toMatchObject({ imported: 2997, updated: 1, unchanged: 1, committed: true });
    const rows = await e.deps.db.selectFrom('rows').select(['id', 'external_id', 'data_json', 'state']).where('project_id', '=', pid).orderBy('id').execute();
    expect(rows.map((x) => x.external_id)).toEqual(Array.from({ length: 2999 }, (_, i) => `r${i}`));
    expect(JSON.parse(rows[1].data_json).text).toBe('changed text');
    expect(new Set(rows.map((x) => x.state))).toEqual(new Set(['labeling']));
    const needs = await e.deps.db.selectFrom('row_needs').select('row_id').where('project_id', '=', pid).where('domain', '=', 'finance').execute();
    expect(needs).toHaveLength(1000); // r0, r3, … r2997
    expect(await staged(e)).toEqual({ rows: 0, jobs: 0 });
  });

  it('answers other requests while a large import reads its file, and nobody sees its rows before all of them', { timeout: 300_000 }, async () => {
    const { env: e, lead, pid } = await setup();
    const N = 6000;
    const importing = send(lead, pid, Array.from({ length: N }, (_, i) => line(i)).join('\n'));
    let done = false;
    void importing.then(() => { done = true; });
    // Requests made while the import runs: each one records what it saw.
    const seen: Array<{ health: number; rows: number; staged: number; importDone: boolean }> = [];
    while (!done) {
      const h = await lead.get('/api/health');
      const rows = await rowsOf(e, pid);
      const s = await staged(e);
      seen.push({ health: h.status, rows, staged: s.rows, importDone: done });
      await new Promise((r) => setImmediate(r));
    }
    const r = await importing;
    expect(r.status).toBe(200);
    const during = seen.filter((x) => !x.importDone);
    // Answered while the import was running, with its rows staged and not one of them visible yet.
    expect(during.filter((x) => x.staged > 0 && x.rows === 0).length).toBeGreaterThan(0);
    expect(during.every((x) => x.health === 200)).toBe(true);
    // Visible: none of the import or all of it, never part.
    expect(seen.every((x) => x.rows === 0 || x.rows === N)).toBe(true);
    // Staged rows grew while requests were being answered (the import made progress between them).
    const counts = during.map((x) => x.staged);
    expect(new Set(counts.filter((n) => n > 0)).size).toBeGreaterThan(1);
    expect(await rowsOf(e, pid)).toBe(N);
  });

  it('boot sweeps the staging of imports whose owner is gone or silent, and keeps a live one', { timeout: 120_000 }, async () => {
    const { env: e, pid } = await setup();
    const s = e.deps.db.withTables<StagingTables>();
    const now = Date.now();
    const job = (id: string, host: string, ownerPid: number, heartbeat: number) =>
      s.insertInto('import_jobs').values({ id, project_id: pid, owner_host: host, owner_pid: ownerPid, started_at: heartbeat, heartbeat_at: heartbeat }).execute();
    await job('crashed-here', tempOwner.host, deadPid(), now);
    await job('silent-elsewhere', '0123456789ab', 1, now - STALE_JOB_MS - 1000);
    await job('live-elsewhere', '0123456789ab', 1, now);
    for (const id of ['crashed-here', 'silent-elsewhere', 'live-elsewhere', 'no-job-row']) {
      await s.insertInto('import_staging').values(Array.from({ length: 30 }, (_, k) => ({
        import_id: id, seq: k + 1, line: k + 1, target_row_id: null, external_id: `x${k}`, data_json: '{"text":"t"}', prelabels_json: null, expertise_json: '[]', priority: 0, gold_json: null,
      }))).execute();
    }
    // A job this process runs is never swept, even by a boot in the same process.
    const mine = await ImportJob.start(e.deps.db, pid);
    await mine.stage([{ line: 1, row: { externalId: 'm', data: { text: 'm' }, prelabels: null, gold: null, expertise: [], priority: 0, sameRowId: null, mediaRefs: [] } }], [], now);
    // Rows written by the crashed import go with it; rows of an import published before a crash stay.
    await writeImportRows(e.deps.db, pid, 'crashed-here', [{ externalId: 'c', data: { text: 'c' }, expertise: ['finance'] }], now);
    await writeImportRows(e.deps.db, pid, 'published-before-crash', [{ externalId: 'p', data: { text: 'p' } }], now);

    // The first server stops, and a new one boots on its database.
    const again = await restartOn(e);
    try {
      const left = await again.deps.db.withTables<StagingTables>().selectFrom('import_staging').select('import_id').distinct().orderBy('import_id').execute();
      expect(left.map((x) => x.import_id)).toEqual(['live-elsewhere']);
      const jobs = await again.deps.db.withTables<StagingTables>().selectFrom('import_jobs').select('id').orderBy('id').execute();
      expect(jobs.map((x) => x.id)).toEqual(['live-elsewhere', mine.id].sort());
      const rows = await again.deps.db.selectFrom('rows').select(['external_id', 'import_id']).orderBy('external_id').execute();
      expect(rows).toEqual([{ external_id: 'm', import_id: mine.id }, { external_id: 'p', import_id: 'published-before-crash' }]);
      expect(await again.deps.db.selectFrom('row_needs').select('row_id').execute()).toEqual([]);
      // The running import's row is still hidden.
      expect(await countRows(again.deps.db, pid)).toBe(1);
    } finally {
      await mine.discard().catch(() => {}); // its database is closed: only its timer and its place in `running` go
      await again.database.close();
    }
  });
});

describe('an import killed mid-file', () => {
  it('leaves no row visible, and the next boot removes what it staged and its spool file', { timeout: 300_000 }, async () => {
    env = await createTestEnv({ sqlite: true });
    const dataDir = env.deps.dataDir;
    env.clock.now = Date.now();
    const w = await workProject(env, { people: [], rows: [] });
    await env.database.close();

    const { child, port, exited } = await spawnServer(dataDir);
    const file = Array.from({ length: 40_000 }, (_, i) => line(i)).join('\n');
    const req = http.request({
      host: '127.0.0.1', port, method: 'POST', path: `/api/projects/${w.id}/imports?format=jsonl`,
      headers: { cookie: w.lead.cookie!, 'content-type': 'application/x-ndjson', 'content-length': Buffer.byteLength(file) },
    });
    req.on('error', () => {});
    req.end(file);
    // Killed once some of the file is staged: read from a second connection, as WAL allows.
    const probe = new SQLite(path.join(dataDir, 'triad.sqlite'), { readonly: true });
    const count = (q: string) => (probe.prepare(q).get() as { n: number }).n;
    let stagedRows = 0;
    for (let i = 0; i < 1200 && stagedRows === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      try { stagedRows = count('select count(*) as n from rows where import_id in (select id from import_jobs)'); } catch { /* table not there yet */ }
    }
    child.kill('SIGKILL');
    await exited;
    req.destroy();
    expect(stagedRows).toBeGreaterThan(0);
    // Written, not one visible: the import's job row still hides them.
    expect(count(`select count(*) as n from rows where project_id = ${w.id} and (import_id is null or import_id not in (select id from import_jobs))`)).toBe(0);
    probe.close();
    // The upload's spool file, which the import was reading, is left behind by the killed process (issue 17 part 6).
    const spooled = () => fs.readdirSync(path.join(dataDir, 'tmp')).filter((n) => n.startsWith('upload.'));
    const left = spooled();
    expect(left).toHaveLength(1);
    expect(fs.statSync(path.join(dataDir, 'tmp', left[0])).size).toBe(Buffer.byteLength(file));

    const booted = await boot({ dataDir, seed: false });
    try {
      const s = booted.deps.db.withTables<StagingTables>();
      expect(Number((await s.selectFrom('import_staging').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
      expect(await s.selectFrom('import_jobs').select('id').execute()).toEqual([]);
      expect(Number((await booted.deps.db.selectFrom('rows').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', w.id).executeTakeFirstOrThrow()).n)).toBe(0);
      // Nobody owns it any more: the boot removed it with the import's rows.
      expect(spooled()).toEqual([]);
    } finally {
      await booted.database.close();
    }
  });
});
