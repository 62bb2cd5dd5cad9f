import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.js';
import { zv } from '../http.js';
import { projectAccess, requireUser, rowShown } from '../middleware.js';
import { getProject } from '../repos/projects.js';
import { qualityUserParam } from '@shared/api/quality.js';
import { resumeBody } from '@shared/gold.js';
import { peopleQuality } from '../services/quality/people.js';
import { peopleQualityCsv } from '../services/quality/csv.js';
import { listPauses, resumePerson } from '../services/gold/pause.js';
import { promoteToGold } from '../services/gold/promote.js';
import { audit } from '../repos/audit.js';

const rowParam = z.object({ projectId: z.string(), rowId: z.coerce.number().int().positive('rowId: a positive row id') });

/** Gold rows and per-person quality (issue 16): a lead's tools. */
export const qualityRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/:projectId/quality', projectAccess('lead'), async (c) => {
    const project = (await getProject(c.var.deps.db, c.var.project.id))!;
    return c.json(await peopleQuality(c.var.deps.db, project));
  })
  .get('/:projectId/quality.csv', projectAccess('lead'), async (c) => {
    const { db, now } = c.var.deps;
    const project = (await getProject(db, c.var.project.id))!;
    const csv = peopleQualityCsv(await peopleQuality(db, project));
    await audit(db, { at: now(), userId: c.var.user.id, projectId: project.id, action: 'quality.export' });
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="project-${project.id}-people-quality.csv"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  })
  .get('/:projectId/pauses', projectAccess('lead'), async (c) => c.json({ pauses: await listPauses(c.var.deps.db, c.var.project.id) }))
  .post('/:projectId/pauses/:userId/resume', projectAccess('lead'), zv('param', qualityUserParam), zv('json', resumeBody), async (c) =>
    c.json(await resumePerson(c.var.deps, c.var.project.id, c.req.valid('param').userId, c.var.user.id)))
  .post('/:projectId/rows/:rowId/gold', projectAccess('lead'), zv('param', rowParam), rowShown, async (c) =>
    c.json(await promoteToGold(c.var.deps, c.var.user.id, c.var.project.id, c.req.valid('param').rowId)));
