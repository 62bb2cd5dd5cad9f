import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { boot, type Booted } from './boot.js';
import { insertRows } from './repos/rows.js';
import { getProject, insertProject, type ProjectRecord } from './repos/projects.js';
import { insertUser } from './repos/users.js';
import { runExport } from './services/export/run.js';
import { schemaSchema } from '@shared/tasks/question.js';
import { DEFAULT_SETTINGS } from '@shared/project.js';

// SQLite reads a download's pages on a worker thread with a connection of its own (services/export/
// page-worker.ts): these tests hold it to one snapshot and to ending with the download, on a database
// file as a server keeps it (whatever DATABASE_URL says: this is the SQLite reader's behaviour).
describe('export pages read on a worker (SQLite)', () => {
  let dir: string;
  let booted: Booted;
  let project: ProjectRecord;
  const now = Date.UTC(2026, 10, 1);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-export-snapshot-'));
    booted = await boot({ dataDir: dir, seed: false, now: () => now });
    const { db } = booted.deps;
    const lead = await insertUser(db, { email: 'lead@x.org', name: 'Lea', passwordHash: 'x', isAdmin: false, now });
    const schema = schemaSchema.parse([{ id: 'kind', type: 'classification', title: 'Kind', config: { field: 'text', labels: ['a', 'b'] } }]);
    const pid = await insertProject(db, { name: 'snap', description: '', schema, settings: DEFAULT_SETTINGS, createdBy: lead, now });
    // Three pages and a bit (pages hold 250 rows).
    await insertRows(db, pid, Array.from({ length: 800 }, (_, i) => ({ externalId: `r${i}`, data: { text: `before ${i}` } })), now);
    await booted.deps.durable();
    project = (await getProject(db, pid))!;
  });
  afterEach(async () => {
    await booted.database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const linesOf = (text: string) => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { external_id: string; data: { text: string } });

  it('writes the rows as they were when the download started, whatever is written meanwhile', async () => {
    const it = runExport(booted.deps, project, { format: 'jsonl', state: 'all', raw: false } as never).chunks[Symbol.asyncIterator]();
    let text = '';
    const first = await it.next();
    text += first.value as string;
    expect(linesOf(text).length).toBeLessThan(800);

    // While the download is on its first pages: rows edited further on, rows added at the end.
    const { db } = booted.deps;
    await db.updateTable('rows').set({ data_json: JSON.stringify({ text: 'after' }) }).where('project_id', '=', project.id).where('external_id', 'in', ['r700', 'r799']).execute();
    await insertRows(db, project.id, [{ externalId: 'late', data: { text: 'late' } }], now);
    await booted.deps.durable();

    for (let r = await it.next(); !r.done; r = await it.next()) text += r.value as string;
    const lines = linesOf(text);
    expect(lines.map((l) => l.external_id)).toEqual(Array.from({ length: 800 }, (_, i) => `r${i}`));
    expect(lines.every((l, i) => l.data.text === `before ${i}`)).toBe(true);

    // The next download starts from what is there now.
    let again = '';
    for await (const c of runExport(booted.deps, project, { format: 'jsonl', state: 'all', raw: false } as never).chunks) again += c as string;
    const now2 = linesOf(again);
    expect(now2.length).toBe(801);
    expect(now2.find((l) => l.external_id === 'r799')!.data.text).toBe('after');
  });

  it('ends its read when the download stops part-way, so the WAL can start over', async () => {
    const it = runExport(booted.deps, project, { format: 'jsonl', state: 'all', raw: false } as never).chunks[Symbol.asyncIterator]();
    await it.next();
    const { db } = booted.deps;
    await db.updateTable('rows').set({ priority: 1 }).where('project_id', '=', project.id).execute();
    await booted.deps.durable();
    const sqlite = (await import('better-sqlite3')).default;
    // Another connection's full checkpoint reports busy while a reader holds an older snapshot.
    const probe = new sqlite(path.join(dir, 'triad.sqlite'));
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
