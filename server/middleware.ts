import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './context.js';
import { fail, notFound } from './http.js';
import { sessionUser } from './repos/sessions.js';
import { expertiseOf, toSessionUser } from './repos/users.js';
import { rolesIn } from './repos/members.js';
import type { Role } from '@shared/project.js';
import { cachedRoles, cachedSession } from './cache.js';
import { allowedOrigins, publicUrl } from './settings.js';
import { inTokenScope, tokenSignIn } from './services/token-auth.js';
import { importingRow } from './repos/visible.js';

export const SESSION_COOKIE = 'triad_session';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence on top of SameSite cookies: a browser always sends Origin on a cross-site write, so a write
 * whose Origin is not this server's is refused. Scheme, host and port all count (http://host is not
 * https://host). This server's origin is TRIAD_PUBLIC_URL's when set; otherwise the request's own, whose
 * scheme is that of the connection: X-Forwarded-Proto is not trusted, since anyone can send it, so a TLS
 * proxy must be named in TRIAD_PUBLIC_URL. Clients that send no Origin (curl, scripts) carry no ambient
 * browser cookie risk.
 */
export const originCheck = createMiddleware<AppEnv>(async (c, next) => {
  if (SAFE.has(c.req.method)) return next();
  // A request with an Authorization header signs in with its token only (requireUser ignores the cookie),
  // and a cross-site page cannot add that header without a CORS preflight this server never grants.
  if (c.req.header('authorization') !== undefined) return next();
  const origin = c.req.header('origin');
  if (origin === undefined) return next();
  if (origin === 'null') return fail(403, 'forbidden', 'writes from an opaque origin are refused');
  let theirs: string;
  try { theirs = new URL(origin).origin; } catch { return fail(403, 'forbidden', 'bad Origin header'); }
  const configured = publicUrl();
  const ours = configured?.origin ?? new URL(c.req.url).origin;
  if (theirs !== ours && !allowedOrigins().includes(theirs)) {
    const hint = configured
      ? 'open Triad at that address, or add this origin to TRIAD_ALLOWED_ORIGINS'
      : 'behind a proxy, set TRIAD_PUBLIC_URL to the address people open';
    return fail(403, 'forbidden', `cross-origin write from ${origin} refused: this server is ${ours} (${hint})`);
  }
  await next();
});

/**
 * Several route groups share the /api/projects prefix and each guards itself with this, so one request
 * can pass through it several times: only the first reads the session.
 */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('user')) return next();
  // Scripts sign in with a personal access token; the cookie is then not looked at.
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    await tokenSignIn(c, authorization);
    return next();
  }
  const token = getCookie(c, SESSION_COOKIE);
  const { db, now } = c.var.deps;
  const at = now();
  const user = token ? await cachedSession(db, token, at, async () => {
    const u = await sessionUser(db, token, at);
    if (!u) return undefined;
    // Shared by every request of the session while cached: frozen so no handler can change it for the others.
    const expertise = Object.freeze(await expertiseOf(db, u.id)) as string[];
    return { user: Object.freeze(toSessionUser(u, expertise)), expiresAt: u.expires_at };
  }) : undefined;
  if (!user) return fail(401, 'unauthorized', token ? 'your session has expired: sign in again' : 'sign in first');
  c.set('user', user);
  await next();
});

export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.user.isAdmin) return fail(403, 'forbidden', 'only an administrator can do this');
  await next();
});

/**
 * Loads the caller's roles in `:projectId`. A non-member gets 404 whatever the route, so project ids
 * reveal nothing; a member without one of `roles` gets 403.
 */
export const projectAccess = (...roles: Role[]) => createMiddleware<AppEnv>(async (c, next) => {
  const raw = c.req.param('projectId');
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) return fail(400, 'bad_request', `projectId: expected a positive project id, got "${raw}"`);
  // A token limited to another project meets this project as a stranger would.
  if (!inTokenScope(c, id)) return notFound('project');
  const { db } = c.var.deps;
  const mine = await cachedRoles(db, id, c.var.user.id, () => rolesIn(db, id, c.var.user.id));
  if (mine.length === 0) return notFound('project');
  if (roles.length && !roles.some((r) => mine.includes(r))) {
    return fail(403, 'forbidden', `this needs the ${roles.join(' or ')} role in this project`);
  }
  c.set('project', { id, roles: mine });
  await next();
});

/**
 * A row an import is still writing is not found, whatever the route does with it. After projectAccess and
 * every validator: a bad body is refused for a hidden row as for a missing one, so nothing tells them apart.
 */
export const rowShown = createMiddleware<AppEnv>(async (c, next) => {
  const rowId = Number(c.req.param('rowId'));
  if (Number.isSafeInteger(rowId) && (await importingRow(c.var.deps.db, c.var.project.id, rowId))) return notFound('row');
  await next();
});
