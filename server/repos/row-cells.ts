import { sql, type RawBuilder } from 'kysely';

/**
 * The rows behind a confusion cell of the dashboard: dash_cells (migration 2026-12-07T11) lists, per row,
 * the cells its current label pair falls in, kept by the dashboard's fold (services/dashboard).
 */

/** A cell as the rows listing filters by it: the question's place in the schema, both labels, the pair's time in [from, to). */
export interface CellFilter { qi: number; a: string; b: string; from: number | null; to: number | null }

/** The rows of a cell (a seek on dash_cells_cell) and the same test for one row `r` (a seek on its key). */
export function cellRows(projectId: number, c: CellFilter): { ids: RawBuilder<{ id: number }>; holds: RawBuilder<boolean> } {
  const when = sql.join([
    ...(c.from === null ? [] : [sql`c.at >= ${c.from}`]),
    ...(c.to === null ? [] : [sql`c.at < ${c.to}`]),
    sql`1 = 1`,
  ], sql` and `);
  return {
    ids: sql`select c.row_id as id from dash_cells c where c.project_id = ${projectId} and c.qi = ${c.qi} and c.a = ${c.a} and c.b = ${c.b} and ${when}`,
    holds: sql<boolean>`exists (select 1 from dash_cells c where c.row_id = r.id and c.qi = ${c.qi} and c.a = ${c.a} and c.b = ${c.b} and ${when})`,
  };
}
