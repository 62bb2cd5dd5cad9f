/**
 * Queue benchmark (`npm run bench -- queue`): a 100,000-row project, 50 annotators with real session
 * cookies doing next+submit over HTTP for a fixed time, against a trivial Hono endpoint served the same
 * way in the same run. SQLite always; Postgres too when DATABASE_URL is set (figures prefixed `pg_`), then
 * on Postgres a run through two API processes sharing the database (`pg2_`: annotators and reviewers, some
 * of them experts, every request to the next process in turn), after which the database is checked
 * against the workflow rules. Each engine also times a domain expert's QA request when no row in QA needs
 * their domain (`qa_expert_next_p50_ms`). The load runs in child processes (bench/queue/client.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import { report, type Figures } from './lib';
import { runLoad, type LoadResult, type Worker } from './queue/client';
import { startApi } from './queue/api-process';
import { checkWorkflow } from './queue/invariants';
import { qaExpertNext } from './queue/qa-expert';
import { makeProject } from './queue/project';
import { countRoundTrips, meter, nameConnections } from './queue/costs';
import type { NewRow } from '../server/repos/rows';
import type { Booted } from '../server/boot';

const ROWS = Number(process.env.QUEUE_ROWS ?? 100_000);
const USERS = Number(process.env.QUEUE_USERS ?? 50);
const SECONDS = Number(process.env.QUEUE_SECONDS ?? 10);
/** The multi-process run: rows, reviewers among the workers, and the share of rows needing an expert. */
const PROC_ROWS = 20_000;
const PROC_REVIEWERS = 6;

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const listen = (fetch: (r: Request) => Response | Promise<Response>) => new Promise<{ server: ServerType; base: string }>((resolve) => {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve({ server, base: `http://127.0.0.1:${info.port}` }));
});
const close = (s: ServerType) => new Promise<void>((r) => s.close(() => r()));

const loadFigures = (prefix: string, load: LoadResult): Figures => ({
  [`${prefix}next_submit_per_s`]: { value: load.done / load.seconds, unit: '1/s' },
  [`${prefix}next_p50_ms`]: { value: pct(load.a, 50), unit: 'ms' },
  [`${prefix}next_p99_ms`]: { value: pct(load.a, 99), unit: 'ms' },
  [`${prefix}submit_p99_ms`]: { value: pct(load.b, 99), unit: 'ms' },
});

async function engineRun(databaseUrl: string | undefined): Promise<Figures> {
  // Imported here so the load clients and API processes (other modules) do not load the whole server.
  const { boot } = await import('../server/boot');
  const { dropPgSchema } = await import('../server/db/connection');
  const prefix = databaseUrl ? 'pg_' : '';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-bench-queue-'));
  const pgSchema = databaseUrl ? `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}` : undefined;
  const appName = databaseUrl ? nameConnections() : undefined;
  if (databaseUrl) countRoundTrips();
  const booted = await boot({ dataDir, databaseUrl, pgSchema, seed: false });
  try {
    const rows: NewRow[] = Array.from({ length: ROWS }, (_, i) => ({ externalId: `q${i}`, data: { text: `Review number ${i}: the product was fine, delivery slow.` }, priority: i % 1000 === 0 ? 1 : 0 }));
    const { projectId, workers, seedSeconds } = await makeProject(booted, 'queue bench', rows, Array.from({ length: USERS }, () => ({ role: 'annotator' as const })));
    console.log(`${prefix || 'sqlite_'}seeded ${ROWS} rows in ${seedSeconds.toFixed(1)}s`);

    const hello = new Hono().get('/hello', (c) => c.json({ hello: 'world' }));
    const h = await listen(hello.fetch);
    const helloRun = await runLoad({ tag: 'hello', bases: [h.base], workers: workers.map((w) => ({ ...w, role: 'hello' as const })), projectId, seconds: SECONDS });
    await close(h.server);

    const app = await listen(booted.app.fetch);
    // A short warm-up so JIT and statement caches are hot, as they are in a running server.
    await runLoad({ tag: 'warm', bases: [app.base], workers, projectId, seconds: 1 });
    const spent = await meter(databaseUrl ? booted.deps.db : undefined, appName);
    const load = await runLoad({ tag: 'run', bases: [app.base], workers, projectId, seconds: SECONDS });
    const costs = await spent();
    await close(app.server);
    if (load.errors.length) console.error(`${load.errors.length} errors, first: ${load.errors[0]}`);

    const helloPerS = helloRun.done / helloRun.seconds;
    const figures: Figures = {
      ...loadFigures(prefix, load),
      [`${prefix}hello_per_s`]: { value: helloPerS, unit: '1/s' },
      [`${prefix}ratio`]: { value: load.done / load.seconds / helloPerS, unit: 'x' },
      // Per next+submit pair: the API process's CPU (SQLite runs inside it), Postgres's, and round trips.
      [`${prefix}cpu_ms_per_pair`]: { value: costs.cpuMs / load.done, unit: 'ms' },
      ...(databaseUrl ? {
        pg_db_cpu_ms_per_pair: { value: costs.dbCpuMs / load.done, unit: 'ms' },
        pg_round_trips_per_pair: { value: costs.roundTrips / load.done, unit: '' },
      } : {}),
    };
    const qa = await qaExpertNext(booted);
    figures[`${prefix}qa_expert_next_p50_ms`] = { value: pct(qa, 50), unit: 'ms' };
    if (databaseUrl && pgSchema) Object.assign(figures, await processesRun(booted, databaseUrl, pgSchema));
    return figures;
  } finally {
    await booted.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl && pgSchema) await dropPgSchema(databaseUrl, pgSchema);
  }
}

/**
 * Two API processes on one Postgres database, every request to the next process in turn: a row claimed
 * through one is submitted through the other, and two processes claim from one queue at once. A fifth of
 * the rows need a finance expert; a tenth of the annotators and a third of the reviewers are one.
 */
async function processesRun(booted: Booted, databaseUrl: string, pgSchema: string): Promise<Figures> {
  const rows: NewRow[] = Array.from({ length: PROC_ROWS }, (_, i) => ({ externalId: `m${i}`, data: { text: `Statement ${i}` }, expertise: i % 5 === 0 ? ['finance'] : [] }));
  const people = [
    ...Array.from({ length: USERS }, (_, i) => ({ role: 'annotator' as const, expertise: i % 10 === 0 ? ['finance'] : [] })),
    ...Array.from({ length: PROC_REVIEWERS }, (_, i) => ({ role: 'reviewer' as const, expertise: i % 3 === 0 ? ['finance'] : [] })),
  ];
  const { projectId, workers } = await makeProject(booted, 'two processes', rows, people);
  const apis = await Promise.all([startApi({ databaseUrl, pgSchema }), startApi({ databaseUrl, pgSchema })]);
  let load: LoadResult;
  try {
    load = await runLoad({ tag: 'proc', bases: apis.map((a) => a.base), workers, projectId, seconds: SECONDS, keepIds: true });
  } finally {
    await Promise.all(apis.map((a) => a.stop()));
  }
  if (load.errors.length) console.error(`two processes: ${load.errors.length} errors, first: ${load.errors[0]}`);
  const check = await checkWorkflow(booted.deps.db, projectId, load.acked);
  console.log(`two processes: ${load.done} labels and ${load.qaDone} QA accepts acknowledged; database after the run: ${check.answers} answers, ${check.finals} finals over ${check.rows} rows`);
  console.log(check.violations.length
    ? `two processes: workflow rules BROKEN:\n  ${check.violations.join('\n  ')}`
    : 'two processes: workflow rules held (no double claims, one slot per person per row, expert rule on every final, every acknowledged answer stored and no other)');
  return {
    ...loadFigures('pg2_', load),
    pg2_qa_accepts_per_s: { value: load.qaDone / load.seconds, unit: '1/s' },
    pg2_errors: { value: load.errors.length, unit: '' },
    pg2_rule_violations: { value: check.violations.length, unit: '' },
  };
}

async function main() {
  const figures: Figures = { ...(await engineRun(undefined)) };
  if (process.env.DATABASE_URL) Object.assign(figures, await engineRun(process.env.DATABASE_URL));
  report('queue', figures, {
    next_submit_per_s: `${USERS} annotators, ${ROWS} rows, ${SECONDS}s; target >= 2000`,
    next_p99_ms: 'target < 50',
    ratio: 'pairs per hello request',
    cpu_ms_per_pair: 'API process CPU per next+submit (load-independent)',
    pg_db_cpu_ms_per_pair: 'Postgres backends CPU per pair',
    pg_round_trips_per_pair: 'writes to Postgres per pair (one per round trip)',
    qa_expert_next_p50_ms: 'QA next of a finance expert, 15k rows in QA, none needing finance',
    pg_next_submit_per_s: 'target >= 1200',
    pg_next_p99_ms: 'target < 50',
    pg2_next_submit_per_s: `two API processes, ${USERS} annotators + ${PROC_REVIEWERS} reviewers`,
    pg2_rule_violations: 'must be 0 (checked on the database after the run)',
  });
}

await main();
