import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { zv } from '../http.js';
import { projectAccess, requireUser } from '../middleware.js';
import { getProject } from '../repos/projects.js';
import { computeDashboard } from '../services/dashboard/compute.js';
import { dashboardQuery } from '@shared/api/dashboard.js';

/** Agreement, throughput and every person's numbers, all time or over a date range: a lead's view. */
export const dashboardRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/:projectId/dashboard', projectAccess('lead'), zv('query', dashboardQuery), async (c) => {
    const project = (await getProject(c.var.deps.db, c.var.project.id))!;
    return c.json(await computeDashboard(c.var.deps.db, project, c.req.valid('query')));
  });
