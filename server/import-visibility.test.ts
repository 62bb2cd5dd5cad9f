import { afterEach, describe, expect, it } from 'vitest';
import { createTestEnv, type Client, type TestEnv } from './test/harness.js';
import { workProject } from './test/workflow-kit.js';
import { importFile } from './services/import/run.js';
import { ImportJob, type StagingTables } from './services/import/stage.js';
import { kickClearing } from './services/import/clear-published.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * An import writes its new rows as it reads the file, in short transactions, and they stay invisible until
 * one switch at the end (repos/visible.ts): a labeler's next, the lead's rows list, the dashboard and the
 * exports see none of the import or all of it; a failure anywhere leaves nothing behind.
 */
const tempFile = (text: string) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'triad-import-vis-')), 'rows.jsonl');
  fs.writeFileSync(file, text);
  return file;
};
const line = (i: number) => JSON.stringify({ id: `r${i}`, data: { text: `row ${i}` }, ...(i % 3 ? {} : { expertise: ['finance'] }) });

let env: TestEnv | null = null;
afterEach(async () => { await env?.close(); env = null; });

const send = (c: Client, pid: number, body: string) =>
  c.raw(`/api/projects/${pid}/imports?format=jsonl`, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson' } });
const written = async (e: TestEnv, pid: number) =>
  Number((await e.deps.db.selectFrom('rows').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', pid).executeTakeFirstOrThrow()).n);
const leftovers = async (e: TestEnv) => {
  const s = e.deps.db.withTables<StagingTables>();
  const [staged, jobs, needs, gold] = await Promise.all([
    s.selectFrom('import_staging').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    s.selectFrom('import_jobs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    e.deps.db.selectFrom('row_needs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    e.deps.db.selectFrom('gold_rows').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { staged: Number(staged.n), jobs: Number(jobs.n), needs: Number(needs.n), gold: Number(gold.n) };
};

describe('rows an import is writing', () => {
  it('are invisible to next, the rows list, a row page, the dashboard and exports until the switch makes all of them visible', { timeout: 300_000 }, async () => {
    env = await createTestEnv();
    const e = env;
    const w = await workProject(e, { people: [{ name: 'ann', roles: ['annotator'] }], rows: [] });
    const N = 6000;
    // Once the import has written rows, its next batch waits for one round of probes: on a loaded machine
    // the whole import could otherwise finish between two probes, and nothing would be asked mid-import.
    const stage = ImportJob.prototype.stage;
    let probedMidway!: () => void;
    const midway = new Promise<void>((r) => { probedMidway = r; });
    let held = false;
    ImportJob.prototype.stage = async function (...args: Parameters<typeof stage>) {
      if (!held && (await written(e, w.id)) > 0) { held = true; await midway; }
      return stage.apply(this, args);
    };
    const importing = send(w.lead, w.id, Array.from({ length: N }, (_, i) => line(i)).join('\n'));
    let done = false;
    void importing.then(() => { done = true; });
    const jobs = async () => Number((await e.deps.db.withTables<StagingTables>().selectFrom('import_jobs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    // `switched`: the job row was gone once the probes were answered (the switch deletes it), so they may
    // have been answered after it; probes with the job still there were all answered before.
    const seen: Array<{ written: number; next: unknown; listed: number; dashboard: number; exported: number; detail: number; switched: boolean }> = [];
    try {
      while (!done) {
        const n = await written(e, w.id);
        const next = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
        const list = await w.lead.get(`/api/projects/${w.id}/rows?limit=50`);
        const dash = await w.lead.get(`/api/projects/${w.id}/dashboard`);
        const exp = await w.lead.raw(`/api/projects/${w.id}/exports?format=jsonl&state=all`);
        const last = await e.deps.db.selectFrom('rows').select('id').where('project_id', '=', w.id).orderBy('id', 'desc').limit(1).executeTakeFirst();
        const detail = last ? (await w.lead.get(`/api/projects/${w.id}/rows/${last.id}`)).status : 404;
        seen.push({ written: n, next: next.body.assignment ?? null, listed: list.body.rows.length, dashboard: dash.body.rows, exported: (await exp.text()).split('\n').filter(Boolean).length, detail, switched: (await jobs()) === 0 });
        if (n > 0) probedMidway();
        if (next.body.assignment) break;
      }
    } finally {
      ImportJob.prototype.stage = stage;
    }
    expect((await importing).status).toBe(200);
    const during = seen.filter((x) => !x.switched);
    // Asked while the import had written rows: not one of them showed anywhere.
    expect(during.filter((x) => x.written > 0 && x.written < N).length).toBeGreaterThan(0);
    for (const x of during) {
      expect({ next: x.next, listed: x.listed, dashboard: x.dashboard, exported: x.exported, detail: x.detail }).toEqual({ next: null, listed: 0, dashboard: 0, exported: 0, detail: 404 });
    }

    // After the switch, all of them at once, in file order, with their domains; once in the claim indexes
    // (clear-published.ts), none names the import any more.
    const claim = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
    expect(claim.body.assignment).toBeTruthy();
    expect((await w.lead.get(`/api/projects/${w.id}/dashboard`)).body.rows).toBe(N);
    const first = await w.lead.get(`/api/projects/${w.id}/rows?limit=3`);
    expect(first.body.rows.map((r: any) => r.externalId)).toEqual(['r0', 'r1', 'r2']);
    await kickClearing(e.deps.db);
    expect(new Set((await e.deps.db.selectFrom('rows').select('import_id').execute()).map((r) => r.import_id))).toEqual(new Set([null]));
    expect(await leftovers(e)).toEqual({ staged: 0, jobs: 0, needs: N / 3, gold: 0 });
  });

  it('are all deleted when the import fails midway, after thousands were written', { timeout: 120_000 }, async () => {
    env = await createTestEnv();
    const e = env;
    const w = await workProject(e, { people: [], rows: [] });
    const file = tempFile(Array.from({ length: 5000 }, (_, i) => i === 4000
      ? JSON.stringify({ id: 'g', data: { text: 'gold' }, gold: { sentiment: { labels: ['pos'] } } })
      : line(i)).join('\n'));
    // The disk fills (or the process is told to stop) once 2,000 rows are written (several batches on
    // either engine): the error reaches the caller.
    const stage = ImportJob.prototype.stage;
    let writtenBefore = 0;
    ImportJob.prototype.stage = async function (...args: Parameters<typeof stage>) {
      const n = await written(e, w.id);
      if (n >= 2000) { writtenBefore = n; throw new Error('disk full'); }
      return stage.apply(this, args);
    };
    try {
      await expect(importFile(e.deps, { projectId: w.id, userId: null, file, format: 'jsonl', mode: 'all' })).rejects.toThrow('disk full');
    } finally {
      ImportJob.prototype.stage = stage;
    }
    expect(writtenBefore).toBe(2000);
    expect(await written(e, w.id)).toBe(0);
    expect(await leftovers(e)).toEqual({ staged: 0, jobs: 0, needs: 0, gold: 0 });

    // Nothing stands in the way of the same file next time: every row, the gold one included.
    const r = await importFile(e.deps, { projectId: w.id, userId: null, file, format: 'jsonl', mode: 'all' });
    expect(r).toMatchObject({ committed: true, imported: 5000 });
    expect(await leftovers(e)).toEqual({ staged: 0, jobs: 0, needs: Math.ceil(4999 / 3), gold: 1 });
  });

  it('of two imports of the same ids at once, one publishes and the other nothing', { timeout: 120_000 }, async () => {
    env = await createTestEnv();
    const e = env;
    const w = await workProject(e, { people: [], rows: [] });
    const body = Array.from({ length: 3000 }, (_, i) => line(i)).join('\n');
    const [a, b] = await Promise.all([send(w.lead, w.id, body), send(w.lead, w.id, body)]);
    const reports = [await a.json() as any, await b.json() as any];
    const ok = reports.filter((r) => r.report?.committed);
    expect(ok).toHaveLength(1);
    const refused = reports.find((r) => !r.report?.committed);
    expect(JSON.stringify(refused)).toMatch(/another import added rows with some of these external ids/);
    expect(await written(e, w.id)).toBe(3000);
    expect(await leftovers(e)).toEqual({ staged: 0, jobs: 0, needs: 1000, gold: 0 });
  });
});
