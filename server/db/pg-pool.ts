import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { isHotSql } from './prepared.js';

/**
 * A pg pool for Kysely that runs the hot statements (those of `prepared()`) as named prepared statements.
 * Kysely sends every query unnamed, so Postgres parses and plans it each time: on the claim and submit
 * statements planning takes three times as long as running them, and most of the database's CPU. Named
 * statements are prepared once per connection. Only the fixed set of hot texts is named, so the number
 * of statements a connection keeps stays small whatever else runs.
 */
export function namedStatementPool(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    query: ((q: unknown, values?: readonly unknown[]) => {
      if (typeof q !== 'string' || !isHotSql(q)) return client.query(q as never, values as unknown[]);
      let name = names.get(q);
      if (!name) names.set(q, (name = `triad_${names.size + 1}`));
      return client.query({ name, text: q, values: values as unknown[] });
    }) as unknown as PostgresPoolClient['query'],
    release: () => client.release(),
  });
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
