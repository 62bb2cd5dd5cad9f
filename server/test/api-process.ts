import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), '../..');

/**
 * A second API process on a test's Postgres schema (real clock, no demo), for tests of what holds across
 * processes. Resolves with its address once it listens; `stop` ends it.
 */
export async function startApiProcess(databaseUrl: string, pgSchema: string): Promise<{ base: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', self], {
    cwd: root, env: { ...process.env, TRIAD_TEST_API: JSON.stringify({ databaseUrl, pgSchema }) }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /LISTENING (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`API process exited (${code}) before listening: ${out}`)));
  });
  return { base: `http://127.0.0.1:${port}`, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

if (process.env.TRIAD_TEST_API && process.argv[1] === self) {
  const { databaseUrl, pgSchema } = JSON.parse(process.env.TRIAD_TEST_API) as { databaseUrl: string; pgSchema: string };
  const { boot } = await import('../boot.js');
  const { serve } = await import('@hono/node-server');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-test-api-'));
  const booted = await boot({ dataDir, databaseUrl, pgSchema, seed: false });
  const server = serve({ fetch: booted.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
    process.stdout.write(`LISTENING ${info.port}\n`);
  });
  process.once('SIGTERM', () => {
    server.close();
    void booted.database.close().finally(() => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}
