import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { zv } from '../http.js';
import { projectAccess, requireUser } from '../middleware.js';
import { candidatesQuery } from '@shared/api/people.js';
import { candidatesFor, matches } from '../repos/candidates.js';

/** Whom a lead may add, filtered by profile and skill scores (issue 16): under /api/projects. */
export const candidateRoutes = new Hono<AppEnv>()
  .get('/:projectId/candidates', requireUser, projectAccess('lead'), zv('query', candidatesQuery), async (c) => {
    const { deps, project, user } = c.var;
    const f = c.req.valid('query');
    const all = await candidatesFor(deps.db, project.id, user);
    return c.json({ candidates: all.filter((x) => matches(x, f)) });
  });
