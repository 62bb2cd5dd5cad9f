import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.js';
import { fail, notFound, zv } from '../http.js';
import { createProjectBody, updateProjectBody } from '@shared/api/projects.js';
import { projectAccess, requireUser } from '../middleware.js';
import { deleteProject, insertProject, listProjectsFor, projectFor, updateProject } from '../repos/projects.js';
import { setRoles } from '../repos/members.js';
import { audit } from '../repos/audit.js';
import { inTokenScope } from '../services/token-auth.js';

// Before the body is read: someone without the right learns that first, not what their body lacked.
const mayCreate = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.user.canCreateProjects) {
    return fail(403, 'forbidden', 'you may not create projects here: ask an administrator to allow you (Users page), or to create the project and add you as its lead');
  }
  await next();
});

export const projectRoutes = new Hono<AppEnv>()
  .use(requireUser)
  // A project-scoped API token lists its one project.
  .get('/', async (c) => c.json({ projects: (await listProjectsFor(c.var.deps.db, c.var.user.id)).filter((p) => inTokenScope(c, p.id)) }))
  // Starting a project is an instance right (admins and people an admin allowed, or everyone by setting):
  // a project's lead can put label values in front of whoever opens its dashboard. The creator becomes its lead.
  .post('/', mayCreate, zv('json', createProjectBody), async (c) => {
    const body = c.req.valid('json');
    const { db, now } = c.var.deps;
    const me = c.var.user.id;
    const id = await db.transaction().execute(async (tx) => {
      const id = await insertProject(tx, { ...body, createdBy: me, now: now() });
      await setRoles(tx, id, me, ['lead'], now(), me);
      return id;
    });
    await audit(db, { at: now(), userId: me, projectId: id, action: 'project.create' });
    return c.json({ project: await projectFor(db, id, me) ?? notFound('project') }, 201);
  })
  .get('/:projectId', projectAccess(), async (c) => c.json({ project: await projectFor(c.var.deps.db, c.var.project.id, c.var.user.id) ?? notFound('project') }))
  .patch('/:projectId', projectAccess('lead'), zv('json', updateProjectBody), async (c) => {
    const { db, now } = c.var.deps;
    const body = c.req.valid('json');
    await updateProject(db, c.var.project.id, body);
    await audit(db, { at: now(), userId: c.var.user.id, projectId: c.var.project.id, action: 'project.update', details: Object.keys(body) });
    return c.json({ project: await projectFor(db, c.var.project.id, c.var.user.id) ?? notFound('project') });
  })
  .delete('/:projectId', projectAccess('lead'), async (c) => {
    await deleteProject(c.var.deps.db, c.var.project.id);
    return c.json({ ok: true as const });
  });
