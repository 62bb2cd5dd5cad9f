import { sql } from 'kysely';
import type { Tx } from './tables.js';

/** Rows per insert: at most 4 columns, so 4,000 parameters, under both engines' limits. */
const BATCH = 1000;

const bump = (m: Map<string, number>, k: string, by: number) => m.set(k, (m.get(k) ?? 0) + by);

/**
 * Counter deltas gathered in memory, written in one upsert per batch: the project's all-time totals
 * (the map itself), the same figures per UTC day (a date range sums its days) and the over-time series
 * per UTC hour. Day and hour entries are keyed `<day or hour>\t<counter key>`.
 */
export class Deltas extends Map<string, number> {
  readonly days = new Map<string, number>();
  readonly hours = new Map<string, number>();
  add(k: string, by = 1) {
    bump(this, k, by);
  }
  /** An all-time counter and its twin on `day`, for a dashboard limited to dates. */
  addOn(day: number, k: string, by = 1) {
    bump(this, k, by);
    bump(this.days, `${day}\t${k}`, by);
  }
  /** A series counter of one hour (the all-time day series is kept in the totals). */
  addHour(hour: number, k: string, by = 1) {
    bump(this.hours, `${hour}\t${k}`, by);
  }
}

const split = (key: string): [number, string] => {
  const tab = key.indexOf('\t');
  return [Number(key.slice(0, tab)), key.slice(tab + 1)];
};

export async function writeDeltas(tx: Tx, pid: number, d: Deltas) {
  const totals = [...d].filter(([, n]) => n !== 0).map(([k, n]) => ({ project_id: pid, k, n }));
  for (let i = 0; i < totals.length; i += BATCH) {
    await tx.insertInto('dash_counts').values(totals.slice(i, i + BATCH))
      .onConflict((oc) => oc.columns(['project_id', 'k']).doUpdateSet({ n: sql`dash_counts.n + excluded.n` })).execute();
  }
  const days = [...d.days].filter(([, n]) => n !== 0).map(([key, n]) => { const [day, k] = split(key); return { project_id: pid, day, k, n }; });
  for (let i = 0; i < days.length; i += BATCH) {
    await tx.insertInto('dash_days').values(days.slice(i, i + BATCH))
      .onConflict((oc) => oc.columns(['project_id', 'day', 'k']).doUpdateSet({ n: sql`dash_days.n + excluded.n` })).execute();
  }
  const hours = [...d.hours].filter(([, n]) => n !== 0).map(([key, n]) => { const [hour, k] = split(key); return { project_id: pid, hour, k, n }; });
  for (let i = 0; i < hours.length; i += BATCH) {
    await tx.insertInto('dash_hours').values(hours.slice(i, i + BATCH))
      .onConflict((oc) => oc.columns(['project_id', 'hour', 'k']).doUpdateSet({ n: sql`dash_hours.n + excluded.n` })).execute();
  }
}
