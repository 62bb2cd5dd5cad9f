/**
 * Abuse suite (`npm run bench -- abuse`): a live server (`server/main.ts` in a child process, built
 * client, temporary DATA_DIR) is probed with `GET /api/health` and the app page `GET /` every 10 ms while
 * a separate load process attacks it; each figure is the probes' p99 during one attack, beside the idle p99.
 *
 *   login storm  200 clients sign in at once, half with the right password and half with a wrong one,
 *                over 20 accounts, each from its own address (X-Forwarded-For through TRIAD_TRUST_PROXY=1,
 *                so the per-address limit does not end it), waiting out each Retry-After as the sign-in
 *                page does, for at most STORM_SECONDS (default 10)
 *   login flood  the same clients ignoring Retry-After, back to back for 5 s (an HTTP flood:
 *                a figure without target, for the reverse proxy's rate limit to absorb)
 *   big body     a 50 MB login body, once with Content-Length and once chunked
 *   big answer   two annotators each save a 1 MB draft and submit a 1 MB answer (different texts) to the
 *                same text question, so the second submit compares two 1 MB texts
 * peak_rss_mb is the server's VmHWM (/proc/<pid>/status) at the end, rss_idle_mb its VmRSS before the
 * attacks. Targets: p99 < 50 ms, RSS < 300 MB.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { report, rng, runSelf } from './lib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STORM_CLIENTS = 200;
const STORM_ACCOUNTS = 20;
const STORM_SECONDS = Number(process.env.STORM_SECONDS ?? 10);
const FLOOD_SECONDS = 5;
const PASSWORD = 'storm-password-1';
const MB = 1 << 20;

interface Res { status: number; body: string; retryAfterS: number }

function send(base: string, agent: http.Agent | undefined, method: string, p: string,
  opts: { headers?: Record<string, string>; body?: string } = {}): Promise<Res> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname, port: url.port, method, path: p, agent,
      headers: { ...opts.headers, ...(opts.body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(opts.body) }) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString(), retryAfterS: Number(res.headers['retry-after'] ?? 0) }));
    });
    req.on('error', reject);
    req.on('socket', (s) => s.setNoDelay(true));
    req.end(opts.body);
  });
}

// ------------------------------------------------------------------------------------- load (child process)

type LoadConfig =
  | { mode: 'storm'; base: string; patient: boolean }
  | { mode: 'bigbody'; base: string }
  | { mode: 'biganswer'; base: string; projectId: number; cookies: string[] };

/** Status counts (and request errors) of one attack. */
type Tally = Record<string, number | string>;
const count = (t: Tally, k: string | number) => { t[k] = Number(t[k] ?? 0) + 1; };

/**
 * 200 clients sign in at once. `patient` clients wait out each 429/503's Retry-After and try again, as the
 * sign-in page does, until they get an answer (200 or 401); the others send the next request the moment
 * one is answered (a flood). Counts answers by status with each status's median time, as "503: 696 in 12 ms".
 */
async function storm(base: string, patient: boolean, t: Tally) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: STORM_CLIENTS });
  const end = performance.now() + (patient ? STORM_SECONDS : FLOOD_SECONDS) * 1000;
  const times: Record<string, number[]> = {};
  await Promise.all(Array.from({ length: STORM_CLIENTS }, async (_, w) => {
    const body = JSON.stringify({ email: `storm${w % STORM_ACCOUNTS}@bench.test`, password: w % 2 ? 'a wrong guess' : PASSWORD });
    const headers = { 'x-forwarded-for': `10.77.${w >> 8}.${w & 255}` };
    while (performance.now() < end) {
      const t0 = performance.now();
      let status: string, wait = 0;
      try {
        const r = await send(base, agent, 'POST', '/api/auth/login', { headers, body });
        status = String(r.status);
        wait = r.retryAfterS;
      } catch (e) { status = (e as Error).message; }
      (times[status] ??= []).push(performance.now() - t0);
      if (!patient) continue;
      if (status !== '429' && status !== '503') return;
      await new Promise((r) => setTimeout(r, wait * 1000));
    }
    if (patient) count(t, 'unanswered');
  }));
  agent.destroy();
  for (const [status, xs] of Object.entries(times)) t[status] = `${xs.length} in ${Math.round(xs.sort((a, b) => a - b)[xs.length >> 1])} ms`;
}

/** Streams `bytes` of JSON-ish filler; stops writing once the server has answered (or dropped us). */
function bigBody(base: string, bytes: number, declared: boolean): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve) => {
    let done = false;
    const finish = (what: string) => { if (!done) { done = true; resolve(what); } };
    const req = http.request({
      host: url.hostname, port: url.port, method: 'POST', path: '/api/auth/login',
      headers: { 'content-type': 'application/json', ...(declared ? { 'content-length': bytes } : {}) },
    }, (res) => { res.resume(); finish(String(res.statusCode)); req.destroy(); });
    req.on('error', (e) => finish((e as NodeJS.ErrnoException).code ?? e.message));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    req.write('{"email":"x@bench.test","password":"');
    let sent = 0;
    const pump = () => {
      while (!done && sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!done) req.end('"}');
    };
    pump();
  });
}

function words(seed: number, chars: number): string {
  const rand = rng(seed);
  const vocab = ['the', 'model', 'answer', 'is', 'correct', 'because', 'revenue', 'grew', 'by', 'ten', 'percent', 'and', 'margins', 'held'];
  const out: string[] = [];
  let n = 0;
  while (n < chars) { const w = vocab[Math.floor(rand() * vocab.length)]; out.push(w); n += w.length + 1; }
  return out.join(' ').slice(0, chars);
}

async function bigAnswer(cfg: Extract<LoadConfig, { mode: 'biganswer' }>, t: Tally) {
  const post = async (p: string, cookie: string, body: unknown) => {
    try { return await send(cfg.base, undefined, 'POST', p, { headers: { cookie }, body: JSON.stringify(body) }); } catch (e) {
      return { status: (e as NodeJS.ErrnoException).code ?? (e as Error).message, body: '{}', retryAfterS: 0 };
    }
  };
  for (const [i, cookie] of cfg.cookies.entries()) {
    const answer = { answer: { text: words(i + 1, MB) } };
    const next = await post(`/api/projects/${cfg.projectId}/next`, cookie, { role: 'label' });
    const id = (JSON.parse(next.body) as { assignment?: { id: number } }).assignment?.id;
    if (!id) { count(t, `next ${next.status}`); continue; }
    count(t, `draft ${(await post(`/api/assignments/${id}/draft`, cookie, answer)).status}`);
    count(t, `submit ${(await post(`/api/assignments/${id}/submit`, cookie, { ...answer, clientSubmissionId: `big-${i}`, activeMs: 1000 })).status}`);
  }
}

async function load(cfg: LoadConfig) {
  const t: Tally = {};
  if (cfg.mode === 'storm') await storm(cfg.base, cfg.patient, t);
  else if (cfg.mode === 'bigbody') {
    count(t, `declared ${await bigBody(cfg.base, 50 * MB, true)}`);
    count(t, `chunked ${await bigBody(cfg.base, 50 * MB, false)}`);
  } else await bigAnswer(cfg, t);
  process.stdout.write(`\nRESULT ${JSON.stringify(t)}\n`);
}

const runLoad = (cfg: LoadConfig) => runSelf<Tally>(import.meta.url, 'ABUSE_LOAD', cfg);

// ------------------------------------------------------------------------------------------ server and probes

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
}

/** Users, a text project with one row, and two annotators' sessions, written before the server starts. */
async function prepare(dataDir: string) {
  const { boot } = await import('../server/boot');
  const { insertUser } = await import('../server/repos/users');
  const { insertProject } = await import('../server/repos/projects');
  const { setRoles } = await import('../server/repos/members');
  const { insertRows } = await import('../server/repos/rows');
  const { createSession } = await import('../server/repos/sessions');
  const { hashPassword } = await import('../server/services/passwords');
  const { SESSION_COOKIE } = await import('../server/middleware');
  const { schemaSchema } = await import('@shared/tasks/question');
  const { settingsSchema } = await import('@shared/project');
  const booted = await boot({ dataDir, seed: false });
  const { db } = booted.deps;
  const now = Date.now();
  try {
    const hash = await hashPassword(PASSWORD);
    for (let i = 0; i < STORM_ACCOUNTS; i++) await insertUser(db, { email: `storm${i}@bench.test`, name: `storm ${i}`, passwordHash: hash, isAdmin: false, now });
    const lead = await insertUser(db, { email: 'lead@bench.test', name: 'lead', passwordHash: hash, isAdmin: true, now });
    const projectId = await insertProject(db, {
      name: 'abuse bench', description: '', createdBy: lead, now, settings: settingsSchema.parse({}),
      schema: schemaSchema.parse([{ id: 'answer', type: 'text', title: 'Answer', config: { field: 'prompt' } }]),
    });
    await setRoles(db, projectId, lead, ['lead'], now);
    await db.transaction().execute((tx) => insertRows(tx, projectId, [{ externalId: 'big', data: { prompt: 'Summarise the filing.' } }], now));
    const cookies: string[] = [];
    for (const name of ['ann', 'bob']) {
      const id = await insertUser(db, { email: `${name}@bench.test`, name, passwordHash: hash, isAdmin: false, now });
      await setRoles(db, projectId, id, ['annotator'], now);
      cookies.push(`${SESSION_COOKIE}=${await createSession(db, id, now, 24 * 3600_000)}`);
    }
    return { projectId, cookies };
  } finally {
    await booted.database.close();
  }
}

async function startServer(dataDir: string): Promise<{ base: string; proc: ChildProcess }> {
  if (!fs.existsSync(path.join(root, 'dist/client/index.html'))) {
    console.log('building the client (dist/client is missing)…');
    if (spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) throw new Error('vite build failed');
  }
  const port = await freePort();
  // node itself (with this process's tsx loader), not npx: its pid is the server's, whose memory we read.
  const proc = spawn(process.execPath, [...process.execArgv, 'server/main.ts'], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, TRIAD_SEED: '0', TRIAD_TRUST_PROXY: '1' },
  });
  let log = '';
  proc.stdout!.on('data', (d) => (log += d));
  proc.stderr!.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120 && proc.exitCode === null; i++) {
    try { if ((await fetch(`${base}/api/health`)).ok) return { base, proc }; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  proc.kill('SIGTERM');
  throw new Error(`the server did not start:\n${log}`);
}

/** Requests `p` every 10 ms (one at a time) until stopped; resolves with each request's latency in ms. */
function probe(base: string, p: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let stopped = false;
  const times: number[] = [];
  const failures: string[] = [];
  const running = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      try {
        const r = await send(base, agent, 'GET', p);
        if (r.status !== 200) failures.push(String(r.status));
      } catch (e) { failures.push((e as Error).message); }
      times.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return async () => {
    stopped = true;
    await running;
    agent.destroy();
    if (failures.length) console.warn(`probe ${p}: ${failures.length} failed requests (${failures[0]})`);
    return times;
  };
}

const p99 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(0.99 * s.length))] ?? NaN;
};

/** Probes health and the page while `attack` runs (at least `minMs`). */
async function during(base: string, minMs: number, attack: () => Promise<Tally>, what?: string) {
  if (what) console.log(`${what}…`);
  const stopHealth = probe(base, '/api/health');
  const stopPage = probe(base, '/');
  const [tally] = await Promise.all([attack(), new Promise((r) => setTimeout(r, minMs))]);
  const health = await stopHealth(), page = await stopPage();
  await new Promise((r) => setTimeout(r, 500));
  return { health: p99(health), page: p99(page), tally: tally as Tally };
}

/** VmHWM (peak resident) or VmRSS (now) of a process, in MB. */
const memoryMb = (pid: number, field: 'VmHWM' | 'VmRSS') => {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return line ? Number(line.split(/\s+/)[1]) / 1024 : NaN;
};

const describe = (t: Tally) => Object.entries(t).map(([k, v]) => `${k}: ${v}`).join(', ');

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-bench-abuse-'));
  const { projectId, cookies } = await prepare(dataDir);
  const { base, proc } = await startServer(dataDir);
  const stop = () => { if (proc.exitCode === null) proc.kill('SIGTERM'); };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => (stop(), process.exit(1)));
  try {
    // Warm: the first requests compile routes and open the page file.
    await during(base, 1000, async () => ({}));
    const idle = await during(base, 3000, async () => ({}), 'idle');
    const idleRss = memoryMb(proc.pid!, 'VmRSS');
    // The peak after each attack, so a high peak_rss_mb can be traced to the attack that caused it.
    const peaks: number[] = [];
    const stormRun = await during(base, 0, () => runLoad({ mode: 'storm', base, patient: true }), 'login storm');
    const flood = await during(base, 0, () => runLoad({ mode: 'storm', base, patient: false }), 'login flood');
    peaks.push(memoryMb(proc.pid!, 'VmHWM'));
    const body = await during(base, 1000, () => runLoad({ mode: 'bigbody', base }), '50 MB body');
    peaks.push(memoryMb(proc.pid!, 'VmHWM'));
    const answer = await during(base, 1000, () => runLoad({ mode: 'biganswer', base, projectId, cookies }), '1 MB answers');
    const peak = memoryMb(proc.pid!, 'VmHWM');
    const target = (v: number, max: number) => `target < ${max}: ${v < max ? 'met' : 'NOT met'}`;
    report('abuse', {
      health_p99_idle_ms: { value: idle.health, unit: 'ms' },
      page_p99_idle_ms: { value: idle.page, unit: 'ms' },
      health_p99_login_storm_ms: { value: stormRun.health, unit: 'ms' },
      page_p99_login_storm_ms: { value: stormRun.page, unit: 'ms' },
      health_p99_login_flood_ms: { value: flood.health, unit: 'ms' },
      health_p99_big_body_ms: { value: body.health, unit: 'ms' },
      health_p99_big_answer_ms: { value: answer.health, unit: 'ms' },
      peak_rss_mb: { value: peak, unit: 'MB' },
      rss_idle_mb: { value: idleRss, unit: 'MB' },
    }, {
      health_p99_idle_ms: 'baseline',
      page_p99_idle_ms: 'baseline',
      health_p99_login_storm_ms: `${target(stormRun.health, 50)}; ${STORM_CLIENTS} clients, ${STORM_SECONDS}s: ${describe(stormRun.tally)}`,
      page_p99_login_storm_ms: target(stormRun.page, 50),
      health_p99_login_flood_ms: `no target (a reverse proxy's job); the same clients ignoring Retry-After for ${FLOOD_SECONDS}s: ${describe(flood.tally)}`,
      health_p99_big_body_ms: `${target(body.health, 50)}; 50 MB login body: ${describe(body.tally)}`,
      health_p99_big_answer_ms: `${target(answer.health, 50)}; 1 MB text, twice: ${describe(answer.tally)}`,
      peak_rss_mb: `${target(peak, 300)}; after storm and flood ${Math.round(peaks[0])}, after big body ${Math.round(peaks[1])}`,
      rss_idle_mb: 'baseline: resident after start and the idle probes',
    });
  } finally {
    stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.env.ABUSE_LOAD) await load(JSON.parse(process.env.ABUSE_LOAD) as LoadConfig);
else await main();
