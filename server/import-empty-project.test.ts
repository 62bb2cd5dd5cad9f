import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './test/harness.js';
import { workProject } from './test/workflow-kit.js';
import { importFile } from './services/import/run.js';
import { ImportJob } from './services/import/stage.js';
import { stageBatch } from './services/import/classify.js';
import { insertRows } from './repos/rows.js';
import type { ImportReport } from '@shared/api/console.js';

/**
 * An import into a project that held no row when it started does not look its lines' ids up (stage.ts
 * emptyAtStart): no line can name a row there. What that must not change: a re-import into the same
 * project (no longer empty) still finds its rows, and a row another writer adds meanwhile with one of the
 * file's ids never becomes a second row of that id.
 */
let env: TestEnv | null = null;
afterEach(async () => { await env?.close(); env = null; });

const row = (id: string, text: string) => ({ line: 1, row: { externalId: id, data: { text }, prelabels: null, gold: null, expertise: [], priority: 0, sameRowId: null, mediaRefs: [] } });
const emptyReport = (): ImportReport => ({
  format: 'jsonl', mode: 'all', total: 0, imported: 0, updated: 0, unchanged: 0, skipped: [], errors: [], errorCount: 0,
  warnings: [], warningCount: 0, warningKinds: { chosen: 0, converted: 0, skipped: 0 }, committed: false,
});

describe('an import into an empty project', () => {
  it('imports, then a second import of the same file finds every row unchanged and a changed line updates its row', async () => {
    env = await createTestEnv();
    const w = await workProject(env, { people: [], rows: [] });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'triad-empty-')), 'rows.jsonl');
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: `r${i}`, data: { text: `row ${i}` } }));
    fs.writeFileSync(file, lines.join('\n'));
    expect(await importFile(env.deps, { projectId: w.id, userId: null, file, format: 'jsonl', mode: 'all' })).toMatchObject({ committed: true, imported: 30 });
    lines[7] = JSON.stringify({ id: 'r7', data: { text: 'row 7, corrected' } });
    fs.writeFileSync(file, lines.join('\n'));
    expect(await importFile(env.deps, { projectId: w.id, userId: null, file, format: 'jsonl', mode: 'all' })).toMatchObject({ committed: true, imported: 0, unchanged: 29, updated: 1 });
    const r7 = await env.deps.db.selectFrom('rows').select('data_json').where('project_id', '=', w.id).where('external_id', '=', 'r7').execute();
    expect(r7.map((r) => JSON.parse(r.data_json))).toEqual([{ text: 'row 7, corrected' }]);
  });

  it('refuses a line whose id another writer added after the import started, instead of a second row of that id', async () => {
    env = await createTestEnv();
    const w = await workProject(env, { people: [], rows: [] });
    const job = await ImportJob.start(env.deps.db, w.id);
    expect(job.emptyAtStart).toBe(true);
    try {
      await stageBatch(env.deps.db, job, [row('a', 'first')], emptyReport(), () => {}, 'all', env.clock.now);
      await insertRows(env.deps.db, w.id, [{ externalId: 'b', data: { text: 'pushed meanwhile' } }], env.clock.now);
      const err = await stageBatch(env.deps.db, job, [row('b', 'from the file')], emptyReport(), () => {}, 'all', env.clock.now).then(() => null, (e: { code?: string }) => e);
      expect(['23505', 'SQLITE_CONSTRAINT_UNIQUE']).toContain(err?.code);
    } finally {
      await job.discard();
    }
    const rows = await env.deps.db.selectFrom('rows').select(['external_id', 'data_json']).where('project_id', '=', w.id).execute();
    expect(rows).toEqual([{ external_id: 'b', data_json: JSON.stringify({ text: 'pushed meanwhile' }) }]);
  });
});
