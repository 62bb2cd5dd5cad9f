import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestEnv } from './test/harness.js';
import { workProject } from './test/workflow-kit.js';
import { spawnServer } from './test/spawn-server.js';
import { boot } from './boot.js';
import { openTempFile, releaseTempFile, STALE_AFTER_MS, sweepTempFiles, tempOwner, UNNAMED_STALE_AFTER_MS } from './services/temp-file.js';

const dirs: string[] = [];
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-spool-'));
  dirs.push(d);
  fs.mkdirSync(path.join(d, 'tmp'));
  return d;
};
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

/** A spool file as the process `pid` on host `host` names it, last touched `ageMs` ago. */
function spoolFile(dataDir: string, host: string, pid: number, ageMs: number, boot = 'abcdef01'): string {
  const name = `upload.${host}.${pid}.${boot}.${randomUUID()}`;
  return leftover(dataDir, name, ageMs);
}
function leftover(dataDir: string, name: string, ageMs: number): string {
  const file = path.join(dataDir, 'tmp', name);
  fs.writeFileSync(file, 'x'.repeat(1000));
  const t = new Date(Date.now() - ageMs);
  fs.utimesSync(file, t, t);
  return name;
}
/** A pid no process has: one of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;
const left = (dataDir: string) => (fs.existsSync(path.join(dataDir, 'tmp')) ? fs.readdirSync(path.join(dataDir, 'tmp')).sort() : []);

describe('spool files a crash left in DATA_DIR/tmp', () => {
  it('boot removes the spool file of an import whose server was killed mid-upload', { timeout: 120_000 }, async () => {
    // The database and a lead's session, made here; then a real server process on the same DATA_DIR.
    const env = await createTestEnv({ sqlite: true });
    const dataDir = env.deps.dataDir;
    dirs.push(dataDir);
    env.clock.now = Date.now();
    const w = await workProject(env, { people: [], rows: [] });
    await env.database.close();

    const { child, port, exited } = await spawnServer(dataDir);
    // An upload that is still arriving when the server dies.
    const req = http.request({
      host: '127.0.0.1', port, method: 'POST', path: `/api/projects/${w.id}/imports?format=jsonl`,
      headers: { cookie: w.lead.cookie!, 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked' },
    });
    req.on('error', () => {});
    req.write(`${JSON.stringify({ id: 'a', data: { text: 'x'.repeat(1000) } })}\n`.repeat(200));
    for (let i = 0; i < 200 && !(left(dataDir).length && fs.statSync(path.join(dataDir, 'tmp', left(dataDir)[0])).size > 0); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await exited;
    req.destroy();
    expect(left(dataDir)).toHaveLength(1);
    expect(left(dataDir)[0]).toMatch(/^upload\./);

    const booted = await boot({ dataDir, seed: false });
    try {
      expect(left(dataDir)).toEqual([]);
    } finally {
      await booted.database.close();
    }
  });

  it('removes files of gone processes and of this one, keeps those a live process may hold until they are stale', () => {
    const dataDir = tmpDir();
    const { host } = tempOwner;
    const otherHost = '0123456789ab';
    const alive = process.ppid; // a process that exists and is not this one
    const gone = [
      spoolFile(dataDir, host, deadPid(), 1000), // its process died (a crash)
      spoolFile(dataDir, host, process.pid, 1000), // an earlier process with our pid (a restarted container)
      spoolFile(dataDir, host, alive, STALE_AFTER_MS + 60_000), // untouched for longer than a live owner allows
      spoolFile(dataDir, otherHost, 12345, STALE_AFTER_MS + 60_000), // another machine's, untouched as long
      leftover(dataDir, `upload-${randomUUID()}`, UNNAMED_STALE_AFTER_MS + 60_000), // an older version's, a day old
    ];
    const kept = [
      spoolFile(dataDir, host, alive, 1000), // a sibling process's, in use
      spoolFile(dataDir, otherHost, deadPid(), 1000), // another machine's: its pids mean nothing here
      leftover(dataDir, `upload-${randomUUID()}`, 3600_000), // an older version's, an hour old
    ];
    const r = sweepTempFiles(dataDir);
    expect(r.removed.sort()).toEqual([...gone].sort());
    expect(r.bytes).toBe(gone.length * 1000);
    expect(left(dataDir)).toEqual([...kept].sort());
  });

  it('keeps the files this process is writing, and touches them so others see an owner', async () => {
    const dataDir = tmpDir();
    const { file, out } = openTempFile(dataDir, 'upload');
    out.write('partial upload');
    const old = new Date(Date.now() - STALE_AFTER_MS * 2);
    fs.utimesSync(file, old, old);
    expect(sweepTempFiles(dataDir).removed).toEqual([]);
    tempOwner.touchHeld();
    expect(Date.now() - fs.statSync(file).mtimeMs).toBeLessThan(60_000);
    await new Promise((r) => out.end(r));
    // Once released it is a leftover of this process like any other.
    releaseTempFile(file);
    expect(sweepTempFiles(dataDir).removed).toEqual([path.basename(file)]);
  });
});
