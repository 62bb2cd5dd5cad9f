import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../context.js';
import { fail, zv } from '../http.js';
import { loginBody } from '@shared/api/auth.js';
import { findUserByEmail, expertiseOf } from '../repos/users.js';
import { createSession, deleteSession } from '../repos/sessions.js';
import { verifyPassword } from '../services/passwords.js';
import { requireUser, SESSION_COOKIE } from '../middleware.js';
import { audit } from '../repos/audit.js';

export const authRoutes = new Hono<AppEnv>()
  .post('/login', zv('json', loginBody), async (c) => {
    const { email, password } = c.req.valid('json');
    const { db, now, sessionTtlMs } = c.var.deps;
    const u = await findUserByEmail(db, email);
    // One message for unknown email and wrong password, so the form does not reveal who has an account.
    if (!u || u.disabled || !(await verifyPassword(password, u.password_hash))) {
      return fail(401, 'unauthorized', 'wrong email or password');
    }
    const token = await createSession(db, u.id, now(), sessionTtlMs);
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true, sameSite: 'Lax', path: '/', maxAge: Math.floor(sessionTtlMs / 1000),
      secure: c.req.url.startsWith('https:'),
    });
    await audit(db, { at: now(), userId: u.id, action: 'login' });
    return c.json({ user: { id: u.id, email: u.email, name: u.name, isAdmin: u.is_admin === 1, expertise: await expertiseOf(db, u.id) } });
  })
  .post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await deleteSession(c.var.deps.db, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true as const });
  })
  .get('/me', requireUser, (c) => c.json({ user: c.var.user }));
