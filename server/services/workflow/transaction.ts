import { PostgresAdapter, type Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Engine } from '../../db/connection.js';
import { holders, expireOverdue, type Assignment } from '../../repos/assignments.js';
import { freeSlot } from '../../repos/row-queue.js';
import { writeNeeds, type RowRecord } from '../../repos/row-state.js';
import { expertiseByUser } from '../../repos/users.js';
import { missingDomains } from './rules.js';
import { refreshNeedsPg } from '../../repos/needs-refresh.js';

// The plumbing every workflow action shares: the retried transaction, lease expiry, and the domains a
// row still lacks among its holders.

export interface WorkDeps {
  db: Kysely<DB>; engine: Engine; now: () => number;
  /** Told after a submit or resolution is committed (the server keeps dashboard statistics warm with it). */
  onWork?: (projectId: number) => void;
}
export interface Caller { id: number; expertise: string[] }

/** A claim lost a race (another transaction took the slot first): the whole transaction is retried. */
export class LostRace extends Error {}

const RETRYABLE = new Set(['23505', '40001', '40P01', 'SQLITE_BUSY', 'SQLITE_CONSTRAINT_UNIQUE']);

/** A database error that means a concurrent transaction won (a unique violation, a deadlock): try again. */
export const lostToAnother = (e: unknown) => {
  const code = (e as { code?: string }).code;
  return code !== undefined && RETRYABLE.has(code);
};

/**
 * One short transaction, retried when it lost a race. On SQLite Kysely runs every transaction on the one
 * connection, so transactions are serialized; on Postgres rows are locked (`FOR UPDATE`, `SKIP LOCKED`
 * for queue picks) and a unique violation or deadlock means someone else won: try again.
 */
export async function inTx<T>(deps: WorkDeps, fn: (t: Kysely<DB>) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.db.transaction().execute(fn);
    } catch (e) {
      if (attempt < 10 && (e instanceof LostRace || lostToAnother(e))) {
        await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
        continue;
      }
      throw e;
    }
  }
}

export const parseJson = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

/**
 * Rewrites the domains a row still lacks among its current holders: the round's label slots (active or
 * submitted) and an active QA slot. Rows that never needed a domain skip the work entirely.
 */
export async function refreshNeeds(t: Kysely<DB>, row: Pick<RowRecord, 'id' | 'project_id'> & { expertise_json?: string }): Promise<void> {
  // Expertise only ever grows (flags), so a row read as needing nothing still needs nothing.
  if (row.expertise_json === '[]') return;
  if (t.getExecutor().adapter instanceof PostgresAdapter) return refreshNeedsPg(t, row.id);
  const r = await t.selectFrom('rows').select(['expertise_json', 'round', 'state']).where('id', '=', row.id).executeTakeFirstOrThrow();
  if (r.expertise_json === '[]') return;
  const hs = (await holders(t, row.id, r.round)).filter((h) => h.kind === 'label' || h.status === 'active');
  const exp = await expertiseByUser(t, hs.map((h) => h.user_id));
  await writeNeeds(t, { id: row.id, project_id: row.project_id, state: r.state }, missingDomains(JSON.parse(r.expertise_json), [...exp.values()]));
}

export async function releaseSlot(t: Kysely<DB>, a: Pick<Assignment, 'row_id' | 'project_id' | 'round' | 'kind'>, now: number) {
  await freeSlot(t, a.row_id, a.round, a.kind, now);
  await refreshNeeds(t, { id: a.row_id, project_id: a.project_id });
}

const lastSweep = new WeakMap<Kysely<DB>, Map<number, number>>();

/**
 * Lazy lease expiry (rule 8): claims sweep their project's overdue claims first, so no cron is needed.
 * Leases last minutes, so one sweep per project per second is as good as one per claim and keeps a
 * query off the hot path.
 */
export async function expireDue(t: Kysely<DB>, deps: WorkDeps, projectId: number, now: number) {
  let seen = lastSweep.get(deps.db);
  if (!seen) lastSweep.set(deps.db, (seen = new Map()));
  const last = seen.get(projectId);
  if (last !== undefined && now >= last && now - last < 1000) return;
  seen.set(projectId, now);
  for (const a of await expireOverdue(t, deps.engine, projectId, now)) {
    await releaseSlot(t, { ...a, project_id: projectId }, now);
  }
}
