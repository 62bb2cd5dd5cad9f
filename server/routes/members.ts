import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.js';
import { fail, notFound, zv } from '../http.js';
import { addMemberBody, projectParam, setMemberRolesBody } from '@shared/api/projects.js';
import type { Role } from '@shared/project.js';
import { projectAccess, requireUser } from '../middleware.js';
import { listMembers, rolesIn, setRoles } from '../repos/members.js';
import { getProject } from '../repos/projects.js';
import { findUserByEmail } from '../repos/users.js';
import { audit } from '../repos/audit.js';
import { releaseClaimsBeyondRoles } from '../services/workflow/service.js';
import type { Deps, SessionUser } from '../context.js';

const memberParam = z.object({ userId: z.coerce.number().int().positive('expected a positive user id') });

/**
 * One answer for an address without an account and for an account this lead may not add, so the form
 * cannot be used to learn who has an account or who is an administrator.
 */
export const notAddable = (email: string) =>
  `email: no account with the address ${email} can be added. Check the address with the person; administrators join a project only by their own action`;

/** Gives `userId` the roles on top of those they hold; whoever brings them in is recorded as having added them. */
async function addRoles(deps: Deps, by: SessionUser, projectId: number, userId: number, wanted: Role[]) {
  const { db, now } = deps;
  const roles = [...new Set([...(await rolesIn(db, projectId, userId)), ...wanted])];
  await setRoles(db, projectId, userId, roles, now(), by.id);
  await audit(db, { at: now(), userId: by.id, projectId, action: 'member.add', details: { userId, roles } });
  return listMembers(db, projectId);
}

/** Every member can see who is on the project (names only matter to leads, but hiding them helps nobody). */
export const memberRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/:projectId/members', projectAccess(), async (c) => c.json({ members: await listMembers(c.var.deps.db, c.var.project.id) }))
  .post('/:projectId/members', zv('param', projectParam), zv('json', addMemberBody), async (c, next) => {
    // An administrator joins any project by their own action (to step in where a project lost its lead).
    const { user, deps } = c.var;
    if (!user.isAdmin || c.req.valid('json').email !== user.email) return next();
    const { projectId } = c.req.valid('param');
    if (!(await getProject(deps.db, projectId))) return notFound('project');
    return c.json({ members: await addRoles(deps, user, projectId, user.id, c.req.valid('json').roles) }, 201);
  }, projectAccess('lead'), async (c) => {
    const { email, roles } = c.req.valid('json');
    const { user, deps, project } = c.var;
    const u = await findUserByEmail(deps.db, email);
    // A lead who is not an admin cannot bring an admin into their project: its data would then reach an
    // admin's session (issue 12). An admin already on the project can be given more roles.
    // The same queries whoever the address belongs to, so the time taken tells no more than the answer.
    const held = await rolesIn(deps.db, project.id, u?.id ?? 0);
    const addable = u && (u.is_admin !== 1 || user.isAdmin || held.length > 0);
    if (!addable) return fail(404, 'not_found', notAddable(email));
    return c.json({ members: await addRoles(deps, user, project.id, u.id, roles) }, 201);
  })
  .put('/:projectId/members/:userId', projectAccess('lead'), zv('param', memberParam.extend({ projectId: z.string() })), zv('json', setMemberRolesBody), async (c) => {
    const { userId } = c.req.valid('param');
    const { roles } = c.req.valid('json');
    const { db, now } = c.var.deps;
    if ((await rolesIn(db, c.var.project.id, userId)).length === 0) return notFound('member');
    await guardLastLead(c.var.project.id, userId, roles, db);
    await setRoles(db, c.var.project.id, userId, roles, now(), c.var.user.id);
    await releaseClaimsBeyondRoles(c.var.deps, c.var.project.id, userId, roles);
    await audit(db, { at: now(), userId: c.var.user.id, projectId: c.var.project.id, action: 'member.roles', details: { userId, roles } });
    return c.json({ members: await listMembers(db, c.var.project.id) });
  })
  .delete('/:projectId/members/:userId', projectAccess('lead'), zv('param', memberParam.extend({ projectId: z.string() })), async (c) => {
    const { userId } = c.req.valid('param');
    const { db, now } = c.var.deps;
    if ((await rolesIn(db, c.var.project.id, userId)).length === 0) return notFound('member');
    await guardLastLead(c.var.project.id, userId, [], db);
    await setRoles(db, c.var.project.id, userId, [], now());
    await releaseClaimsBeyondRoles(c.var.deps, c.var.project.id, userId, []);
    await audit(db, { at: now(), userId: c.var.user.id, projectId: c.var.project.id, action: 'member.remove', details: { userId } });
    return c.json({ members: await listMembers(db, c.var.project.id) });
  });

/** A project always keeps a lead, or nobody could manage it again. */
async function guardLastLead(projectId: number, userId: number, newRoles: string[], db: import('kysely').Kysely<import('../db/types.js').DB>) {
  if (newRoles.includes('lead')) return;
  const leads = (await listMembers(db, projectId)).filter((m) => m.roles.includes('lead'));
  if (leads.length === 1 && leads[0].userId === userId) fail(409, 'conflict', 'a project needs at least one lead: add another lead first');
}
