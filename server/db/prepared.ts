import { PostgresAdapter, type Compilable, type CompiledQuery, type Kysely, type QueryResult, type RawBuilder } from 'kysely';
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
      const inlined = adapter instanceof PostgresAdapter ? inlineConstants(q.sql, q.parameters) : { sql: q.sql, parameters: q.parameters };
      const text = opts.commits ? inlined.sql + COMMITTING_MARK : inlined.sql;
      c = {
        sql: text, query: q.query,
        params: inlined.parameters.map((v) => (v instanceof Slot ? (a: Record<string, unknown>) => a[v.name] : () => v)),
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

/** A constant Postgres may read as a literal: no type of its own beyond what the context gives it. */
const literal = (v: unknown): string | undefined => {
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v < 0 ? `(${v})` : String(v);
  return undefined;
};

/**
 * Postgres: writes the constants of a hot statement (what the query builder made parameters of: states,
 * kinds, limits) into its text, and numbers the remaining parameters anew. Postgres plans a named
 * statement for its parameters' values five times, then keeps a generic plan only if that is about as
 * cheap; with `status in ($3, $4)` a generic plan cannot tell that few claims are active, so some hot
 * statements were planned again on every run (a millisecond of the server's CPU, more than the run). With
 * the constants in the text only the caller's values (ids, times) stay parameters.
 */
function inlineConstants(sqlText: string, parameters: readonly unknown[]): { sql: string; parameters: unknown[] } {
  const kept: unknown[] = [];
  const renumbered = new Map<number, string>();
  parameters.forEach((v, i) => {
    const lit = v instanceof Slot ? undefined : literal(v);
    if (lit !== undefined) renumbered.set(i + 1, lit);
    else { kept.push(v); renumbered.set(i + 1, `$${kept.length}`); }
  });
  // Kysely's Postgres compiler writes parameters as $n and nothing else as a dollar sign and digits outside
  // quoted text; raw sql`` in hot statements quotes no such text either.
  return { sql: sqlText.replace(/\$(\d+)/g, (m, n: string) => renumbered.get(Number(n)) ?? m), parameters: kept };
}
