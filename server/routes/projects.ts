import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { zv } from '../http.js';
import { createProjectBody, updateProjectBody } from '@shared/api/projects.js';
import { projectAccess, requireUser } from '../middleware.js';
import { deleteProject, getProject, insertProject, listProjectsFor, projectCounts, toProjectDto, updateProject } from '../repos/projects.js';
import { setRoles } from '../repos/members.js';
import { audit } from '../repos/audit.js';

export const projectRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/', async (c) => c.json({ projects: await listProjectsFor(c.var.deps.db, c.var.user.id) }))
  // Any signed-in person can start a project; they become its lead.
  .post('/', zv('json', createProjectBody), async (c) => {
    const body = c.req.valid('json');
    const { db, now } = c.var.deps;
    const id = await db.transaction().execute(async (tx) => {
      const id = await insertProject(tx, { ...body, createdBy: c.var.user.id, now: now() });
      await setRoles(tx, id, c.var.user.id, ['lead'], now());
      return id;
    });
    await audit(db, { at: now(), userId: c.var.user.id, projectId: id, action: 'project.create' });
    return c.json({ project: toProjectDto((await getProject(db, id))!, ['lead']) }, 201);
  })
  .get('/:projectId', projectAccess(), async (c) => {
    const { db } = c.var.deps;
    const p = (await getProject(db, c.var.project.id))!;
    return c.json({ project: toProjectDto(p, c.var.project.roles, await projectCounts(db, p.id)) });
  })
  .patch('/:projectId', projectAccess('lead'), zv('json', updateProjectBody), async (c) => {
    const { db, now } = c.var.deps;
    const body = c.req.valid('json');
    await updateProject(db, c.var.project.id, body);
    await audit(db, { at: now(), userId: c.var.user.id, projectId: c.var.project.id, action: 'project.update', details: Object.keys(body) });
    return c.json({ project: toProjectDto((await getProject(db, c.var.project.id))!, c.var.project.roles) });
  })
  .delete('/:projectId', projectAccess('lead'), async (c) => {
    await deleteProject(c.var.deps.db, c.var.project.id);
    return c.json({ ok: true as const });
  });
