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

interface Compiled { sql: string; query: CompiledQuery['query']; params: ((args: Record<string, unknown>) => unknown)[] }

/**
 * A hot query built and compiled once per database dialect, with named slots for its arguments. Kysely
 * otherwise rebuilds and recompiles the same SQL on every call, which on the claim and submit paths costs
 * more than running the statement. Only for queries whose shape does not depend on the arguments.
 * `unread`: the caller never reads the answer (a lock): inside a transaction on Postgres it resolves at
 * once, with no rows, and an error it meets fails the transaction's next statement instead.
 */
export function prepared<A extends Record<string, unknown>, R>(
  build: (db: Kysely<DB>, arg: <K extends keyof A & string>(name: K) => A[K]) => Compilable<R> | RawBuilder<R>,
  opts: { unread?: boolean } = {},
): (db: Kysely<DB>, args: A) => Promise<QueryResult<R>> {
  // Keyed by the adapter: one per Kysely instance and shared by its transactions, and it decides the SQL.
  const byAdapter = new WeakMap<object, Compiled>();
  return (db, args) => {
    const adapter = db.getExecutor().adapter;
    let c = byAdapter.get(adapter);
    if (!c) {
      // A raw sql`` statement compiles against the database it runs on; query builders already know theirs.
      const q = build(db, ((name: string) => new Slot(name)) as never).compile(db);
      c = {
        sql: q.sql, query: q.query,
        params: q.parameters.map((v) => (v instanceof Slot ? (a: Record<string, unknown>) => a[v.name] : () => v)),
      };
      byAdapter.set(adapter, c);
      hot.add(q.sql);
      if (opts.unread) unread.add(q.sql);
    }
    const parameters = c.params.map((f) => f(args));
    return db.executeQuery<R>({ sql: c.sql, query: c.query, parameters, queryId: { queryId: '' } } as CompiledQuery<R>);
  };
}
