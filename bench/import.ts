/**
 * Import suite: 100,000 JSONL rows (text + a classification prelabel) into a fresh SQLite project via the
 * same service the route uses; baseline: reading and splitting the same bytes into lines without parsing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { boot } from '../server/boot.js';
import { insertProject } from '../server/repos/projects.js';
import { insertUser } from '../server/repos/users.js';
import { importFile } from '../server/services/import/run.js';
import { lines } from '../server/services/import/sources.js';
import { schemaSchema } from '@shared/tasks/question.js';
import { DEFAULT_SETTINGS } from '@shared/project.js';
import { report } from './lib.js';

const N = Number(process.env.BENCH_ROWS ?? 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-bench-import-'));
const file = path.join(dir, 'rows.jsonl');
const words = 'the quarterly revenue grew while costs fell and the model answered with a confident but wrong claim'.split(' ');
const out = fs.createWriteStream(file);
for (let i = 0; i < N; i++) {
  const text = Array.from({ length: 24 }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ');
  const row = { id: `ext-${i}`, data: { text, domain: i % 10 === 0 ? 'finance' : 'general' }, ...(i % 2 ? { prelabels: { sentiment: { labels: [i % 4 === 1 ? 'pos' : 'neg'] } } } : {}) };
  out.write(JSON.stringify(row) + '\n');
}
await new Promise<void>((r) => out.end(r));
const bytes = fs.statSync(file).size;

async function fresh() {
  const booted = await boot({ dataDir: fs.mkdtempSync(path.join(dir, 'db-')) });
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
global.gc?.();
const rss0 = process.memoryUsage().rss;
let peak = rss0;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 10);
t0 = performance.now();
const r = await importFile(booted.deps, { projectId, userId: null, file, format: 'jsonl', mode: 'all' });
const importMs = performance.now() - t0;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
if (!r.committed || r.imported !== N) throw new Error(`import failed: ${JSON.stringify(r).slice(0, 300)}`);

// Re-import of the same file: everything unchanged.
t0 = performance.now();
const again = await importFile(booted.deps, { projectId, userId: null, file, format: 'jsonl', mode: 'all' });
const reimportMs = performance.now() - t0;
if (again.unchanged !== N) throw new Error('re-import changed rows');
await booted.database.close();

// A Label Studio export of N tasks, each with two annotations (one cancelled) and two scored predictions.
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
fs.rmSync(dir, { recursive: true, force: true });

report('import', {
  import_100k_ms: { value: importMs, unit: 'ms' },
  import_100k_peak_mb: { value: peak / 1048576, unit: 'MB' },
  import_100k_peak_growth_mb: { value: (peak - rss0) / 1048576, unit: 'MB' },
  reimport_100k_unchanged_ms: { value: reimportMs, unit: 'ms' },
  baseline_read_split_ms: { value: baselineMs, unit: 'ms' },
  import_over_baseline: { value: importMs / baselineMs, unit: 'x' },
  file_mb: { value: bytes / 1048576, unit: 'MB' },
  import_ls_100k_ms: { value: lsMs, unit: 'ms' },
  import_ls_100k_peak_mb: { value: lsPeak / 1048576, unit: 'MB' },
  ls_file_mb: { value: lsBytes / 1048576, unit: 'MB' },
}, {
  import_ls_100k_ms: `${N} Label Studio tasks (2 annotations, one cancelled, 2 scored predictions each), SQLite (target < 10000)`,
  import_ls_100k_peak_mb: 'peak RSS of the process during the Label Studio import (target < 500)',
  import_100k_ms: `${N} JSONL rows, SQLite, validate + insert (target < 5000)`,
  import_100k_peak_mb: 'peak RSS of the process during the import',
  baseline_read_split_ms: 'read + split the same bytes into lines, no parsing',
});
