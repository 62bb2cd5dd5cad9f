import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { fail, notFound, zv } from '../http.js';
import { requireAdmin, requireUser } from '../middleware.js';
import { createTokenBody, tokenIdParam, TOKEN_LIVE_LIMIT, type CreatedTokenDto } from '@shared/api/tokens.js';
import { countLiveTokens, createToken, getToken, listLiveTokens, listTokens, revokeToken, tokenDtoById } from '../repos/api-tokens.js';
import { rolesIn } from '../repos/members.js';
import { audit } from '../repos/audit.js';

const DAY_MS = 86_400_000;

/**
 * A person's API tokens (account page, `npm run triad -- token …`), and every live token for administrators.
 * The secret is in the create call's answer only; the database keeps its SHA-256.
 */
export const tokenRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/', async (c) => c.json({ tokens: await listTokens(c.var.deps.db, c.var.user.id, c.var.deps.now()) }))
  .post('/', async (c, next) => {
    // Before the body is read. A leaked token must not be able to mint fresh ones that outlive its revocation.
    if (c.get('token')) return fail(403, 'forbidden', 'API tokens are created from a signed-in session (your account page) or the command line, not with another token');
    await next();
  }, zv('json', createTokenBody), async (c) => {
    const body = c.req.valid('json');
    const { db, now } = c.var.deps;
    const me = c.var.user.id;
    const at = now();
    // Scoped to a project they are not on: the same answer as for a project that does not exist.
    if (body.projectId !== null && (await rolesIn(db, body.projectId, me)).length === 0) return fail(404, 'not_found', `projectId: you are not a member of project ${body.projectId}`);
    if ((await countLiveTokens(db, me, at)) >= TOKEN_LIVE_LIMIT) {
      return fail(409, 'conflict', `you already have ${TOKEN_LIVE_LIMIT} live API tokens: revoke one you no longer use first`);
    }
    const { id, secret } = await createToken(db, { userId: me, name: body.name, projectId: body.projectId, readOnly: body.readOnly, now: at, expiresAt: at + body.expiresInDays * DAY_MS });
    await audit(db, { at, userId: me, projectId: body.projectId, action: 'token.create', details: { id, name: body.name, readOnly: body.readOnly, expiresInDays: body.expiresInDays } });
    const answer: CreatedTokenDto = { token: (await tokenDtoById(db, id, at))!, secret };
    return c.json(answer, 201);
  })
  .get('/all', requireAdmin, async (c) => c.json({ tokens: await listLiveTokens(c.var.deps.db, c.var.deps.now()) }))
  // Its owner revokes a token, or an administrator anyone's; revoking twice is not an error.
  .delete('/:id', zv('param', tokenIdParam), async (c) => {
    const { id } = c.req.valid('param');
    const { db, now } = c.var.deps;
    const t = await getToken(db, id);
    if (!t || (Number(t.user_id) !== c.var.user.id && !c.var.user.isAdmin)) return notFound('token');
    if (await revokeToken(db, id, c.var.user.id, now())) {
      await audit(db, { at: now(), userId: c.var.user.id, action: 'token.revoke', details: { id, owner: Number(t.user_id), name: t.name } });
    }
    return c.json({ token: (await tokenDtoById(db, id, now()))! });
  });
