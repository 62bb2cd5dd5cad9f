/**
 * What a run costs, in figures a loaded machine does not distort much: CPU time (this process, which
 * serves the API, plus the Postgres backends of its connections) and the writes to Postgres sockets, one
 * per round trip (pg-pool.ts sends what it pipelines in one write). Throughput and latency swing with
 * whatever else the machine runs; the work per request does not.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../server/db/types';

/** Names this process's Postgres connections (pg reads PGAPPNAME), so their backends can be found. */
export function nameConnections(): string {
  const name = `triad-bench-${randomUUID().slice(0, 8)}`;
  process.env.PGAPPNAME = name;
  return name;
}

let writes = 0;
const counted = new WeakSet<object>();
let hooked = false;

/** Counts the writes of every pg connection of this process to its socket from now on. */
export function countRoundTrips(): void {
  if (hooked) return;
  hooked = true;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const s = (this as unknown as { connection?: { stream?: Record<string, unknown> } }).connection?.stream;
    if (s && !counted.has(s)) {
      counted.add(s);
      for (const k of ['_write', '_writev']) {
        const f = s[k] as ((...a: unknown[]) => unknown) | undefined;
        if (f) s[k] = function (this: unknown, ...a: unknown[]) { writes++; return f.apply(this, a); };
      }
    }
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
}

const TICK_MS = 10; // Linux reports CPU time in 1/100 s

/** CPU ms used so far by each process (utime + stime of /proc/<pid>/stat); missing ones are left out. */
function cpuOf(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(f[11]) + Number(f[12])) * TICK_MS);
    } catch { /* gone, or not on this machine */ }
  }
  return out;
}

async function backends(db: Kysely<DB> | undefined, appName: string | undefined): Promise<number[]> {
  if (!db || !appName) return [];
  const r = await sql<{ pid: number }>`select pid from pg_stat_activity where application_name = ${appName}`.execute(db);
  return r.rows.map((x) => Number(x.pid));
}

export interface Costs { cpuMs: number; dbCpuMs: number; roundTrips: number }

/** Starts measuring; the returned function gives what was spent since. Postgres backends only with `db`. */
export async function meter(db?: Kysely<DB>, appName?: string): Promise<() => Promise<Costs>> {
  const cpu0 = process.cpuUsage();
  const w0 = writes;
  const db0 = cpuOf(await backends(db, appName));
  return async () => {
    const cpu = process.cpuUsage(cpu0);
    const roundTrips = writes - w0;
    const db1 = cpuOf(await backends(db, appName));
    let dbCpuMs = 0;
    // A backend that started during the run counts from zero; one that ended is lost (the pool keeps them).
    for (const [pid, ms] of db1) dbCpuMs += ms - (db0.get(pid) ?? 0);
    return { cpuMs: (cpu.user + cpu.system) / 1000, dbCpuMs, roundTrips };
  };
}
