import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { DEFAULT_GOLD } from '@shared/gold.js';
import type { RowRecord } from '../../repos/row-state.js';
import { insertAssignment, type Assignment } from '../../repos/assignments.js';
import { activePause, refusePaused } from './pause.js';
import type { WorkflowProject } from '../workflow/project.js';
import { claimableRow } from '../../repos/visible.js';

// Serving gold rows: a labeler's next row is a gold row at the project's rate, picked inside the claim's
// transaction. A gold row is handed to many labelers (each at most once) and its slot counts are never
// touched, so it never fills up, never reaches QA and never becomes final.

/** Random draws for the rate; tests replace it to make the draw certain. */
export const goldDraw = { next: () => Math.random() };

const notHeldBy = (userId: number) => (eb: any) =>
  eb.not(eb.exists(eb.selectFrom('assignments as a').select(sql.lit(1).as('x')).whereRef('a.row_id', '=', 'r.id').where('a.user_id', '=', userId)));

/**
 * The gold row to hand the caller now, or undefined for an ordinary row. The first `firstRows` rows a
 * labeler takes in the project are gold, then each row is gold with probability `percent`. A gold row is
 * served only while an ordinary row is also free for the caller: a queue of nothing but gold rows would
 * tell them apart.
 */
export async function pickGoldRow(t: Kysely<DB>, project: WorkflowProject, userId: number): Promise<RowRecord | undefined> {
  if (!servesGold(project)) return undefined;
  const g = project.settings.gold ?? DEFAULT_GOLD;
  const held = await t.selectFrom('assignments').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', project.id).where('user_id', '=', userId).where('kind', '=', 'label').where('status', 'in', ['active', 'submitted'])
    .executeTakeFirstOrThrow();
  const want = Number(held.n) < g.firstRows || goldDraw.next() * 100 < g.percent;
  if (!want) return undefined;
  const ordinary = await t.selectFrom('rows as r').select('r.id')
    .where('r.project_id', '=', project.id).where('r.state', '=', 'labeling').where('r.labels_taken', '<', 2).where(claimableRow('r')).where(notHeldBy(userId))
    .limit(1).executeTakeFirst();
  if (!ordinary) return undefined;
  return t.selectFrom('gold_rows as g').innerJoin('rows as r', 'r.id', 'g.row_id').selectAll('r')
    .where('g.project_id', '=', project.id).where('r.state', '=', 'gold').where(claimableRow('r')).where(notHeldBy(userId))
    .orderBy('g.row_id').limit(1).executeTakeFirst();
}

/** Whether the project's settings ever hand out a gold row (none do by default). */
export function servesGold(project: WorkflowProject): boolean {
  const g = project.settings.gold ?? DEFAULT_GOLD;
  return g.firstRows > 0 || g.percent > 0;
}

/**
 * A label claim on a gold row when the rate says so (see pickGoldRow), made in the claim's transaction like
 * any claim: same lease, same assignment sequence. The row's slot counts are left alone.
 */
export async function claimGold(t: Kysely<DB>, project: WorkflowProject, userId: number, now: number, expiresAt: number): Promise<{ a: Assignment; row: RowRecord } | undefined> {
  const row = await pickGoldRow(t, project, userId);
  if (!row) return undefined;
  const a = await insertAssignment(t, { rowId: row.id, projectId: project.id, round: row.round, kind: 'label', userId, now, expiresAt });
  return { a, row };
}

/** 403 for a person paused on the project (projects without gold settings never pause anyone: no read). */
export async function refuseIfPaused(db: Kysely<DB>, project: WorkflowProject, userId: number): Promise<void> {
  if (!project.settings.gold) return;
  const p = await activePause(db, project.id, userId);
  if (p) await refusePaused(db, project.id, p);
}
