/**
 * The workbench bench's server: the built app on a free port with the demo seed in a temporary DATA_DIR,
 * and a signed-in API client for the setup a figure needs (projects, imports, uploads, drafts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The demo seed's password for every user. */
export const PASSWORD = 'triad-demo';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
}

export interface BenchServer {
  base: string;
  /** Takes the server's process group down (idempotent) and removes its DATA_DIR. */
  stop(): void;
}

/** Builds the client if dist/ is missing, then starts server/main.ts and waits for /api/health. */
export async function startServer(): Promise<BenchServer> {
  if (!fs.existsSync(path.join(root, 'dist/client/index.html'))) {
    console.log('building the client (dist/client is missing)…');
    const r = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('vite build failed');
  }
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-bench-'));
  const proc: ChildProcess = spawn('npx', ['tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, TRIAD_MAX_AUDIO_MB: '200' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stop() takes npx, tsx and node down together.
    detached: true,
  });
  const stop = () => {
    if (proc.pid && proc.exitCode === null) process.kill(-proc.pid, 'SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  let log = '';
  proc.stdout!.on('data', (d) => (log += d));
  proc.stderr!.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { base, stop };
    } catch {
      /* not up yet */
    }
    if (proc.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  stop();
  throw new Error(`the server did not start:\n${log}`);
}

/** A signed-in API client for scripted setup (Node sends no Origin, which the server accepts). */
export class Api {
  private cookie = '';
  constructor(readonly base: string) {}

  static async as(base: string, email: string): Promise<Api> {
    const a = new Api(base);
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }),
    });
    if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
    a.cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return a;
  }

  async call<T>(method: string, p: string, body?: unknown, type = 'application/json'): Promise<T> {
    const raw = body instanceof Uint8Array || typeof body === 'string';
    const res = await fetch(`${this.base}/api${p}`, {
      method,
      headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': raw ? type : 'application/json' }) },
      body: body === undefined ? undefined : raw ? (body as BodyInit) : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : null) as T;
  }
}

/** A project led by `lead` with cat@triad.test (the browser's user) as its annotator. */
export async function createProject(lead: Api, name: string, schema: unknown[]): Promise<number> {
  const { project } = await lead.call<{ project: { id: number } }>('POST', '/projects', { name, schema });
  await lead.call('POST', `/projects/${project.id}/members`, { email: 'cat@triad.test', roles: ['annotator'] });
  return project.id;
}

export async function importRows(lead: Api, pid: number, rows: unknown[]): Promise<void> {
  await lead.call('POST', `/projects/${pid}/imports?format=jsonl`, rows.map((r) => JSON.stringify(r)).join('\n') + '\n', 'application/x-ndjson');
}
