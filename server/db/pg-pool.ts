import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { isCommittingSql, isHotSql, isUnreadSql } from './prepared.js';

type Result = Awaited<ReturnType<PostgresPoolClient['query']>>;
type Corkable = { cork(): void; uncork(): void };

const noop = () => {};
const BEGIN_RESULT = { command: 'BEGIN', rowCount: null, rows: [] } as unknown as Result;
const UNREAD_RESULT = { command: 'SELECT', rowCount: 1, rows: [] } as unknown as Result;
/** Plain reads among the hot statements: safe to run should the BEGIN sent before them have failed. */
const isHotRead = (q: string) => isHotSql(q) && /^select\s/i.test(q);

/**
 * A pg pool for Kysely that saves round trips, the main cost of the claim and submit paths on Postgres
 * (each one a socket write, a wake-up of the backend and one of Node, on a machine where CPU is scarce):
 *
 * - The hot statements (those of `prepared()`) run as named prepared statements. Kysely sends every query
 *   unnamed, so Postgres parses and plans it each time: on the claim and submit statements planning takes
 *   three times as long as running them. Named statements are prepared once per connection; only the fixed
 *   set of hot texts is named, so the number of statements a connection keeps stays small.
 * - With pg's pipeline mode (`pipeline: true`, connection.ts), a transaction's BEGIN is not waited for: it
 *   is held in the socket's buffer (cork) and goes out in one write with the statement after it, whose
 *   promise also carries BEGIN's outcome. So do statements whose answer nobody reads (`prepared(..,
 *   { unread: true })`, e.g. an advisory lock): their error is reported by the next statement, which the
 *   server runs only after them, so a lock is held before the next statement's snapshot is taken. Each
 *   pipelined statement has its own Sync: an error aborts the transaction, and the statements behind it
 *   fail (their errors give way to the first).
 *
 * Soundness: should BEGIN fail, what was sent behind it runs outside any transaction. So the statement
 * that carries BEGIN out must be a hot plain read (or an unread lock, which then holds nothing), or a
 * committing statement: behind BEGIN and plain reads it is the transaction's only write, and one statement
 * is atomic on its own, so it then runs whole or not at all (the locks before it lasting only their own
 * statement). That makes a transaction of locks and reads followed by one committing write a single round
 * trip. Any other first statement waits for BEGIN's answer, as without pipelining. A connection is never
 * handed back with BEGIN unsent: release sends it with a ROLLBACK.
 *
 * A committing statement (`prepared(.., { commits: true })`) goes out with the transaction's COMMIT in one
 * write; Kysely's COMMIT that follows is answered by that one (and a ROLLBACK too: should the statement
 * have failed, the COMMIT found the transaction aborted and rolled it back). Any other statement after it
 * in the transaction is a programming error and is refused. Cursors (pg-cursor) are refused in pipeline mode: stream
 * with keyset pages, as the exports do. Without pipeline mode or a corkable socket (another pg version or
 * pg-native) every statement simply waits for the one before.
 */
export function namedStatementPool(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const send = (q: unknown, values?: readonly unknown[]): Promise<Result> => {
      if (typeof q !== 'string' || !isHotSql(q)) return client.query(q as never, values as unknown[]) as unknown as Promise<Result>;
      let name = names.get(q);
      if (!name) names.set(q, (name = `triad_${names.size + 1}`));
      return client.query({ name, text: q, values: values as unknown[] }) as unknown as Promise<Result>;
    };
    const stream = (client as unknown as { connection?: { stream?: Partial<Corkable> } }).connection?.stream;
    const pipelined = (client as unknown as { pipeline?: boolean }).pipeline === true
      && typeof stream?.cork === 'function' && typeof stream.uncork === 'function';
    if (!pipelined) return { query: send as unknown as PostgresPoolClient['query'], release: () => client.release() };
    const sock = stream as Corkable;
    // Sent into the corked socket, answers not yet awaited: BEGIN first (if `beginHeld`), then unread statements.
    let held: Promise<unknown>[] = [];
    let beginHeld = false;
    let inTx = false;
    /** The COMMIT sent with a committing statement, until Kysely ends the transaction. */
    let committed: Promise<Result> | null = null;
    const hold = (q: string, values?: readonly unknown[]) => {
      if (!held.length) sock.cork();
      const p = send(q, values);
      p.catch(noop); // reported by the statement that flushes it
      held.push(p);
    };
    /** Sends a statement, with COMMIT behind it when it is a committing one, in one write with what is held. */
    const out = (q: unknown, values: readonly unknown[] | undefined, commit: boolean): Promise<Result> => {
      if (!held.length && !commit) return send(q, values);
      if (!held.length) sock.cork();
      let p: Promise<Result>;
      try {
        p = send(q, values);
        if (commit) {
          committed = client.query('commit') as unknown as Promise<Result>;
          committed.catch(noop); // answered when Kysely commits
          inTx = false;
        }
      } finally {
        sock.uncork();
      }
      return p;
    };
    const flush = (q: unknown, values: readonly unknown[] | undefined, commit: boolean): Promise<Result> => {
      const before = held;
      const safe = !beginHeld || commit || (typeof q === 'string' && isHotRead(q));
      beginHeld = false;
      if (!safe) {
        held = [];
        sock.uncork();
        return Promise.all(before).then(() => out(q, values, commit));
      }
      const p = out(q, values, commit);
      held = [];
      return Promise.all([...before, p]).then((rs) => rs[rs.length - 1] as Result);
    };
    return {
      query: ((q: unknown, values?: readonly unknown[]) => {
        if (committed) {
          // The transaction ended with its committing statement: only Kysely's COMMIT or ROLLBACK may follow.
          const c = committed;
          committed = null;
          if (q === 'commit' || q === 'rollback') return c;
          return Promise.reject(new Error('a statement ran after its transaction\'s committing statement'));
        }
        if (q === 'begin' && !inTx && !held.length) {
          inTx = beginHeld = true;
          hold(q);
          return Promise.resolve(BEGIN_RESULT);
        }
        if (q === 'commit' || q === 'rollback') inTx = false;
        const commit = inTx && typeof q === 'string' && isCommittingSql(q);
        // An unread statement behind a held BEGIN would run alone should BEGIN fail: only a plain read may.
        if (inTx && !commit && typeof q === 'string' && isUnreadSql(q) && (!beginHeld || isHotRead(q))) {
          hold(q, values);
          return Promise.resolve(UNREAD_RESULT);
        }
        return held.length ? flush(q, values, commit) : out(q, values, commit);
      }) as unknown as PostgresPoolClient['query'],
      release: () => {
        // Kysely ends every transaction before releasing its connection; should anything still be held,
        // it goes out with a ROLLBACK, so the pool never hands out a connection inside a transaction.
        committed = null;
        if (held.length || inTx) {
          held = [];
          beginHeld = inTx = false;
          client.query('rollback').catch(noop);
          sock.uncork();
        }
        client.release();
      },
    };
  };
  return {
    async connect() {
      const client = await pool.connect();
      let w = wrappers.get(client);
      if (!w) wrappers.set(client, (w = wrap(client)));
      return w;
    },
    end: () => pool.end(),
  };
}
