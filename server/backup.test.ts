import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './test/harness.js';
import { csid, plainRows, pos, workProject } from './test/workflow-kit.js';
import { boot, type Booted } from './boot.js';
import { backupSqlite } from './services/backup.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let env: TestEnv | null = null;
let restored: Booted | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await restored?.database.close();
  restored = null;
  await env?.close();
  env = null;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-backup-'));
  dirs.push(d);
  return d;
};

/** `npm run triad -- backup …` as its own process, as an operator runs it beside the server. */
function cli(args: string[], extraEnv: Record<string, string>) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
      cwd: root, env: { ...process.env, DATABASE_URL: '', ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.once('exit', (code) => resolve({ code, out }));
  });
}

const ANNOTATORS = Array.from({ length: 8 }, (_, i) => ({ name: `a${i}`, roles: ['annotator' as const] }));

describe('npm run triad -- backup', () => {
  it('copies a live SQLite database during concurrent submits; restored, it has every acknowledged answer and works', { timeout: 180_000 }, async () => {
    env = await createTestEnv({ sqlite: true });
    const w = await workProject(env, { people: ANNOTATORS, rows: plainRows(2000) });
    // Annotators submit without pause until told to stop; each acknowledged submission is noted with its time.
    const acked: { id: string; at: number }[] = [];
    let stop = false;
    const loops = ANNOTATORS.map(async ({ name }) => {
      while (!stop) {
        const n = await w.c[name].post(`/api/projects/${w.id}/next`, { role: 'label' });
        if (!n.body.assignment) return;
        const id = csid();
        const s = await w.c[name].post(`/api/assignments/${n.body.assignment.id}/submit`, { answer: pos, clientSubmissionId: id });
        if (s.status === 200) acked.push({ id, at: performance.now() });
        // Let the test's own timers and the CLI's output through between requests.
        await new Promise((r) => setImmediate(r));
      }
    });
    while (acked.length < 40) await new Promise((r) => setTimeout(r, 20));

    const out = path.join(tmpDir(), 'triad-backup.sqlite');
    const started = performance.now();
    const ackedBefore = acked.filter((a) => a.at < started).map((a) => a.id);
    const run = await cli(['backup', '--out', out], { DATA_DIR: env.deps.dataDir });
    const finished = performance.now();
    stop = true;
    await Promise.all(loops);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/Backed up .* \(.*integrity checked\)/);
    // The backup really ran while people worked: submissions were acknowledged meanwhile.
    expect(acked.filter((a) => a.at > started && a.at < finished).length).toBeGreaterThan(0);

    // Restore as the README says: the backup becomes triad.sqlite of an empty data directory.
    const dataDir = tmpDir();
    fs.copyFileSync(out, path.join(dataDir, 'triad.sqlite'));
    restored = await boot({ dataDir, seed: false, now: () => env!.clock.now });
    const db = restored.deps.db;
    const stored = new Set((await db.selectFrom('answers').select('client_submission_id').execute()).map((a) => a.client_submission_id));
    expect(ackedBefore.filter((id) => !stored.has(id))).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(ackedBefore.length);
    // A consistent snapshot: no submit is half in it (each row's count matches its answers and claims).
    const rows = await db.selectFrom('rows').select(['id', 'labels_done', 'labels_taken']).where('project_id', '=', w.id).execute();
    const answers = await db.selectFrom('answers').select('row_id').execute();
    const slots = await db.selectFrom('assignments').select(['row_id', 'status']).where('status', 'in', ['active', 'submitted']).execute();
    const count = (xs: { row_id: number }[], id: number) => xs.filter((x) => x.row_id === id).length;
    for (const r of rows) {
      expect(r.labels_done, `row ${r.id}`).toBe(count(answers, r.id));
      expect(r.labels_taken, `row ${r.id}`).toBe(count(slots, r.id));
    }

    // The restored server works: the same sessions, claims and submits, and what it stores stays.
    const ask = (url: string, body: unknown) => restored!.app.request(url, {
      method: 'POST', headers: { cookie: w.c.a0.cookie!, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const n = await ask(`/api/projects/${w.id}/next`, { role: 'label' });
    expect(n.status).toBe(200);
    const { assignment } = await n.json() as { assignment: { id: number } };
    const after = csid();
    expect((await ask(`/api/assignments/${assignment.id}/submit`, { answer: pos, clientSubmissionId: after })).status).toBe(200);
    expect(await db.selectFrom('answers').select('id').where('client_submission_id', '=', after).executeTakeFirst()).toBeDefined();
  });

  it('never overwrites a file, and writes nothing when the copy cannot be made', async () => {
    env = await createTestEnv({ sqlite: true });
    const dir = tmpDir();
    const existing = path.join(dir, 'taken.sqlite');
    fs.writeFileSync(existing, 'precious');
    expect(() => backupSqlite(env!.deps.dataDir, existing)).toThrow(/already exists; a backup never overwrites/);
    expect(fs.readFileSync(existing, 'utf8')).toBe('precious');
    expect(() => backupSqlite(path.join(dir, 'nowhere'), path.join(dir, 'b.sqlite'))).toThrow(/no database at/);
    expect(() => backupSqlite(env!.deps.dataDir, path.join(dir, 'missing-dir', 'b.sqlite'))).toThrow(/does not exist/);
    expect(fs.readdirSync(dir)).toEqual(['taken.sqlite']);
  });

  it('on PostgreSQL prints the pg_dump and pg_restore commands, writes nothing and exits non-zero', { timeout: 60_000 }, async () => {
    const dir = tmpDir();
    const out = path.join(dir, 'pg.dump');
    const run = await cli(['backup', '--out', out], { DATABASE_URL: 'postgres://someone:secret@db.example/triad', DATA_DIR: dir });
    expect(run.code).toBe(2);
    expect(run.out).toContain(`pg_dump --format=custom --file="${out}" "$DATABASE_URL"`);
    expect(run.out).toContain('pg_restore --no-owner --dbname="$DATABASE_URL"');
    // The connection string (and its password) is not echoed.
    expect(run.out).not.toContain('secret');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
