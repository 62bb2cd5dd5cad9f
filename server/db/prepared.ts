import type { Compilable, CompiledQuery, Kysely, QueryResult, RawBuilder } from 'kysely';
import type { DB } from './types.js';

/** Stands for an argument while the query is compiled; replaced by the caller's value on each run. */
class Slot {
  constructor(readonly name: string) {}
}

const hot = new Set<string>();

/** Whether this SQL text is one of the hot statements (Postgres then keeps it prepared: see pg-pool.ts). */
export const isHotSql = (sqlText: string): boolean => hot.has(sqlText);

/** Marks a hot statement written as raw SQL. */
export const markHot = (sqlText: string): void => { hot.add(sqlText); };

const unread = new Set<string>();

/** Whether this SQL text is a hot statement whose answer nobody reads (Postgres need not wait for it: pg-pool.ts). */
export const isUnreadSql = (sqlText: string): boolean => unread.has(sqlText);

const committing = new Set<string>();

/** Whether this SQL text ends its transaction (Postgres sends COMMIT with it: pg-pool.ts). */
export const isCommittingSql = (sqlText: string): boolean => committing.has(sqlText);

/**
 * Marks a committing statement's text apart from the same statement run mid-transaction: the pool knows a
 * statement only by its text, and one query may be the last of one transaction and not of another.
 */
const COMMITTING_MARK = ' /* then commit */';

interface Compiled { sql: string; query: CompiledQuery['query']; params: ((args: Record<string, unknown>) => unknown)[] }

/**
 * A hot query built and compiled once per database dialect, with named slots for its arguments. Kysely
 * otherwise rebuilds and recompiles the same SQL on every call, which on the claim and submit paths costs
 * more than running the statement. Only for queries whose shape does not depend on the arguments.
 * `unread`: the caller never reads the answer (a lock): inside a transaction on Postgres it resolves at
 * once, with no rows, and an error it meets fails the transaction's next statement instead.
 * `commits`: the statement is its transaction's last: on Postgres COMMIT goes out with it, so the write and
 * its commit cost one round trip. Nothing may run in the transaction after it, and once it succeeded the
 * transaction is committed whatever the caller does next, so a caller may only throw after it where the
 * statement wrote nothing (if it fails, the COMMIT finds the transaction aborted and rolls it back).
 * Outside a transaction, and on SQLite, it is an ordinary statement.
 */
export function prepared<A extends Record<string, unknown>, R>(
  build: (db: Kysely<DB>, arg: <K extends keyof A & string>(name: K) => A[K]) => Compilable<R> | RawBuilder<R>,
  opts: { unread?: boolean; commits?: boolean } = {},
): (db: Kysely<DB>, args: A) => Promise<QueryResult<R>> {
  // Keyed by the adapter: one per Kysely instance and shared by its transactions, and it decides the SQL.
  const byAdapter = new WeakMap<object, Compiled>();
  return (db, args) => {
    const adapter = db.getExecutor().adapter;
    let c = byAdapter.get(adapter);
    if (!c) {
      // A raw sql`` statement compiles against the database it runs on; query builders already know theirs.
      const q = build(db, ((name: string) => new Slot(name)) as never).compile(db);
      const text = opts.commits ? q.sql + COMMITTING_MARK : q.sql;
      c = {
        sql: text, query: q.query,
        params: q.parameters.map((v) => (v instanceof Slot ? (a: Record<string, unknown>) => a[v.name] : () => v)),
      };
      byAdapter.set(adapter, c);
      hot.add(text);
      if (opts.unread) unread.add(text);
      if (opts.commits) committing.add(text);
    }
    const parameters = c.params.map((f) => f(args));
    return db.executeQuery<R>({ sql: c.sql, query: c.query, parameters, queryId: { queryId: '' } } as CompiledQuery<R>);
  };
}
