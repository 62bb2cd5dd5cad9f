import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { fail } from '../../http.js';
import { getProject } from '../../repos/projects.js';
import { questionInterop } from '@shared/tasks/question-module.js';
import { DAY_MS, dayOfDate, type ConfusionCellFilter } from '@shared/api/dashboard.js';
import { fillStats } from './fill.js';

import type { CellFilter } from '../../repos/row-cells.js';

/**
 * The cell a lead clicked on the dashboard, checked against the project's schema, with the dashboard's
 * counters (and so each row's cells) brought up to date first, so the listing holds the rows the matrix counted.
 */
export async function confusionCell(db: Kysely<DB>, projectId: number, f: ConfusionCellFilter): Promise<CellFilter | undefined> {
  if (f.question === undefined || f.label1 === undefined || f.label2 === undefined) return undefined;
  const project = (await getProject(db, projectId))!;
  const qi = project.schema.findIndex((q) => q.id === f.question);
  if (qi < 0 || !questionInterop(project.schema[qi]).dashboard.confusionLabels(project.schema[qi].config)) {
    return fail(400, 'bad_request', `question: "${f.question}" has no confusion matrix in this project (single-choice classification questions have one)`);
  }
  await fillStats(db, project);
  return {
    qi, a: f.label1, b: f.label2,
    from: f.pairedFrom === undefined ? null : dayOfDate(f.pairedFrom)! * DAY_MS,
    to: f.pairedTo === undefined ? null : (dayOfDate(f.pairedTo)! + 1) * DAY_MS,
  };
}
