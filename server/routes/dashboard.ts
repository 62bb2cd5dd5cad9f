import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { projectAccess, requireUser } from '../middleware.js';
import { getProject } from '../repos/projects.js';
import { computeDashboard } from '../services/dashboard/compute.js';

/** Agreement, throughput and every person's numbers: a lead's view. */
export const dashboardRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/:projectId/dashboard', projectAccess('lead'), async (c) => {
    const project = (await getProject(c.var.deps.db, c.var.project.id))!;
    return c.json(await computeDashboard(c.var.deps.db, project));
  });
