import type { Kysely } from 'kysely';

/**
 * Reads that keep pooled connections past the request that began them (a PostgreSQL export's snapshot
 * lasts as long as its download): ended before the pool is, so closing the database never waits for a
 * download whose client stopped reading without going away.
 */
const held = new WeakMap<Kysely<any>, Set<() => Promise<void>>>();

/** Registers `end` to run if the database closes first; the returned function unregisters it. */
export function holdUntilClose(db: Kysely<any>, end: () => Promise<void>): () => void {
  let set = held.get(db);
  if (!set) held.set(db, (set = new Set()));
  set.add(end);
  return () => { set.delete(end); };
}

/** Ends every held read of `db` (each end must not throw). */
export async function endHeldReads(db: Kysely<any>): Promise<void> {
  const set = held.get(db);
  if (set) await Promise.all([...set].map((end) => end()));
}
