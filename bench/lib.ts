/**
 * Helpers every benchmark suite shares: time a function, print a table, write bench/results/<suite>.json
 * as `{ suite, figures: { name: { value, unit } } }` (see DESIGN.md "Benchmarks").
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Figure {
  value: number;
  unit: string;
}
export type Figures = Record<string, Figure>;

export const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results');

/**
 * Median wall time in ms of `runs` calls after `warmup` calls. The median, not the mean, so one GC pause
 * or scheduler hiccup on a shared machine does not decide the figure.
 */
export function timeMs(fn: () => unknown, { runs = 5, warmup = 1 }: { runs?: number; warmup?: number } = {}): number {
  let sink: unknown;
  for (let i = 0; i < warmup; i++) sink = fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    sink = fn();
    times.push(performance.now() - t0);
  }
  keep(sink);
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

/** Async variant of `timeMs`. */
export async function timeMsAsync(fn: () => Promise<unknown>, { runs = 5, warmup = 1 }: { runs?: number; warmup?: number } = {}): Promise<number> {
  for (let i = 0; i < warmup; i++) keep(await fn());
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    keep(await fn());
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

/**
 * CPU time (user + system) this process spent since `from`, in ms: beside a wall time on a machine other
 * work loads, it shows how much of that time was this process's own work.
 */
export const cpuMs = (from: NodeJS.CpuUsage) => { const d = process.cpuUsage(from); return (d.user + d.system) / 1000; };

let blackhole: unknown;
/** Keeps a result observable so the JIT cannot drop the work that made it. */
export function keep(x: unknown): void {
  blackhole = x;
}
export const kept = () => blackhole;

/** Rounds for display and storage: 3 significant decimals below 10, fewer above. */
export function round(v: number): number {
  if (!Number.isFinite(v)) return v;
  const a = Math.abs(v);
  const d = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : 3;
  return Number(v.toFixed(d));
}

/** Prints the figures as an aligned table (with optional notes per figure) and writes the results file. */
export function report(suite: string, figures: Figures, notes: Record<string, string> = {}): string {
  const rows = Object.entries(figures).map(([name, f]) => [name, String(round(f.value)), f.unit, notes[name] ?? '']);
  const head = ['figure', 'value', 'unit', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 1 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  console.log(`\n== bench: ${suite} ==`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  ').trimEnd());
  for (const r of rows) console.log(line(r));
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${suite}.json`);
  const rounded = Object.fromEntries(Object.entries(figures).map(([k, f]) => [k, { value: round(f.value), unit: f.unit }]));
  writeFileSync(file, JSON.stringify({ suite, figures: rounded }, null, 2) + '\n');
  console.log(`-> ${file}`);
  return file;
}

export { rng } from '../shared/random';

/**
 * Runs `file` (a suite's own module URL) again in a child process with the same loader flags, with
 * `env[envName]` set to `cfg` as JSON, and resolves with the JSON the child prints on a `RESULT ` line.
 * Load clients run this way so they do not share the measured server's event loop.
 */
export function runSelf<T>(fileUrl: string, envName: string, cfg: object): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(fileUrl)], {
      env: { ...process.env, [envName]: JSON.stringify(cfg) }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.on('data', (d) => { text += d; });
    child.on('exit', (code) => {
      const line = text.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) reject(new Error(`load client failed (exit ${code}): ${text.slice(-500)}`));
      else resolve(JSON.parse(line.slice(7)) as T);
    });
  });
}
