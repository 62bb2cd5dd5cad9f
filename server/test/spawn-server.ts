import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A real server process (server/main.ts) on SQLite in `dataDir`, on a free port, for tests that kill it
 * mid-request or read what it prints (`output()`, stdout and stderr so far). Resolves once it listens.
 * `env` adds to or overrides its environment (the demo is off unless it says TRIAD_SEED).
 */
export async function spawnServer(dataDir: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; port: number; exited: Promise<void>; output(): string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root, env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', TRIAD_SEED: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr!.on('data', (d) => { out += d; });
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /running at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
  return { child, port, exited, output: () => out };
}
