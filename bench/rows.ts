/**
 * Rows suite: the leads' rows browser (GET /api/projects/:id/rows) on a project of a million rows. Each
 * figure is the first page (50 rows) of a request as the console sends it, median of 7; baseline: the same
 * request on a 10,000-row project in the same database and run, so "stays fast at a million rows" reads as
 * the ratio. `rows_search_1m_ms` is the slowest search (words in about half, 5%, 2% and 1% of the rows, a
 * rare one, one in no row, two words, an external id; in age and in priority order) and
 * `rows_filter_1m_ms` the slowest filter (state, person, expertise, agreement, waiting for an expert, their
 * combinations, ones nothing matches; each in age and priority order; deep pages by cursor). The import
 * cost of keeping the search index is measured too: 100,000 rows inserted with it and with its triggers
 * off. Rows are spread over every state, a twentieth need finance, priorities 0-9, and every labeled row
 * carries its two labelers' claims. SQLite always; PostgreSQL too when DATABASE_URL is set (figures
 * prefixed `pg_`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { boot } from '../server/boot.js';
import { dropPgSchema } from '../server/db/connection.js';
import type { DB } from '../server/db/types.js';
import { insertProject } from '../server/repos/projects.js';
import { insertUser } from '../server/repos/users.js';
import { setRoles } from '../server/repos/members.js';
import { insertRows, type NewRow } from '../server/repos/rows.js';
import { createSession } from '../server/repos/sessions.js';
import { SESSION_COOKIE } from '../server/middleware.js';
import { schemaSchema } from '@shared/tasks/question.js';
import { DEFAULT_SETTINGS } from '@shared/project.js';
import { report, timeMsAsync, type Figures } from './lib.js';

const BIG = Number(process.env.ROWS_BIG ?? 1_000_000);
const SMALL = 10_000;
const IMPORT_N = Number(process.env.ROWS_IMPORT ?? 100_000);
const LABELERS = 20;
const VOCAB = 5000;

/** Deterministic text: 12 words a row from a Zipf-like vocabulary, so words have every frequency. */
function rowsOf(n: number, from: number): NewRow[] {
  let seed = from * 7919 + 1;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const words = Array.from({ length: 12 }, () => `w${Math.floor(VOCAB ** rnd()) - 1}`);
    return {
      externalId: `r${i}`, expertise: i % 20 === 7 ? ['finance'] : [],
      // Priorities not in step with the states, which go by id % 10.
      priority: Math.floor(i / 7) % 10,
      data: { text: `Row ${i}: ${words.join(' ')}.`, meta: { source: i % 3 ? 'chat' : 'forum' } },
    };
  });
}

async function seed(db: Kysely<DB>, id: number, n: number, now: number) {
  for (let i = 0; i < n; i += 50_000) {
    const chunk = rowsOf(Math.min(50_000, n - i), i);
    await db.transaction().execute((t) => insertRows(t, id, chunk, now));
  }
}

async function engineRun(databaseUrl: string | undefined): Promise<Figures> {
  const prefix = databaseUrl ? 'pg_' : '';
  const pg = Boolean(databaseUrl);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-bench-rows-'));
  const pgSchema = databaseUrl ? `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}` : undefined;
  const booted = await boot({ dataDir: dir, databaseUrl, pgSchema, seed: false });
  const figures: Figures = {};
  try {
    const { db } = booted.deps;
    const now = Date.now();
    const lead = await insertUser(db, { email: 'lead@bench.test', name: 'lead', passwordHash: 'x', isAdmin: false, now });
    const cookie = `${SESSION_COOKIE}=${await createSession(db, lead, now, 3600_000)}`;
    const labelers: number[] = [];
    for (let i = 0; i < LABELERS; i++) labelers.push(await insertUser(db, { email: `a${i}@bench.test`, name: `a${i}`, passwordHash: 'x', isAdmin: false, now }));
    const schema = schemaSchema.parse([{ id: 'sentiment', type: 'classification', title: 'S', config: { field: 'text', labels: ['pos', 'neg'] } }]);
    const newProject = async (name: string) => {
      const id = await insertProject(db, { name, description: '', schema, settings: DEFAULT_SETTINGS, createdBy: lead, now });
      await setRoles(db, id, lead, ['lead'], now);
      for (const u of labelers) await setRoles(db, id, u, ['annotator'], now);
      return id;
    };

    async function project(n: number) {
      const id = await newProject(`rows ${n}`);
      const t0 = performance.now();
      await seed(db, id, n, now);
      const insertS = (performance.now() - t0) / 1000;
      const first = Number((await db.selectFrom('rows').select((eb) => eb.fn.min('id').as('m')).where('project_id', '=', id).executeTakeFirstOrThrow()).m);
      // States by position, so every filter has rows everywhere in id order (what paging walks).
      await db.transaction().execute(async (t) => {
        const k = sql`(id - ${first})`;
        await sql`update rows set state = 'qa', labels_taken = 2, labels_done = 2, agree = case when ${k} % 20 = 0 then 0 else 1 end
          where project_id = ${id} and ${k} % 10 in (0, 1)`.execute(t);
        await sql`update rows set state = 'final', labels_taken = 2, labels_done = 2, agree = 1 where project_id = ${id} and ${k} % 10 = 2`.execute(t);
        await sql`update rows set state = 'escalated', labels_taken = 2, labels_done = 2, agree = 0 where project_id = ${id} and ${k} % 50 = 3`.execute(t);
        for (const shift of [0, 1]) {
          await sql`insert into assignments (row_id, project_id, round, kind, user_id, status, claimed_at, heartbeat_at, expires_at, finished_at)
            select id, project_id, 1, 'label', ${labelers[0]} + ((${k} + ${shift}) % ${LABELERS}), 'submitted', ${now}, ${now}, ${now}, ${now}
            from rows where project_id = ${id} and state != 'labeling'`.execute(t);
        }
      });
      console.log(`${prefix || 'sqlite_'}seeded ${n} rows in ${((performance.now() - t0) / 1000).toFixed(1)}s (insert ${insertS.toFixed(1)}s)`);
      return { id, first, n, insertS };
    }

    const small = await project(SMALL);
    const big = await project(BIG);
    figures[`${prefix}rows_insert_1m_per_s`] = { value: BIG / big.insertS, unit: '1/s' };
    // A loaded Postgres has planner statistics (autovacuum); fresh bulk loads do not yet.
    if (pg) await sql`analyze`.execute(db);

    // What the search index costs an import: the same rows with its triggers off (this database is thrown away).
    {
      const on = await newProject('import with search');
      let t0 = performance.now();
      await seed(db, on, IMPORT_N, now);
      const withIndex = performance.now() - t0;
      const off = await newProject('import without search');
      const triggers = pg ? [] : (await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger' and name = 'rows_fts_insert'`.execute(db)).rows;
      if (pg) await sql`alter table rows disable trigger rows_search_insert`.execute(db);
      else for (const t of triggers) await sql`drop trigger ${sql.raw(t.name)}`.execute(db);
      t0 = performance.now();
      await seed(db, off, IMPORT_N, now);
      const without = performance.now() - t0;
      if (pg) await sql`alter table rows enable trigger rows_search_insert`.execute(db);
      else for (const t of triggers) await sql.raw(t.sql).execute(db);
      figures[`${prefix}import_100k_search_per_s`] = { value: IMPORT_N / (withIndex / 1000), unit: '1/s' };
      figures[`${prefix}import_100k_plain_per_s`] = { value: IMPORT_N / (without / 1000), unit: '1/s' };
    }

    /** One page request, as the console's rows tab sends it. */
    async function page(p: { id: number }, query: string) {
      const r = await booted.app.request(`/api/projects/${p.id}/rows?limit=50&${query}`, { headers: { cookie } });
      if (r.status !== 200) throw new Error(`rows ${query}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<{ rows: unknown[]; nextCursor: string | null }>;
    }
    async function measure(kind: 'search' | 'filter', name: string, query: string) {
      const s = await timeMsAsync(() => page(small, query), { runs: 7, warmup: 2 });
      const b = await timeMsAsync(() => page(big, query), { runs: 7, warmup: 2 });
      const got = (await page(big, query)).rows.length;
      figures[`${prefix}rows_${kind}_${name}_1m_ms`] = { value: b, unit: 'ms' };
      figures[`${prefix}rows_${kind}_${name}_10k_ms`] = { value: s, unit: 'ms' };
      console.log(`  ${prefix}${kind} ${name}: ${b.toFixed(1)} ms at 1m (${got} rows), ${s.toFixed(1)} ms at 10k`);
      return [b, s];
    }
    // A cursor 90% of the way in, in the sort order of the query.
    const deep = async (query: string) => {
      const body = await (await booted.app.request(`/api/projects/${big.id}/rows?limit=500&${query}`, { headers: { cookie } })).json() as { nextCursor: string | null };
      return body.nextCursor ? `&cursor=${encodeURIComponent(body.nextCursor)}` : '';
    };

    const searches: Record<string, string> = {
      common: 'q=w1', pct5: 'q=w25', pct2: 'q=w69', pct1: 'q=w150', rare: 'q=w4000', none: 'q=zzzz', two_words: 'q=w1%20w69', external_id: `q=r${BIG - 7}`,
    };
    const filters: Record<string, string> = {
      qa: 'state=qa', escalated: 'state=escalated', disagree: 'agree=false', finance: 'expertise=finance', person: `person=${labelers[3]}`,
      waiting_expert: 'waiting=expert', qa_finance: 'state=qa&expertise=finance', person_disagree: `person=${labelers[3]}&agree=false`,
      person_none: `person=${lead}`, expertise_none: 'expertise=legal',
    };
    const worst = { search: [0, 0], filter: [0, 0] };
    const track = (kind: 'search' | 'filter', [b, s]: number[]) => { worst[kind] = [Math.max(worst[kind][0], b), Math.max(worst[kind][1], s)]; };
    for (const [sort, tag] of [['sort=age&dir=asc', ''], ['sort=priority&dir=desc', '_by_priority']]) {
      for (const [name, q] of Object.entries(searches)) track('search', await measure('search', `${name}${tag}`, `${q}&${sort}`));
      for (const [name, q] of Object.entries(filters)) track('filter', await measure('filter', `${name}${tag}`, `${q}&${sort}`));
    }
    for (const q of ['state=qa&sort=priority&dir=desc', 'sort=priority&dir=desc', 'q=w1&sort=age&dir=asc']) {
      track('filter', await measure('filter', `deep_${q.replace(/[^a-z0-9]+/g, '_')}`, `${q}${await deep(q)}`));
    }
    figures[`${prefix}rows_search_1m_ms`] = { value: worst.search[0], unit: 'ms' };
    figures[`${prefix}rows_search_10k_ms`] = { value: worst.search[1], unit: 'ms' };
    figures[`${prefix}rows_filter_1m_ms`] = { value: worst.filter[0], unit: 'ms' };
    figures[`${prefix}rows_filter_10k_ms`] = { value: worst.filter[1], unit: 'ms' };
    return figures;
  } finally {
    await booted.database.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (databaseUrl && pgSchema) await dropPgSchema(databaseUrl, pgSchema);
  }
}

// ROWS_ENGINE=sqlite or pg runs one engine (the two can then run side by side).
const only = process.env.ROWS_ENGINE;
const figures: Figures = only === 'pg' ? {} : { ...(await engineRun(undefined)) };
if (process.env.DATABASE_URL && only !== 'sqlite') Object.assign(figures, await engineRun(process.env.DATABASE_URL));
report('rows', figures, {
  rows_search_1m_ms: `slowest first page of a search on ${BIG} rows; baseline rows_search_10k_ms, the same on ${SMALL}`,
  rows_filter_1m_ms: `slowest first page of a filter on ${BIG} rows; baseline rows_filter_10k_ms`,
  import_100k_search_per_s: `rows inserted per second keeping the search index; baseline import_100k_plain_per_s, its triggers off`,
});
