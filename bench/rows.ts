/**
 * Rows suite: the leads' row listing (GET /api/projects/:id/rows, keyset paging) on a project of a million
 * rows, per filter, on the first page and on a page 90% of the way in; baseline: the same requests on a
 * 10,000-row project in the same database and run. "Stays fast at a million rows" means the slowest page
 * at a million costs about what the slowest costs at ten thousand. Rows are spread over every state (labels, QA with and without agreement, finals, escalations),
 * a twentieth need finance, and every labeled row carries its two labelers' claims. SQLite always;
 * Postgres too when DATABASE_URL is set (figures prefixed `pg_`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { boot } from '../server/boot.js';
import { dropPgSchema } from '../server/db/connection.js';
import { insertProject } from '../server/repos/projects.js';
import { insertUser } from '../server/repos/users.js';
import { setRoles } from '../server/repos/members.js';
import { insertRows } from '../server/repos/rows.js';
import { createSession } from '../server/repos/sessions.js';
import { SESSION_COOKIE } from '../server/middleware.js';
import { schemaSchema } from '@shared/tasks/question.js';
import { DEFAULT_SETTINGS } from '@shared/project.js';
import { report, timeMsAsync, type Figures } from './lib.js';

const BIG = Number(process.env.ROWS_BIG ?? 1_000_000);
const SMALL = 10_000;
const LABELERS = 20;

async function engineRun(databaseUrl: string | undefined): Promise<Figures> {
  const prefix = databaseUrl ? 'pg_' : '';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-bench-rows-'));
  const pgSchema = databaseUrl ? `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}` : undefined;
  const booted = await boot({ dataDir: dir, databaseUrl, pgSchema, seed: false });
  try {
    const { db } = booted.deps;
    const now = Date.now();
    const lead = await insertUser(db, { email: 'lead@bench.test', name: 'lead', passwordHash: 'x', isAdmin: false, now });
    const cookie = `${SESSION_COOKIE}=${await createSession(db, lead, now, 3600_000)}`;
    const labelers: number[] = [];
    for (let i = 0; i < LABELERS; i++) labelers.push(await insertUser(db, { email: `a${i}@bench.test`, name: `a${i}`, passwordHash: 'x', isAdmin: false, now }));
    const schema = schemaSchema.parse([{ id: 'sentiment', type: 'classification', title: 'S', config: { field: 'text', labels: ['pos', 'neg'] } }]);

    async function project(n: number) {
      const id = await insertProject(db, { name: `rows ${n}`, description: '', schema, settings: DEFAULT_SETTINGS, createdBy: lead, now });
      await setRoles(db, id, lead, ['lead'], now);
      for (const u of labelers) await setRoles(db, id, u, ['annotator'], now);
      const t0 = performance.now();
      const ids = await db.transaction().execute((t) => insertRows(t, id, Array.from({ length: n }, (_, i) => ({
        externalId: `r${i}`, data: { text: `Row ${i}: the answer was mostly right.` }, expertise: i % 20 === 7 ? ['finance'] : [],
      })), now));
      const first = ids[0];
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
      console.log(`${prefix || 'sqlite_'}seeded ${n} rows in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
      return { id, first, n };
    }

    const small = await project(SMALL);
    const big = await project(BIG);
    // A loaded Postgres has planner statistics (autovacuum); fresh bulk loads do not yet.
    if (databaseUrl) await sql`analyze`.execute(db);

    const filters: Record<string, string> = {
      all: '',
      qa: 'state=qa',
      disagree: 'agree=false',
      finance: 'expertise=finance',
      labeler: `labeler=${labelers[3]}`,
      waiting_expert: 'waiting=expert',
      // Filters nothing matches: without a bound on the rows one request walks, these read the whole project.
      labeler_none: `labeler=${lead}`,
      expertise_none: 'expertise=legal',
    };

    /** One page request, as the console's rows tab sends it. */
    async function page(p: { id: number; first: number; n: number }, filter: string, deep: boolean) {
      const cursor = deep ? `&cursor=${p.first + Math.floor(p.n * 0.9)}` : '';
      const r = await booted.app.request(`/api/projects/${p.id}/rows?limit=50${filter ? `&${filter}` : ''}${cursor}`, { headers: { cookie } });
      if (r.status !== 200) throw new Error(`rows ${filter}: ${r.status} ${await r.text()}`);
      return r.json();
    }

    /** Pages until 50 rows are in or the project ends: what filling the console's first screen costs. */
    async function screenful(p: { id: number; first: number; n: number }, filter: string) {
      let got = 0;
      let requests = 0;
      let cursor: number | null = null;
      do {
        const r = await booted.app.request(`/api/projects/${p.id}/rows?limit=50&${filter}${cursor === null ? '' : `&cursor=${cursor}`}`, { headers: { cookie } });
        const body = await r.json() as { rows: unknown[]; nextCursor: number | null };
        got += body.rows.length;
        cursor = body.nextCursor;
        requests++;
      } while (got < 50 && cursor !== null);
      return requests;
    }

    const figures: Figures = {};
    let worstBig = 0;
    let worstSmall = 0;
    for (const [name, filter] of Object.entries(filters)) {
      for (const deep of [false, true]) {
        const tag = `${name}${deep ? '_deep' : ''}`;
        const s = await timeMsAsync(() => page(small, filter, deep), { runs: 7, warmup: 2 });
        const b = await timeMsAsync(() => page(big, filter, deep), { runs: 7, warmup: 2 });
        figures[`${prefix}rows_${tag}_1m_ms`] = { value: b, unit: 'ms' };
        figures[`${prefix}rows_${tag}_10k_ms`] = { value: s, unit: 'ms' };
        worstBig = Math.max(worstBig, b);
        worstSmall = Math.max(worstSmall, s);
      }
    }
    figures[`${prefix}worst_page_1m_ms`] = { value: worstBig, unit: 'ms' };
    figures[`${prefix}worst_page_10k_ms`] = { value: worstSmall, unit: 'ms' };
    figures[`${prefix}worst_ratio`] = { value: worstBig / worstSmall, unit: 'x' };
    // The price of the window: a filter nothing matches is walked in requests of SCAN_WINDOW rows each.
    for (const [name, filter] of [['labeler_none', `labeler=${lead}`], ['waiting_expert', 'waiting=expert']]) {
      let requests = 0;
      const ms = await timeMsAsync(async () => { requests = await screenful(big, filter); }, { runs: 3, warmup: 1 });
      figures[`${prefix}screen_${name}_1m_ms`] = { value: ms, unit: 'ms' };
      figures[`${prefix}screen_${name}_1m_requests`] = { value: requests, unit: 'n' };
    }
    return figures;
  } finally {
    await booted.database.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (databaseUrl && pgSchema) await dropPgSchema(databaseUrl, pgSchema);
  }
}

const figures: Figures = { ...(await engineRun(undefined)) };
if (process.env.DATABASE_URL) Object.assign(figures, await engineRun(process.env.DATABASE_URL));
report('rows', figures, {
  rows_all_1m_ms: `${BIG} rows, 50 per page; baseline the same request on ${SMALL} rows`,
  worst_ratio: 'slowest page at 1m over the slowest at 10k',
  screen_labeler_none_1m_ms: 'every request until 50 rows or the end',
});
