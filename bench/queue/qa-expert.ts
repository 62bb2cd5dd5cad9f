/**
 * A domain expert asking for QA work when no row in QA needs their domain: 15,000 rows wait in QA, none
 * needing finance, while 5,000 rows still in labeling do. The experts-first pick must learn that nothing
 * needs them without walking the QA queue (it once read the whole queue per request), then hand out an
 * ordinary row. Timed in-process (no HTTP), each claim released again so every request does the same work.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../server/db/types';
import type { Booted } from '../../server/boot';
import { makeProject } from './project';

const IN_QA = Number(process.env.QUEUE_QA_ROWS ?? 15_000);
const NEEDING = Number(process.env.QUEUE_QA_NEEDING ?? 5_000);
const ASKS = 200;

export async function qaExpertNext(booted: Booted): Promise<number[]> {
  const { db } = booted.deps;
  const rows = [
    ...Array.from({ length: IN_QA }, (_, i) => ({ externalId: `qa${i}`, data: { text: `row ${i}` } })),
    ...Array.from({ length: NEEDING }, (_, i) => ({ externalId: `fin${i}`, data: { text: `fin ${i}` }, expertise: ['finance'] })),
  ];
  const { projectId, workers: [expert] } = await makeProject(booted, 'qa expert bench', rows, [{ role: 'reviewer', expertise: ['finance'] }]);
  // Both labels in, as far as the queue can tell: the first IN_QA rows wait for a reviewer.
  await moveToQa(db, projectId, IN_QA);
  // Fresh statistics, as autovacuum keeps them on a running Postgres, so plans fit the data (SQLite keeps none).
  if (booted.deps.engine === 'postgres') await sql`analyze`.execute(db);
  const ask = (p: string, body: unknown) => booted.app.request(p, { method: 'POST', headers: { cookie: expert.cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const times: number[] = [];
  for (let i = 0; i < ASKS + 20; i++) {
    const t0 = performance.now();
    const r = await ask(`/api/projects/${projectId}/next`, { role: 'qa' });
    const ms = performance.now() - t0;
    const body = await r.json() as { assignment: { id: number } | null };
    if (!body.assignment) throw new Error(`qa expert bench: no row handed out (${JSON.stringify(body).slice(0, 200)})`);
    await ask(`/api/assignments/${body.assignment.id}/release`, {});
    if (i >= 20) times.push(ms); // the first ones warm caches and statements
  }
  return times;
}

async function moveToQa(db: Kysely<DB>, projectId: number, n: number) {
  await sql`update rows set state = 'qa', labels_taken = 2, labels_done = 2, agree = 0
    where project_id = ${projectId} and id in (select id from rows where project_id = ${projectId} order by id limit ${n})`.execute(db);
}
