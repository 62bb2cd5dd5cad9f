import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv, Deps } from '../context.js';
import { errorBody, fail, zv } from '../http.js';
import { loginBody } from '@shared/api/auth.js';
import { findUserByEmail, expertiseOf, updateUser, toSessionUser } from '../repos/users.js';
import { createSession, deleteSession } from '../repos/sessions.js';
import { assertHashingFree, hashPassword, HashingBusy, needsRehash, verifyDummy, verifyPassword } from '../services/passwords.js';
import { LoginGuard } from '../services/login-guard.js';
import { clientAddress } from '../services/client-address.js';
import { requireUser, SESSION_COOKIE } from '../middleware.js';
import { audit } from '../repos/audit.js';
import { isHttpsPublic } from '../settings.js';

// One guard per app, so each test environment (and its movable clock) starts with clean counters.
const guards = new WeakMap<Deps, LoginGuard>();
const guardOf = (deps: Deps) => {
  let g = guards.get(deps);
  if (!g) guards.set(deps, g = new LoginGuard(deps.now));
  return g;
};

/**
 * Behind a TLS-terminating proxy the server itself sees http, so TRIAD_PUBLIC_URL (https://…) decides;
 * a server reached over https directly marks it Secure too.
 */
export const secureCookie = (c: Context) => isHttpsPublic() || new URL(c.req.url).protocol === 'https:';

const retryLater = (c: Context, status: 429 | 503, code: 'rate_limited' | 'busy', message: string, retryAfterS: number) =>
  c.json(errorBody(code, message, { retryAfterS }), status, { 'Retry-After': String(retryAfterS) });

export const authRoutes = new Hono<AppEnv>()
  .post('/login', zv('json', loginBody), async (c) => {
    const { email, password } = c.req.valid('json');
    const { db, now, sessionTtlMs } = c.var.deps;
    const verdict = guardOf(c.var.deps).attempt(email, clientAddress(c));
    if (!verdict.ok) return retryLater(c, 429, 'rate_limited', verdict.message, verdict.retryAfterS);
    let u: Awaited<ReturnType<typeof findUserByEmail>>;
    let ok: boolean;
    try {
      assertHashingFree();
      u = await findUserByEmail(db, email);
      // Unknown and disabled accounts pay for a hash too, so the answer time does not tell who has an account.
      ok = u && !u.disabled ? await verifyPassword(password, u.password_hash) : await verifyDummy(password);
    } catch (e) {
      verdict.done('aborted');
      if (e instanceof HashingBusy) return retryLater(c, 503, 'busy', e.message, e.retryAfterS);
      throw e;
    }
    verdict.done(ok ? 'success' : 'failure');
    // One message for unknown email and wrong password, so the form does not reveal who has an account.
    if (!u || !ok) return fail(401, 'unauthorized', 'wrong email or password');
    if (needsRehash(u.password_hash)) await updateUser(db, u.id, { passwordHash: await hashPassword(password) });
    const token = await createSession(db, u.id, now(), sessionTtlMs);
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true, sameSite: 'Lax', path: '/', maxAge: Math.floor(sessionTtlMs / 1000), secure: secureCookie(c),
    });
    await audit(db, { at: now(), userId: u.id, action: 'login' });
    return c.json({ user: toSessionUser(u, await expertiseOf(db, u.id)) });
  })
  .post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await deleteSession(c.var.deps.db, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secureCookie(c) });
    return c.json({ ok: true as const });
  })
  .get('/me', requireUser, (c) => c.json({ user: c.var.user }));
