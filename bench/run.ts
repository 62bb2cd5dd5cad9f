/**
 * `npm run bench` runs every suite (each bench/<suite>.ts other than this runner and lib.ts);
 * `npm run bench -- <suite> [<suite>…]` runs the named ones. Each suite runs in its own child process
 * (`npx tsx bench/<suite>.ts`) so one suite's heap, JIT state or open handles cannot skew the next.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const NOT_SUITES = new Set(['run', 'lib']);

const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.slice(0, -3))
  .filter((name) => !NOT_SUITES.has(name))
  .sort();

const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = asked.filter((s) => !available.includes(s));
if (unknown.length) {
  console.error(`unknown bench suite(s): ${unknown.join(', ')}; available: ${available.join(', ') || '(none)'}`);
  process.exit(2);
}
const suites = asked.length ? asked : available;
if (suites.length === 0) {
  console.error('no bench suites found in bench/');
  process.exit(2);
}

const failed: string[] = [];
for (const suite of suites) {
  const t0 = performance.now();
  const r = spawnSync('npx', ['tsx', join(here, `${suite}.ts`)], { stdio: 'inherit', cwd: join(here, '..'), env: process.env });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    failed.push(suite);
    console.error(`bench ${suite}: failed (exit ${r.status ?? r.signal}) after ${s}s`);
  } else console.log(`bench ${suite}: done in ${s}s`);
}
if (failed.length) {
  console.error(`failed suites: ${failed.join(', ')}`);
  process.exit(1);
}
