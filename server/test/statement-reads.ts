import { CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import type { DB } from '../db/types.js';
import { engineName } from './harness.js';

/** Every statement the database is sent while `fn` runs (all go through Kysely's executor). */
export async function statements(db: Kysely<DB>, fn: () => Promise<unknown>): Promise<CompiledQuery[]> {
  let proto = Object.getPrototypeOf(db.getExecutor());
  while (!Object.prototype.hasOwnProperty.call(proto, 'executeQuery')) proto = Object.getPrototypeOf(proto);
  const original = proto.executeQuery;
  const seen: CompiledQuery[] = [];
  proto.executeQuery = function (q: CompiledQuery, ...rest: unknown[]) { seen.push(q); return original.call(this, q, ...rest); };
  try { await fn(); } finally { proto.executeQuery = original; }
  return seen;
}

export interface TableReads { sql: string; plan: string; produced: number }

/**
 * How the statements that read `table` read it. SQLite: the plan's lines. PostgreSQL: each statement run
 * for real under EXPLAIN ANALYZE in a transaction rolled back, its nodes on `table` and the rows they read
 * (those passed on and those a filter tested and let go).
 */
export async function tableReads(db: Kysely<DB>, qs: CompiledQuery[], table: string): Promise<TableReads[]> {
  const out: TableReads[] = [];
  const named = new RegExp(`\\b${table}\\b`);
  for (const q of qs.filter((x) => named.test(x.sql) && /^\s*(select|with)/i.test(x.sql))) {
    if (engineName() !== 'postgres') {
      const r = await db.executeQuery(CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters])) as QueryResult<{ detail: string }>;
      out.push({ sql: q.sql, plan: r.rows.map((x) => x.detail).join('\n'), produced: 0 });
      continue;
    }
    const ran = await db.transaction().execute(async (tx) => {
      const r = await tx.executeQuery(CompiledQuery.raw(`explain (analyze, format json) ${q.sql.replace('/* then commit */', '')}`, [...q.parameters])) as QueryResult<{ 'QUERY PLAN': any }>;
      throw Object.assign(new Error('roll back'), { plan: r.rows[0]['QUERY PLAN'][0].Plan });
    }).catch((e) => {
      if (!e.plan) throw e;
      return e.plan;
    });
    let produced = 0;
    const names: string[] = [];
    const walk = (n: any) => {
      if (n['Relation Name'] === table && n['Node Type'] !== 'ModifyTable') {
        produced += (Number(n['Actual Rows']) + Number(n['Rows Removed by Filter'] ?? 0)) * Number(n['Actual Loops'] ?? 1);
        names.push(`${n['Node Type']} ${n['Index Name'] ?? ''} ${n['Actual Rows']}+${n['Rows Removed by Filter'] ?? 0} x${n['Actual Loops']}`);
      }
      for (const c of n.Plans ?? []) walk(c);
    };
    walk(ran);
    out.push({ sql: q.sql, plan: names.join('\n'), produced });
  }
  return out;
}
