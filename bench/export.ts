/**
 * Export suite: a 100,000-row finalized project (two labels, a QA answer and a final per row) generated
 * straight into SQLite; times the streamed JSONL export and the dashboard. Baseline: writing the same
 * bytes to a file without reading the database.
 *
 * Then the same at scale (bench/export/scale.ts): JSONL and COCO exports and the dashboard (first read
 * ever, after a restart, warm) of a project of 100,000 image rows, on PostgreSQL when DATABASE_URL is set;
 * BENCH_1M=1 makes it 1,000,000 rows (tens of minutes on a loaded machine); BENCH_SCALE_ONLY=1 runs that
 * part alone. The scale part runs in a process of its own, so its peak RSS is its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { boot } from '../server/boot.js';
import { insertProject, getProject } from '../server/repos/projects.js';
import { insertUser } from '../server/repos/users.js';
import { runExport } from '../server/services/export/run.js';
import { computeDashboard } from '../server/services/dashboard/compute.js';
import { peopleQuality } from '../server/services/quality/people.js';
import { schemaSchema } from '@shared/tasks/question.js';
import { DEFAULT_SETTINGS } from '@shared/project.js';
import { report, timeMsAsync } from './lib.js';
import { scaleFiguresApart } from './export/scale.js';

const N = Number(process.env.BENCH_ROWS ?? 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-bench-export-'));
const scaleN = process.env.BENCH_1M ? 1_000_000 : N;
const scaleSize = scaleN >= 1_000_000 ? `${scaleN / 1_000_000}m` : `${Math.round(scaleN / 1000)}k`;
// BENCH_SCALE_ONLY=1: the scale part alone (a million-row run without the 100k part before it).
if (process.env.BENCH_SCALE_ONLY) {
  const scale = await scaleFiguresApart(dir, scaleN, scaleSize);
  fs.rmSync(dir, { recursive: true, force: true });
  report('export-scale', scale.figures, scale.notes);
  process.exit(0);
}
const booted = await boot({ dataDir: dir });
const { db } = booted.deps;
const now = Date.UTC(2026, 10, 1);
const users: number[] = [];
// 50 people, as a team labeling 100,000 rows would be (the per-person view is measured over them).
const PEOPLE = 50;
for (let i = 0; i < PEOPLE; i++) users.push(await insertUser(db, { email: `u${i}@x.org`, name: `User ${i}`, passwordHash: 'x', isAdmin: false, now }));
const schema = schemaSchema.parse([
  { id: 'sentiment', type: 'classification', title: 'S', config: { field: 'text', labels: ['pos', 'neg', 'neutral'] } },
  { id: 'quality', type: 'rating', title: 'Q', config: { criteria: [{ id: 'clarity', title: 'Clarity' }, { id: 'accuracy', title: 'Accuracy' }] } },
]);
const projectId = await insertProject(db, { name: 'bench', description: '', schema, settings: DEFAULT_SETTINGS, createdBy: users[0], now });
await db.insertInto('project_members').values(users.map((u) => ({ project_id: projectId, user_id: u, role: 'annotator' as const, added_at: now }))).execute();

const labels = ['pos', 'neg', 'neutral'];
const ans = (i: number, k: number) => JSON.stringify({ sentiment: { labels: [labels[(i + (k === 1 && i % 5 === 0 ? 1 : 0)) % 3]] }, quality: { scores: { clarity: 1 + ((i + k) % 5), accuracy: 1 + (i % 5) }, rationale: '' } });
const B = 1000;
/** Rows from..to-1: finalized, two labels, a QA answer and a final each. */
async function addRows(from: number, to: number) {
  for (let start = from; start < to; start += B) {
    await db.transaction().execute(async (tx) => {
      const n = Math.min(B, to - start);
      const rows = await tx.insertInto('rows').values(Array.from({ length: n }, (_, j) => {
        const i = start + j;
        return {
          project_id: projectId, external_id: `ext-${i}`, data_json: JSON.stringify({ text: `Row ${i}: the model said the revenue grew ${i % 17}% last quarter.` }),
          prelabels_json: null, expertise_json: '[]', priority: 0, state: 'final' as const, round: 1, labels_taken: 2, labels_done: 2, qa_taken: 0,
          agreement_json: null, agree: null, round_note: null, final_id: null, created_at: now, updated_at: now,
        };
      })).returning('id').execute();
      const ids = rows.map((r) => Number(r.id));
      const asg: Array<{ row: number; kind: 'label' | 'qa'; user: number; i: number; k: number }> = [];
      ids.forEach((id, j) => { const i = start + j; for (let k = 0; k < 3; k++) asg.push({ row: id, kind: k < 2 ? 'label' : 'qa', user: users[(i + k) % PEOPLE], i, k }); });
      for (let s = 0; s < asg.length; s += 500) {
        const part = asg.slice(s, s + 500);
        const at = (x: typeof part[number]) => now + x.i * 20_000 + x.k * 5000;
        const aIds = await tx.insertInto('assignments').values(part.map((x) => ({
          row_id: x.row, project_id: projectId, round: 1, kind: x.kind, user_id: x.user, status: 'submitted' as const,
          claimed_at: at(x) - 1000, heartbeat_at: at(x), expires_at: at(x) + 1_800_000, finished_at: at(x), release_reason: null, draft_json: null,
        }))).returning('id').execute();
        await tx.insertInto('answers').values(part.map((x, m) => ({
          assignment_id: Number(aIds[m].id), row_id: x.row, project_id: projectId, user_id: x.user, kind: x.kind, round: 1,
          answer_json: ans(x.i, x.k), best_effort: 0, active_ms: 20_000 + (x.i % 7) * 1000, guideline_version: 1,
          client_submission_id: `b-${x.i}-${x.k}`, prelabel_json: x.kind === 'label' ? JSON.stringify({ sentiment: x.i % 3 ? 'kept' : 'changed', quality: 'none' }) : null, created_at: at(x),
        }))).execute();
      }
      const finals = await tx.insertInto('finals').values(ids.map((id, j) => ({
        row_id: id, project_id: projectId, round: 1, answer_json: ans(start + j, 0), source: 'qa' as const, choices_json: JSON.stringify({ sentiment: 'l1', quality: 'l1' }),
        decided_by: users[(start + j + 2) % PEOPLE], qa_assignment_id: null, guideline_version: 1, created_at: now + (start + j) * 20_000 + 15_000,
      }))).returning(['id', 'row_id']).execute();
      for (const f of finals) await tx.updateTable('rows').set({ final_id: Number(f.id) }).where('id', '=', Number(f.row_id)).execute();
    });
  }
}
/** Gold rows answered by every person, scored per question (half right), as the submit stores them. */
async function addGold(n: number) {
  await db.transaction().execute(async (tx) => {
    const rows = await tx.insertInto('rows').values(Array.from({ length: n }, (_, i) => ({
      project_id: projectId, external_id: `gold-${i}`, data_json: JSON.stringify({ text: `Gold ${i}` }), prelabels_json: null, expertise_json: '[]', priority: 0,
      state: 'gold' as const, round: 1, labels_taken: 0, labels_done: 0, qa_taken: 0, agreement_json: null, agree: null, round_note: null, final_id: null, created_at: now, updated_at: now,
    }))).returning('id').execute();
    for (const [g, r] of rows.entries()) {
      const at = now + g * 60_000;
      const aIds = await tx.insertInto('assignments').values(users.map((u) => ({
        row_id: Number(r.id), project_id: projectId, round: 1, kind: 'label' as const, user_id: u, status: 'submitted' as const,
        claimed_at: at, heartbeat_at: at, expires_at: at + 1_800_000, finished_at: at, release_reason: null, draft_json: null,
      }))).returning('id').execute();
      const given = await tx.insertInto('answers').values(users.map((u, k) => ({
        assignment_id: Number(aIds[k].id), row_id: Number(r.id), project_id: projectId, user_id: u, kind: 'label' as const, round: 1, answer_json: ans(g, k % 2),
        best_effort: 0, active_ms: 20_000, guideline_version: 1, client_submission_id: `g-${g}-${k}`, prelabel_json: null, created_at: at,
      }))).returning('id').execute();
      await tx.insertInto('gold_answers').values(users.map((u, k) => ({ answer_id: Number(given[k].id), project_id: projectId, row_id: Number(r.id), user_id: u, score: k % 2 ? 0.5 : 1, correct: k % 2 ? 0 : 1, created_at: at }))).execute();
      await tx.insertInto('gold_scores').values(users.flatMap((u, k) => ['sentiment', 'quality'].map((q) => ({
        answer_id: Number(given[k].id), project_id: projectId, user_id: u, question_id: q, score: k % 2 && q === 'sentiment' ? 0 : 1, agree: k % 2 && q === 'sentiment' ? 0 : 1, created_at: at,
      })))).execute();
    }
  });
}


const t0gen = performance.now();
await addRows(0, N);
const genMs = performance.now() - t0gen;
const project = (await getProject(db, projectId))!;

const out = path.join(dir, 'export.jsonl');
let peak = 0;
let bytes = 0;
async function exportOnce() {
  const ws = fs.createWriteStream(out);
  bytes = 0;
  for await (const c of runExport(booted.deps, project, { format: 'jsonl', state: 'final', raw: false }).chunks) {
    bytes += c.length;
    if (!ws.write(c)) await new Promise((r) => ws.once('drain', r));
  }
  await new Promise<void>((r) => ws.end(r));
}
global.gc?.();
const rss0 = process.memoryUsage().rss;
peak = rss0;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 10);
const exportMs = await timeMsAsync(exportOnce, { runs: 3, warmup: 1 });
clearInterval(sampler);
const lines = fs.readFileSync(out, 'utf8').split('\n').filter(Boolean);
if (lines.length !== N) throw new Error(`exported ${lines.length} rows`);

// Baseline: the same bytes written in the same chunk sizes, no database.
const chunk = fs.readFileSync(out, 'utf8');
const pieces: string[] = [];
for (let i = 0; i < chunk.length; i += 256 * 300) pieces.push(chunk.slice(i, i + 256 * 300));
const baselineMs = await timeMsAsync(async () => {
  const ws = fs.createWriteStream(path.join(dir, 'baseline.jsonl'));
  for (const p of pieces) if (!ws.write(p)) await new Promise((r) => ws.once('drain', r));
  await new Promise<void>((r) => ws.end(r));
}, { runs: 3, warmup: 1 });

// First read: folds every answer and final into the dashboard's counters (once per answer, ever).
const t0first = performance.now();
await computeDashboard(db, project);
const dashboardFirstMs = performance.now() - t0first;
// Every later read recomputes every figure from the database (nothing kept in memory between reads).
const dashboardMs = await timeMsAsync(() => computeDashboard(db, project), { runs: 5, warmup: 1 });
// Issue 18 item 10: a week in hours and the whole month in days, each summed from its days' counters.
const dashboardWeekHoursMs = await timeMsAsync(() => computeDashboard(db, project, { from: '2026-11-03', to: '2026-11-09', bucket: 'hour' }), { runs: 5, warmup: 1 });
const dashboardMonthMs = await timeMsAsync(() => computeDashboard(db, project, { from: '2026-11-01', to: '2026-11-30', bucket: 'day' }), { runs: 5, warmup: 1 });
// The per-person quality view (issue 16) over the same project, with 100 gold rows each answered by every person.
await addGold(100);
const peopleMs = await timeMsAsync(async () => {
  const q = await peopleQuality(db, project);
  if (q.people.length !== PEOPLE || q.people[0].gold.n !== 100) throw new Error('per-person view counted wrong');
}, { runs: 5, warmup: 1 });
// A lead's steady read while people work: 10 more rows (20 labels, 10 QA answers, 10 finals) before each.
let added = N;
const smallNew: number[] = [];
for (let i = 0; i < 5; i++) {
  await addRows(added, added + 10);
  added += 10;
  const t = performance.now();
  await computeDashboard(db, project);
  smallNew.push(performance.now() - t);
}
const dashboardSmallNewMs = smallNew.sort((a, b) => a - b)[2];
// After a burst: 1,000 more rows (2,000 labels, 1,000 QA answers, 1,000 finals) folded on the read that sees them.
await addRows(added, added + 1000);
added += 1000;
const t0new = performance.now();
const afterNew = await computeDashboard(db, project);
const dashboardNewMs = performance.now() - t0new;
if (afterNew.agreement[0].rows !== added) throw new Error('dashboard missed the new rows');
const d = await computeDashboard(db, project);
if (d.rows !== added || d.agreement[0].rows !== added) throw new Error('dashboard counted wrong');

await booted.database.close();
const scale = await scaleFiguresApart(dir, scaleN, scaleSize);
if (process.env.BENCH_KEEP) console.log(`kept ${dir}`); else fs.rmSync(dir, { recursive: true, force: true });
report('export', {
  export_jsonl_100k_ms: { value: exportMs, unit: 'ms' },
  export_100k_peak_mb: { value: peak / 1048576, unit: 'MB' },
  export_100k_peak_growth_mb: { value: (peak - rss0) / 1048576, unit: 'MB' },
  dashboard_100k_ms: { value: dashboardMs, unit: 'ms' },
  dashboard_100k_week_in_hours_ms: { value: dashboardWeekHoursMs, unit: 'ms' },
  dashboard_100k_month_range_ms: { value: dashboardMonthMs, unit: 'ms' },
  people_100k_ms: { value: peopleMs, unit: 'ms' },
  people_over_dashboard: { value: peopleMs / dashboardMs, unit: 'x' },
  dashboard_100k_first_read_ms: { value: dashboardFirstMs, unit: 'ms' },
  dashboard_100k_after_10_new_rows_ms: { value: dashboardSmallNewMs, unit: 'ms' },
  dashboard_100k_after_1k_new_rows_ms: { value: dashboardNewMs, unit: 'ms' },
  baseline_write_same_bytes_ms: { value: baselineMs, unit: 'ms' },
  export_over_baseline: { value: exportMs / baselineMs, unit: 'x' },
  export_mb: { value: bytes / 1048576, unit: 'MB' },
  generate_100k_ms: { value: genMs, unit: 'ms' },
  ...scale.figures,
}, {
  ...scale.notes,
  export_jsonl_100k_ms: `${N} finalized rows with provenance, SQLite (target < 3000)`,
  dashboard_100k_ms: 'every figure recomputed from the running counters, nothing new to fold (target < 500)',
  dashboard_100k_week_in_hours_ms: 'a 7-day range in 168 hour buckets: figures from the days\' counters, series from the hours\' (target < 500)',
  dashboard_100k_month_range_ms: 'a 30-day range (the whole of the rows\' 23 days) in day buckets (target < 500)',
  people_100k_ms: `the per-person quality view (gold per day and per question, peers and kappa per pair, QA kept per question, speed, flags) over ${N} rows and ${PEOPLE} people, counters warm (target < 500)`,
  people_over_dashboard: 'the per-person view against the dashboard read of the same run (its baseline)',
  dashboard_100k_first_read_ms: 'the first read ever: also folds 300k answers and 100k finals into the counters (once)',
  dashboard_100k_after_10_new_rows_ms: 'median read after 10 new rows (20 labels, 10 QA answers, 10 finals): folds just those',
  dashboard_100k_after_1k_new_rows_ms: 'a read after 2,000 new labels, 1,000 QA answers and 1,000 finals: folds just those',
  baseline_write_same_bytes_ms: 'write the exported bytes again, no database',
});
