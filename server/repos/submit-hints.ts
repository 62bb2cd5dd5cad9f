import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';

/**
 * What this process last saw of a label claim and of a person's latest label: the facts a label submit
 * otherwise reads before it writes. On Postgres a label is then written in one statement that holds
 * only if every fact is still true (`writeLabelAtOnce`); a fact gone stale (the claim was taken back
 * and given again, the person labeled through another server process) makes that statement write nothing,
 * and the submit takes its ordinary path. So these are guesses that save a round trip, never a source of
 * truth, and losing them (a restart, a full map) costs only that round trip.
 */

/**
 * A label claim as it was handed out: its row and round, when, the row's prelabels then (null: none),
 * whether it took the row's first slot (whoever claims first mostly submits first) and whether the row
 * asked for no domain.
 */
export interface ClaimFacts { rowId: number; round: number; claimedAt: number; prelabelsJson: string | null; firstSlot: boolean; noDomains: boolean }

/** A round's first label (here: one written through this process): what the round's second label is paired with. */
export interface FirstLabel { id: number; answerJson: string }

/** A person's latest label in a project: its id, answer and `same_run` (null: written before that column). */
export interface LatestLabel { id: number; answerJson: string; sameRun: number | null }

/** Each map holds at most this many entries and starts over when full (a miss costs one round trip). */
const MAX_ENTRIES = 50_000;
/** Prelabels longer than this are not kept: such a claim's submit reads them back instead. */
const MAX_PRELABELS_CHARS = 4_000;

// Keyed per database, as tests run many in one process.
const claims = new WeakMap<Kysely<DB>, Map<number, ClaimFacts>>();
const latest = new WeakMap<Kysely<DB>, Map<string, LatestLabel>>();
const firsts = new WeakMap<Kysely<DB>, Map<string, FirstLabel>>();

function mapOf<K, V>(all: WeakMap<Kysely<DB>, Map<K, V>>, db: Kysely<DB>): Map<K, V> {
  let m = all.get(db);
  if (!m) all.set(db, (m = new Map()));
  return m;
}

function put<K, V>(m: Map<K, V>, k: K, v: V): void {
  if (m.size >= MAX_ENTRIES && !m.has(k)) m.clear();
  m.set(k, v);
}

export function noteClaim(db: Kysely<DB>, assignmentId: number, facts: ClaimFacts): void {
  const m = mapOf(claims, db);
  if (facts.prelabelsJson !== null && facts.prelabelsJson.length > MAX_PRELABELS_CHARS) m.delete(assignmentId);
  else put(m, assignmentId, facts);
}

/** Takes the facts of a claim being submitted: a claim is submitted once, so they are not kept after. */
export function takeClaim(db: Kysely<DB>, assignmentId: number): ClaimFacts | undefined {
  const m = claims.get(db);
  const f = m?.get(assignmentId);
  m?.delete(assignmentId);
  return f;
}

const personKey = (projectId: number, userId: number) => `${projectId}:${userId}`;

/** Undefined: not known here (no label of theirs went through this process since it started). */
export function latestLabel(db: Kysely<DB>, projectId: number, userId: number): LatestLabel | undefined {
  return latest.get(db)?.get(personKey(projectId, userId));
}

export function noteLatestLabel(db: Kysely<DB>, projectId: number, userId: number, label: LatestLabel): void {
  put(mapOf(latest, db), personKey(projectId, userId), label);
}

const roundKey = (rowId: number, round: number) => `${rowId}:${round}`;

export function noteFirstLabel(db: Kysely<DB>, rowId: number, round: number, label: FirstLabel): void {
  put(mapOf(firsts, db), roundKey(rowId, round), label);
}

/** Takes a round's first label as the second is submitted: a round has no third. */
export function takeFirstLabel(db: Kysely<DB>, rowId: number, round: number): FirstLabel | undefined {
  const m = firsts.get(db);
  const k = roundKey(rowId, round);
  const f = m?.get(k);
  m?.delete(k);
  return f;
}
