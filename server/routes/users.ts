import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { fail, notFound, zv } from '../http.js';
import { createUserBody, idParam, resetPasswordBody, updateUserBody } from '@shared/api/auth.js';
import { requireAdmin, requireUser } from '../middleware.js';
import { findUser, findUserByEmail, insertUser, listUsers, setExpertise, toUserDto, updateUser, expertiseOf } from '../repos/users.js';
import { hashPassword } from '../services/passwords.js';
import { deleteUserSessions } from '../repos/sessions.js';
import { audit } from '../repos/audit.js';
import { releaseAllClaimsOf } from '../services/workflow/service.js';
import { forgetUser } from '../cache.js';
import { profilePatch } from '@shared/api/people.js';
import { profilesOf, setProfile } from '../repos/profiles.js';
import { skillScores } from '../repos/assessments.js';

/** User administration: global admins only. */
export const userRoutes = new Hono<AppEnv>()
  .use(requireUser, requireAdmin)
  .get('/', async (c) => {
    const users = await listUsers(c.var.deps.db);
    // Profiles and skill scores (issue 16) ride along: the Users page shows and edits them.
    const ids = users.map((u) => u.id);
    const [profiles, skills] = await Promise.all([profilesOf(c.var.deps.db, ids), skillScores(c.var.deps.db, ids)]);
    return c.json({ users: users.map((u) => ({ ...u, profile: profiles.get(u.id)!, skills: skills.get(u.id)! })) });
  })
  .put('/:id/profile', zv('param', idParam), zv('json', profilePatch), async (c) => {
    const { id } = c.req.valid('param');
    const { db, now } = c.var.deps;
    if (!(await findUser(db, id))) return notFound('user');
    const profile = await setProfile(db, id, c.req.valid('json'));
    await audit(db, { at: now(), userId: c.var.user.id, action: 'user.profile', details: { id, ...c.req.valid('json') } });
    return c.json({ profile });
  })
  .post('/', zv('json', createUserBody), async (c) => {
    const body = c.req.valid('json');
    const { db, now } = c.var.deps;
    if (await findUserByEmail(db, body.email)) return fail(409, 'conflict', `email: ${body.email} already has an account`);
    const passwordHash = await hashPassword(body.password);
    const id = await db.transaction().execute(async (tx) => {
      const id = await insertUser(tx, { ...body, passwordHash, now: now() });
      await setExpertise(tx, id, body.expertise);
      return id;
    });
    await audit(db, { at: now(), userId: c.var.user.id, action: 'user.create', details: { id, email: body.email } });
    const u = await findUser(db, id);
    return c.json({ user: toUserDto(u!, await expertiseOf(db, id)) }, 201);
  })
  .patch('/:id', zv('param', idParam), zv('json', updateUserBody), async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const { db, now } = c.var.deps;
    if (!(await findUser(db, id))) return notFound('user');
    if (id === c.var.user.id && (body.isAdmin === false || body.disabled === true)) {
      return fail(400, 'bad_request', 'you cannot remove your own admin rights or disable yourself');
    }
    await db.transaction().execute(async (tx) => {
      await updateUser(tx, id, body);
      if (body.expertise) await setExpertise(tx, id, body.expertise);
      if (body.disabled) await deleteUserSessions(tx, id);
    });
    // Again after the commit: on Postgres a request between the repo's invalidation and the commit could
    // have cached the old user.
    forgetUser(id);
    // A disabled person's claims go back to the pool now rather than when their leases run out.
    if (body.disabled) await releaseAllClaimsOf(c.var.deps, id);
    await audit(db, { at: now(), userId: c.var.user.id, action: 'user.update', details: { id, ...body } });
    return c.json({ user: toUserDto((await findUser(db, id))!, await expertiseOf(db, id)) });
  })
  .post('/:id/password', zv('param', idParam), zv('json', resetPasswordBody), async (c) => {
    const { id } = c.req.valid('param');
    const { db, now } = c.var.deps;
    if (!(await findUser(db, id))) return notFound('user');
    await updateUser(db, id, { passwordHash: await hashPassword(c.req.valid('json').password) });
    await deleteUserSessions(db, id);
    await audit(db, { at: now(), userId: c.var.user.id, action: 'user.password_reset', details: { id } });
    return c.json({ ok: true as const });
  });
