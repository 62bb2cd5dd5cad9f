/**
 * Queue benchmark (`npm run bench -- queue`): a 100,000-row project, 50 annotators with real session
 * cookies doing next+submit over HTTP for a fixed time, against a trivial Hono endpoint served the same
 * way in the same run. SQLite always; Postgres too when DATABASE_URL is set (figures prefixed `pg_`).
 * The load runs in a child process so client and server do not share one event loop.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import { report, runSelf, type Figures } from './lib';
import type { NewRow } from '../server/repos/rows';

const ROWS = Number(process.env.QUEUE_ROWS ?? 100_000);
const USERS = Number(process.env.QUEUE_USERS ?? 50);
const SECONDS = Number(process.env.QUEUE_SECONDS ?? 10);

interface LoadResult { done: number; seconds: number; a: number[]; b: number[]; errors: string[] }

// ------------------------------------------------------------------------------------------------- client

async function client(): Promise<void> {
  const cfg = JSON.parse(process.env.QUEUE_CLIENT!) as { tag: string; base: string; mode: 'pairs' | 'hello'; cookies: string[]; projectId: number; seconds: number };
  const url = new URL(cfg.base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: cfg.cookies.length });
  const call = (method: string, p: string, cookie: string, body?: unknown) => new Promise<{ status: number; body: any }>((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({
      host: url.hostname, port: url.port, method, path: p, agent,
      headers: { cookie, ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null });
      });
    });
    req.on('error', reject);
    // Headers and body in one write, on a socket without Nagle: a body sent as a second small packet waits
    // for the ACK of the first, and a delayed ACK stalls each request by up to 40 ms while both sides idle.
    req.on('socket', (sock) => sock.setNoDelay(true));
    req.end(data);
  });

  const out: LoadResult = { done: 0, seconds: 0, a: [], b: [], errors: [] };
  const t0 = performance.now();
  const end = t0 + cfg.seconds * 1000;
  await Promise.all(cfg.cookies.map(async (cookie, w) => {
    let i = 0;
    while (performance.now() < end) {
      const s = performance.now();
      if (cfg.mode === 'hello') {
        const r = await call('GET', '/hello', cookie);
        if (r.status !== 200) { out.errors.push(`hello ${r.status}`); continue; }
        out.a.push(performance.now() - s);
        out.done++;
        continue;
      }
      const n = await call('POST', `/api/projects/${cfg.projectId}/next`, cookie, { role: 'label' });
      const m = performance.now();
      if (n.status !== 200 || !n.body.assignment) { out.errors.push(`next ${n.status} ${JSON.stringify(n.body).slice(0, 200)}`); break; }
      const sub = await call('POST', `/api/assignments/${n.body.assignment.id}/submit`, cookie,
        { answer: { sentiment: { labels: [(w + i) % 3 ? 'pos' : 'neg'] } }, clientSubmissionId: `bench-${cfg.tag}-${w}-${i++}`, activeMs: 1000 });
      if (sub.status !== 200) { out.errors.push(`submit ${sub.status} ${JSON.stringify(sub.body).slice(0, 200)}`); break; }
      out.a.push(m - s);
      out.b.push(performance.now() - m);
      out.done++;
    }
  }));
  out.seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  process.stdout.write(`\nRESULT ${JSON.stringify(out)}\n`);
}

const runClient = (cfg: object) => runSelf<LoadResult>(import.meta.url, 'QUEUE_CLIENT', cfg);

// ------------------------------------------------------------------------------------------------- server

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const listen = (fetch: (r: Request) => Response | Promise<Response>) => new Promise<{ server: ServerType; base: string }>((resolve) => {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve({ server, base: `http://127.0.0.1:${info.port}` }));
});
const close = (s: ServerType) => new Promise<void>((r) => s.close(() => r()));

async function engineRun(databaseUrl: string | undefined): Promise<Figures> {
  // Imported here so the load client (the same file in a child process) does not load the whole server.
  const { boot } = await import('../server/boot');
  const { dropPgSchema } = await import('../server/db/connection');
  const { insertUser } = await import('../server/repos/users');
  const { insertProject } = await import('../server/repos/projects');
  const { setRoles } = await import('../server/repos/members');
  const { insertRows } = await import('../server/repos/rows');
  const { createSession } = await import('../server/repos/sessions');
  const { SESSION_COOKIE } = await import('../server/middleware');
  const { schemaSchema } = await import('@shared/tasks/question');
  const { settingsSchema } = await import('@shared/project');
  const prefix = databaseUrl ? 'pg_' : '';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-bench-queue-'));
  const pgSchema = databaseUrl ? `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}` : undefined;
  const booted = await boot({ dataDir, databaseUrl, pgSchema, seed: false });
  const { db } = booted.deps;
  try {
    const now = Date.now();
    const leadId = await insertUser(db, { email: 'lead@bench.test', name: 'lead', passwordHash: 'x', isAdmin: false, now });
    const projectId = await insertProject(db, {
      name: 'queue bench', description: '', createdBy: leadId, now,
      schema: schemaSchema.parse([{ id: 'sentiment', type: 'classification', title: 'Sentiment', config: { field: 'text', labels: [{ value: 'pos' }, { value: 'neg' }, { value: 'neutral' }] } }]),
      settings: settingsSchema.parse({}),
    });
    await setRoles(db, projectId, leadId, ['lead'], now);
    const cookies: string[] = [];
    for (let i = 0; i < USERS; i++) {
      const id = await insertUser(db, { email: `a${i}@bench.test`, name: `a${i}`, passwordHash: 'x', isAdmin: false, now });
      await setRoles(db, projectId, id, ['annotator'], now);
      cookies.push(`${SESSION_COOKIE}=${await createSession(db, id, now, 24 * 3600_000)}`);
    }
    const t0 = performance.now();
    const rows: NewRow[] = Array.from({ length: ROWS }, (_, i) => ({ externalId: `q${i}`, data: { text: `Review number ${i}: the product was fine, delivery slow.` }, priority: i % 1000 === 0 ? 1 : 0 }));
    await db.transaction().execute((tx) => insertRows(tx, projectId, rows, now));
    console.log(`${prefix || 'sqlite_'}seeded ${ROWS} rows in ${((performance.now() - t0) / 1000).toFixed(1)}s`);

    const hello = new Hono().get('/hello', (c) => c.json({ hello: 'world' }));
    const h = await listen(hello.fetch);
    const helloRun = await runClient({ base: h.base, mode: 'hello', cookies, projectId, seconds: SECONDS });
    await close(h.server);

    const app = await listen(booted.app.fetch);
    // A short warm-up so JIT and statement caches are hot, as they are in a running server.
    await runClient({ tag: "warm", base: app.base, mode: "pairs", cookies, projectId, seconds: 1 });
    const load = await runClient({ tag: "run", base: app.base, mode: 'pairs', cookies, projectId, seconds: SECONDS });
    await close(app.server);
    if (load.errors.length) console.error(`${load.errors.length} errors, first: ${load.errors[0]}`);

    const pairs = load.done / load.seconds;
    const helloPerS = helloRun.done / helloRun.seconds;
    return {
      [`${prefix}next_submit_per_s`]: { value: pairs, unit: '1/s' },
      [`${prefix}next_p50_ms`]: { value: pct(load.a, 50), unit: 'ms' },
      [`${prefix}next_p99_ms`]: { value: pct(load.a, 99), unit: 'ms' },
      [`${prefix}submit_p99_ms`]: { value: pct(load.b, 99), unit: 'ms' },
      [`${prefix}hello_per_s`]: { value: helloPerS, unit: '1/s' },
      [`${prefix}ratio`]: { value: pairs / helloPerS, unit: 'x' },
    };
  } finally {
    await booted.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl && pgSchema) await dropPgSchema(databaseUrl, pgSchema);
  }
}

async function main() {
  const figures: Figures = { ...(await engineRun(undefined)) };
  if (process.env.DATABASE_URL) Object.assign(figures, await engineRun(process.env.DATABASE_URL));
  report('queue', figures, {
    next_submit_per_s: `${USERS} annotators, ${ROWS} rows, ${SECONDS}s; target >= 2000`,
    next_p99_ms: 'target < 50',
    ratio: 'pairs per hello request',
  });
}

if (process.env.QUEUE_CLIENT) await client();
else await main();
