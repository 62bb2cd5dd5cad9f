import type { Context } from 'hono';
import type { AppEnv, Deps } from '../context.js';
import { fail, notFound } from '../http.js';
import { cachedToken, type CachedToken } from '../cache.js';
import { claimProject, mediaInProject, tokenBySecret, tokenDigest, touchToken } from '../repos/api-tokens.js';
import { expertiseOf, toSessionUser } from '../repos/users.js';

/** How often a token's "last used" is written: a script sending 100 requests a second costs one write a minute. */
export const LAST_USE_EVERY_MS = 60_000;

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `Bearer <token>` (RFC 6750; the scheme is case-insensitive). Never echoed back: it may be a real secret. */
export function bearerOf(header: string): string {
  const m = /^bearer[ ]+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  if (!m) return fail(401, 'unauthorized', 'Authorization header: expected "Bearer <token>" with a personal access token (create one on your account page)');
  return m[1];
}

// Per app (deps), so tests with a moving clock start clean. Entries are a few numbers per token in use.
const lastWrites = new WeakMap<Deps, Map<number, number>>();

async function noteUse(deps: Deps, id: number, at: number): Promise<void> {
  let m = lastWrites.get(deps);
  if (!m) lastWrites.set(deps, m = new Map());
  const last = m.get(id);
  if (last !== undefined && at - last < LAST_USE_EVERY_MS && at >= last) return;
  if (m.size >= 100_000) m.clear();
  m.set(id, at);
  await touchToken(deps.db, id, at);
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The token a request presents, with its owner; a 401 saying why when it cannot be used. Messages never
 * contain the token, so they are safe in a client's logs.
 */
export async function authenticateToken(deps: Deps, secret: string): Promise<CachedToken> {
  const { db } = deps;
  const at = deps.now();
  let why = 'unknown API token: check that it was copied whole, or create a new one on your account page';
  const token = await cachedToken(db, tokenDigest(secret), at, async () => {
    const t = await tokenBySecret(db, secret);
    if (!t) return undefined;
    if (t.revoked_at !== null) { why = `this API token was revoked on ${day(Number(t.revoked_at))}: create a new one on your account page`; return undefined; }
    if (Number(t.expires_at) <= at) { why = `this API token expired on ${day(Number(t.expires_at))}: create a new one on your account page`; return undefined; }
    if (t.disabled === 1) { why = 'the account of this API token is disabled'; return undefined; }
    const expertise = Object.freeze(await expertiseOf(db, Number(t.user_id))) as string[];
    const user = Object.freeze(toSessionUser({ ...t, id: Number(t.user_id) }, expertise));
    return { id: Number(t.id), user, projectId: t.project_id === null ? null : Number(t.project_id), readOnly: t.read_only === 1, expiresAt: Number(t.expires_at) };
  });
  if (!token) return fail(401, 'unauthorized', why);
  await noteUse(deps, token.id, at);
  return token;
}

/**
 * Where a project-scoped token may go: its project's routes (another project answers 404, as it would a
 * stranger), its claims and media, the project list (filtered by the route) and who it belongs to. Every
 * other route (user administration, creating projects, managing tokens) is refused: a route added later
 * is closed to scoped tokens until it is listed here.
 */
async function checkScope(c: Context<AppEnv>, projectId: number): Promise<void> {
  const path = c.req.path.replace(/\/+$/, '');
  const { db } = c.var.deps;
  const project = /^\/api\/projects\/([^/]+)/.exec(path);
  if (project) {
    if (project[1] !== String(projectId)) notFound('project');
    return;
  }
  if (path === '/api/projects' && c.req.method === 'GET') return;
  if (path === '/api/auth/me') return;
  const claim = /^\/api\/assignments\/(\d{1,16})(\/|$)/.exec(path);
  if (claim) {
    if ((await claimProject(db, Number(claim[1]))) !== projectId) notFound('claim');
    return;
  }
  const media = /^\/api\/media\/([0-9a-f]{64})(\/|$)/.exec(path);
  if (media) {
    if (!(await mediaInProject(db, media[1], projectId))) notFound('media');
    return;
  }
  fail(403, 'forbidden', `this API token is limited to project ${projectId}: it cannot be used for ${c.req.method} ${path}`);
}

/** Signs the request in with its bearer token and applies the token's limits (read-only, project scope). */
export async function tokenSignIn(c: Context<AppEnv>, header: string): Promise<void> {
  const token = await authenticateToken(c.var.deps, bearerOf(header));
  if (token.readOnly && !SAFE.has(c.req.method)) fail(403, 'forbidden', `this API token is read-only: ${c.req.method} requests are refused (create a token without "read-only" to make changes)`);
  if (token.projectId !== null) await checkScope(c, token.projectId);
  c.set('user', token.user);
  c.set('token', { id: token.id, projectId: token.projectId, readOnly: token.readOnly });
}

/** Whether the request may reach this project: always with a session, only its own with a scoped token. */
export const inTokenScope = (c: Context<AppEnv>, projectId: number) => {
  const t = c.get('token');
  return !t || t.projectId === null || t.projectId === projectId;
};
