import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.js';
import { fail, notFound, zv } from '../http.js';
import { addMemberBody, setMemberRolesBody } from '@shared/api/projects.js';
import { projectAccess, requireUser } from '../middleware.js';
import { listMembers, rolesIn, setRoles } from '../repos/members.js';
import { findUser, findUserByEmail } from '../repos/users.js';
import { audit } from '../repos/audit.js';

const memberParam = z.object({ userId: z.coerce.number().int().positive('expected a positive user id') });

/** Every member can see who is on the project (names only matter to leads, but hiding them helps nobody). */
export const memberRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/:projectId/members', projectAccess(), async (c) => c.json({ members: await listMembers(c.var.deps.db, c.var.project.id) }))
  .post('/:projectId/members', projectAccess('lead'), zv('json', addMemberBody), async (c) => {
    const body = c.req.valid('json');
    const { db, now } = c.var.deps;
    const u = body.userId !== undefined ? await findUser(db, body.userId) : await findUserByEmail(db, body.email!);
    if (!u) return fail(404, 'not_found', body.email ? `email: no user has the address ${body.email}` : 'userId: no such user');
    const roles = [...new Set([...(await rolesIn(db, c.var.project.id, u.id)), ...body.roles])];
    await setRoles(db, c.var.project.id, u.id, roles, now());
    await audit(db, { at: now(), userId: c.var.user.id, projectId: c.var.project.id, action: 'member.add', details: { userId: u.id, roles } });
    return c.json({ members: await listMembers(db, c.var.project.id) }, 201);
  })
  .put('/:projectId/members/:userId', projectAccess('lead'), zv('param', memberParam.extend({ projectId: z.string() })), zv('json', setMemberRolesBody), async (c) => {
    const { userId } = c.req.valid('param');
    const { roles } = c.req.valid('json');
    const { db, now } = c.var.deps;
    if ((await rolesIn(db, c.var.project.id, userId)).length === 0) return notFound('member');
    await guardLastLead(c.var.project.id, userId, roles, db);
    await setRoles(db, c.var.project.id, userId, roles, now());
    await audit(db, { at: now(), userId: c.var.user.id, projectId: c.var.project.id, action: 'member.roles', details: { userId, roles } });
    return c.json({ members: await listMembers(db, c.var.project.id) });
  })
  .delete('/:projectId/members/:userId', projectAccess('lead'), zv('param', memberParam.extend({ projectId: z.string() })), async (c) => {
    const { userId } = c.req.valid('param');
    const { db, now } = c.var.deps;
    if ((await rolesIn(db, c.var.project.id, userId)).length === 0) return notFound('member');
    await guardLastLead(c.var.project.id, userId, [], db);
    await setRoles(db, c.var.project.id, userId, [], now());
    await audit(db, { at: now(), userId: c.var.user.id, projectId: c.var.project.id, action: 'member.remove', details: { userId } });
    return c.json({ members: await listMembers(db, c.var.project.id) });
  });

/** A project always keeps a lead, or nobody could manage it again. */
async function guardLastLead(projectId: number, userId: number, newRoles: string[], db: import('kysely').Kysely<import('../db/types.js').DB>) {
  if (newRoles.includes('lead')) return;
  const leads = (await listMembers(db, projectId)).filter((m) => m.roles.includes('lead'));
  if (leads.length === 1 && leads[0].userId === userId) fail(409, 'conflict', 'a project needs at least one lead: add another lead first');
}
