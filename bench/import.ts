/**
 * Import suite: 100,000 JSONL rows (text + a classification prelabel) into a fresh project via the same
 * service the route uses, on SQLite, or on PostgreSQL when DATABASE_URL is set (a schema of its own,
 * dropped after); baseline: reading and splitting the same bytes into lines without parsing. While the
 * import runs, /api/health is asked again and again through the app (same process, same database, as a
 * person's request would be) and its latencies printed.
 *
 * BENCH_1M=1 imports 1,000,000 lines instead (several minutes on a loaded machine) and leaves out the
 * re-import and the Label Studio import, which stay at 100k by default. BENCH_ROWS=n sets any size.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { boot } from '../server/boot.js';
import { dropPgSchema } from '../server/db/connection.js';
import { insertProject } from '../server/repos/projects.js';
import { insertUser } from '../server/repos/users.js';
import { importFile } from '../server/services/import/run.js';
import { lines } from '../server/services/import/sources.js';
import { schemaSchema } from '@shared/tasks/question.js';
import { DEFAULT_SETTINGS } from '@shared/project.js';
import { cpuMs, report } from './lib.js';
import { claimProbe, pctOf, timeClearing } from './import-claims.js';

const N = Number(process.env.BENCH_ROWS ?? (process.env.BENCH_1M ? 1_000_000 : 100_000));
const size = N >= 1_000_000 && N % 1_000_000 === 0 ? `${N / 1_000_000}m` : N >= 1000 && N % 1000 === 0 ? `${N / 1000}k` : String(N);
const full = N <= 100_000;
const url = process.env.DATABASE_URL;
const engine = url ? 'PostgreSQL' : 'SQLite';
const schemas: string[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-bench-import-'));
const file = path.join(dir, 'rows.jsonl');
const words = 'the quarterly revenue grew while costs fell and the model answered with a confident but wrong claim'.split(' ');
const out = fs.createWriteStream(file);
for (let i = 0; i < N; i++) {
  const text = Array.from({ length: 24 }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ');
  const row = { id: `ext-${i}`, data: { text, domain: i % 10 === 0 ? 'finance' : 'general' }, ...(i % 2 ? { prelabels: { sentiment: { labels: [i % 4 === 1 ? 'pos' : 'neg'] } } } : {}) };
  // Waits for the disk: a million lines buffered unwritten would count against the import's peak RSS.
  if (!out.write(JSON.stringify(row) + '\n')) await new Promise((r) => out.once('drain', r));
}
await new Promise<void>((r) => out.end(r));
const bytes = fs.statSync(file).size;

async function fresh() {
  const pgSchema = url ? `bench_import_${process.pid}_${schemas.length}` : undefined;
  if (pgSchema) schemas.push(pgSchema);
  const booted = await boot({ dataDir: fs.mkdtempSync(path.join(dir, 'db-')), databaseUrl: url, pgSchema });
  const userId = await insertUser(booted.deps.db, { email: 'bench@x.org', name: 'Bench', passwordHash: 'x', isAdmin: false, now: Date.now() });
  const schema = schemaSchema.parse([{ id: 'sentiment', type: 'classification', title: 'S', config: { field: 'text', labels: ['pos', 'neg'] } }]);
  const projectId = await insertProject(booted.deps.db, { name: 'bench', description: '', schema, settings: { ...DEFAULT_SETTINGS, expertiseRules: [{ field: 'domain', equals: 'finance', domain: 'finance' }] }, createdBy: userId, now: Date.now() });
  return { booted, projectId };
}

// Baseline: the same bytes read and split into lines, nothing parsed or written.
let t0 = performance.now();
let count = 0;
for await (const _ of lines(fs.createReadStream(file, { highWaterMark: 1 << 20 }))) count++;
const baselineMs = performance.now() - t0;
if (count !== N) throw new Error(`baseline read ${count} lines`);

const { booted, projectId } = await fresh();
const claims = await claimProbe(booted.deps, projectId);
claims.start();
await new Promise((res) => setTimeout(res, 2000));
const claimsIdle = await claims.stop();
claims.start();
global.gc?.();
const rss0 = process.memoryUsage().rss;
let peak = rss0;
// What the RSS held at its peak (V8 heap, Buffers, the rest): which holder to shrink when it grows.
let atPeak = process.memoryUsage();
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  if (m.rss > peak) { peak = m.rss; atPeak = m; }
}, 10);
// /api/health asked one after another while the import runs, 10 ms apart: each latency is what a
// person's request waited for the connection and the event loop. Timed from when the request was due
// (10 ms after the last answer), not from when the timer got to run: a stalled event loop delays the
// timer too, and timing from it would leave out exactly the stalls a person waits through.
const health: number[] = [];
let importing = true;
const poller = (async () => {
  while (importing) {
    const due = performance.now() + 10;
    await new Promise((res) => setTimeout(res, 10));
    const r = await booted.app.request('/api/health');
    if (r.status !== 200) throw new Error(`health answered ${r.status}`);
    await r.text();
    health.push(performance.now() - due);
  }
})();
const load0 = os.loadavg()[0];
t0 = performance.now();
const cpu0 = process.cpuUsage();
const r = await importFile(booted.deps, { projectId, userId: null, file, format: 'jsonl', mode: 'all' });
const importMs = performance.now() - t0;
const importCpuMs = cpuMs(cpu0);
const load1 = os.loadavg()[0];
importing = false;
await poller;
const claimsDuring = await claims.stop();
const clearing = await timeClearing(booted.deps, booted.app, claims);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
if (!r.committed || r.imported !== N) throw new Error(`import failed: ${JSON.stringify(r).slice(0, 300)}`);
health.sort((a, b) => a - b);
const pct = (q: number) => health[Math.min(health.length - 1, Math.floor(q * health.length))] ?? NaN;
// Same-run baseline for the health figures: the same polling with no import running.
const idle: number[] = [];
for (let i = 0; i < 200; i++) {
  const due = performance.now() + 10;
  await new Promise((res) => setTimeout(res, 10));
  await (await booted.app.request('/api/health')).text();
  idle.push(performance.now() - due);
}
idle.sort((a, b) => a - b);

// Re-import of the same file: everything unchanged.
let reimportMs = NaN;
if (full) {
  t0 = performance.now();
  const again = await importFile(booted.deps, { projectId, userId: null, file, format: 'jsonl', mode: 'all' });
  reimportMs = performance.now() - t0;
  if (again.unchanged !== N) throw new Error('re-import changed rows');
}
await booted.database.close();
// A Label Studio export of N tasks, each with two annotations (one cancelled) and two scored predictions.
const ls100k = full ? await labelStudioImport() : null;
async function labelStudioImport() {
const lsFile = path.join(dir, 'tasks.json');
const ls = fs.createWriteStream(lsFile);
const choice = (from: string, label: string) => [{ id: 'r1', type: 'choices', from_name: from, to_name: 'text', value: { choices: [label] } }];
ls.write('[');
for (let i = 0; i < N; i++) {
  const text = Array.from({ length: 24 }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ');
  const task = {
    id: i + 1, data: { text, domain: i % 10 === 0 ? 'finance' : 'general' },
    annotations: [
      { id: 2 * i + 1, completed_by: 3, was_cancelled: false, created_at: '2024-05-15T12:09:16Z', updated_at: '2024-05-15T12:09:16Z', result: choice('sentiment', i % 3 ? 'pos' : 'neg') },
      { id: 2 * i + 2, completed_by: 4, was_cancelled: true, created_at: '2024-05-16T12:09:16Z', updated_at: '2024-05-16T12:09:16Z', result: choice('sentiment', 'pos') },
    ],
    predictions: [
      { model_version: 'v1', score: 0.61, result: choice('sentiment', 'neg') },
      { model_version: 'v2', score: 0.83, result: choice('sentiment', 'pos') },
    ],
  };
  if (!ls.write((i ? ',\n' : '\n') + JSON.stringify(task))) await new Promise((r) => ls.once('drain', r));
}
ls.write('\n]\n');
await new Promise<void>((r) => ls.end(r));
const lsBytes = fs.statSync(lsFile).size;
const second = await fresh();
global.gc?.();
const lsRss0 = process.memoryUsage().rss;
let lsPeak = lsRss0;
const lsSampler = setInterval(() => { lsPeak = Math.max(lsPeak, process.memoryUsage().rss); }, 10);
t0 = performance.now();
const lsReport = await importFile(second.booted.deps, { projectId: second.projectId, userId: null, file: lsFile, format: 'labelstudio', mode: 'all' });
const lsMs = performance.now() - t0;
clearInterval(lsSampler);
lsPeak = Math.max(lsPeak, process.memoryUsage().rss);
if (!lsReport.committed || lsReport.imported !== N || lsReport.warningKinds.chosen !== N) throw new Error(`LS import failed: ${JSON.stringify(lsReport).slice(0, 300)}`);
await second.booted.database.close();
return { lsMs, lsPeak, lsBytes };
}
fs.rmSync(dir, { recursive: true, force: true });
if (url) for (const schema of schemas) await dropPgSchema(url, schema);

const ms = (value: number) => ({ value, unit: 'ms' });
report('import', {
  [`import_${size}_ms`]: ms(importMs),
  [`import_${size}_cpu_ms`]: ms(importCpuMs),
  [`import_${size}_peak_mb`]: { value: peak / 1048576, unit: 'MB' },
  [`import_${size}_peak_growth_mb`]: { value: (peak - rss0) / 1048576, unit: 'MB' },
  [`import_${size}_peak_heap_used_mb`]: { value: atPeak.heapUsed / 1048576, unit: 'MB' },
  [`import_${size}_peak_heap_total_mb`]: { value: atPeak.heapTotal / 1048576, unit: 'MB' },
  [`import_${size}_peak_external_mb`]: { value: atPeak.external / 1048576, unit: 'MB' },
  [`import_${size}_peak_other_mb`]: { value: (atPeak.rss - atPeak.heapTotal - atPeak.external) / 1048576, unit: 'MB' },
  health_p50_during_import_ms: ms(pct(0.5)),
  health_p99_during_import_ms: ms(pct(0.99)),
  health_max_during_import_ms: ms(health[health.length - 1]),
  health_polls_during_import: { value: health.length, unit: 'requests' },
  health_p99_idle_ms: ms(idle[Math.floor(0.99 * idle.length)]),
  claim_p50_during_import_ms: ms(pctOf(claimsDuring, 0.5)),
  claim_p99_during_import_ms: ms(pctOf(claimsDuring, 0.99)),
  claims_during_import: { value: claimsDuring.length, unit: 'requests' },
  claim_p50_idle_ms: ms(pctOf(claimsIdle, 0.5)),
  claim_p99_idle_ms: ms(pctOf(claimsIdle, 0.99)),
  [`clear_${size}_ms`]: ms(clearing.ms),
  health_p50_during_clearing_ms: ms(clearing.healthP50),
  health_p99_during_clearing_ms: ms(clearing.healthP99),
  claim_p50_during_clearing_ms: ms(clearing.claimP50),
  claim_p99_during_clearing_ms: ms(clearing.claimP99),
  baseline_read_split_ms: ms(baselineMs),
  import_over_baseline: { value: importMs / baselineMs, unit: 'x' },
  file_mb: { value: bytes / 1048576, unit: 'MB' },
  load_avg_before_import: { value: load0, unit: 'load' },
  load_avg_after_import: { value: load1, unit: 'load' },
  ...(full ? {
    [`reimport_${size}_unchanged_ms`]: ms(reimportMs),
    [`import_ls_${size}_ms`]: ms(ls100k!.lsMs),
    [`import_ls_${size}_peak_mb`]: { value: ls100k!.lsPeak / 1048576, unit: 'MB' },
    ls_file_mb: { value: ls100k!.lsBytes / 1048576, unit: 'MB' },
  } : {}),
}, {
  [`import_${size}_ms`]: `${N} JSONL rows, ${engine}, validate + stage + publish (target: 100k < 5000, 1m < 60000)`,
  [`import_${size}_cpu_ms`]: 'CPU time of this process during the import (the health polls included; SQLite runs in it, PostgreSQL does not)',
  [`import_${size}_peak_mb`]: 'peak RSS of the process during the import (target < 500)',
  [`import_${size}_peak_heap_used_mb`]: 'at the peak RSS: V8 heap in use (live and not yet collected); heap_total is what V8 holds, external the Buffers and strings outside it',
  [`import_${size}_peak_other_mb`]: 'at the peak RSS: neither V8 heap nor Buffers (code, native allocations, freed memory the allocator kept)',
  health_p99_during_import_ms: `/api/health asked every 10 ms during the import, ${engine}, timed from when each was due (target < 100)`,
  health_max_during_import_ms: 'the longest wait (a batch of lines is one short transaction: 250 on SQLite; the publish is one switch)',
  health_p99_idle_ms: 'the same polling with nothing running: the baseline of the health figures',
  claim_p99_during_import_ms: `a labeler's whole next (then a skip), every 50 ms during the import, ${engine}: the import's rows (priority 0) sort before the project's 2,000 visible rows (priority -1)`,
  claim_p99_idle_ms: 'the same claims for 2 s before the import started: their baseline',
  [`clear_${size}_ms`]: 'after the switch: until every imported row is in the claim indexes (its import id cleared in the background, best rows first)',
  health_p99_during_clearing_ms: '/api/health every 10 ms meanwhile (compare health_p99_idle_ms)',
  [`import_ls_${size}_ms`]: `${N} Label Studio tasks (2 annotations, one cancelled, 2 scored predictions each), ${engine} (target < 10000)`,
  baseline_read_split_ms: 'read + split the same bytes into lines, no parsing',
  load_avg_after_import: `the machine's 1-minute load average (${os.cpus().length} cores): wall times and waits stretch with it, CPU time much less`,
});
