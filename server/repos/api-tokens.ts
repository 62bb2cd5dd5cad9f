import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ApiTokensTable, DB } from '../db/types.js';
import { TOKEN_PREFIX, type AdminTokenDto, type TokenDto } from '@shared/api/tokens.js';
import { forgetToken } from '../cache.js';

/** SHA-256 suffices: the token holds 256 random bits, so no dictionary or brute force reaches it (unlike a password). */
export const tokenDigest = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new secret: the prefix, then 32 random bytes in base64url (43 characters). */
export const newTokenSecret = () => TOKEN_PREFIX + randomBytes(32).toString('base64url');

/** The first characters of the random part: enough to tell tokens apart in a list, far from enough to guess one. */
const hintOf = (secret: string) => secret.slice(0, TOKEN_PREFIX.length + 4);

type Row = Pick<ApiTokensTable, 'name' | 'hint' | 'project_id' | 'read_only' | 'created_at' | 'expires_at' | 'last_used_at' | 'revoked_at'> & { id: number; project_name: string | null };

export function toTokenDto(r: Row, now: number): TokenDto {
  const revokedAt = r.revoked_at === null ? null : Number(r.revoked_at);
  const expiresAt = Number(r.expires_at);
  return {
    id: Number(r.id), name: r.name, hint: r.hint, projectId: r.project_id === null ? null : Number(r.project_id), projectName: r.project_name,
    readOnly: r.read_only === 1, createdAt: Number(r.created_at), expiresAt, lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
    revokedAt, status: revokedAt !== null ? 'revoked' : expiresAt <= now ? 'expired' : 'active',
  };
}

export async function createToken(db: Kysely<DB>, t: {
  userId: number; name: string; projectId: number | null; readOnly: boolean; now: number; expiresAt: number;
}): Promise<{ id: number; secret: string }> {
  const secret = newTokenSecret();
  const row = await db.insertInto('api_tokens').values({
    user_id: t.userId, name: t.name, token_hash: tokenDigest(secret), hint: hintOf(secret), project_id: t.projectId,
    read_only: t.readOnly ? 1 : 0, created_at: t.now, expires_at: t.expiresAt, last_used_at: null, revoked_at: null, revoked_by: null,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: Number(row.id), secret };
}

const listed = (db: Kysely<DB>) => db.selectFrom('api_tokens as t').leftJoin('projects as p', 'p.id', 't.project_id')
  .select(['t.id', 't.user_id', 't.name', 't.hint', 't.project_id', 'p.name as project_name', 't.read_only', 't.created_at', 't.expires_at', 't.last_used_at', 't.revoked_at']);

/** A person's tokens, newest first (revoked and expired ones too, so they can see what stopped working). */
export async function listTokens(db: Kysely<DB>, userId: number, now: number, limit = 200): Promise<TokenDto[]> {
  const rows = await listed(db).where('t.user_id', '=', userId).orderBy('t.created_at', 'desc').orderBy('t.id', 'desc').limit(limit).execute();
  return rows.map((r) => toTokenDto(r, now));
}

/** Every live token of the instance with its owner, for administrators (revoked and expired ones can do nothing). */
export async function listLiveTokens(db: Kysely<DB>, now: number, limit = 1000): Promise<AdminTokenDto[]> {
  const rows = await listed(db).innerJoin('users as u', 'u.id', 't.user_id').select(['u.email as user_email', 'u.name as user_name'])
    .where('t.revoked_at', 'is', null).where('t.expires_at', '>', now)
    .orderBy('u.email').orderBy('t.created_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...toTokenDto(r, now), userId: Number(r.user_id), userEmail: r.user_email, userName: r.user_name }));
}

export async function tokenDtoById(db: Kysely<DB>, id: number, now: number): Promise<TokenDto | undefined> {
  const r = await listed(db).where('t.id', '=', id).executeTakeFirst();
  return r && toTokenDto(r, now);
}

export async function countLiveTokens(db: Kysely<DB>, userId: number, now: number): Promise<number> {
  const r = await db.selectFrom('api_tokens').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId).where('revoked_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function getToken(db: Kysely<DB>, id: number) {
  return db.selectFrom('api_tokens').select(['id', 'user_id', 'name', 'revoked_at', 'token_hash']).where('id', '=', id).executeTakeFirst();
}

/** Marks a token revoked (kept, so its next use answers "revoked"); `by` null: from the command line. False when it already was. */
export async function revokeToken(db: Kysely<DB>, id: number, by: number | null, now: number): Promise<boolean> {
  const t = await getToken(db, id);
  if (!t || t.revoked_at !== null) return false;
  await db.updateTable('api_tokens').set({ revoked_at: now, revoked_by: by }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  forgetToken(t.token_hash);
  return true;
}

/** A token presented in a request, with its owner; undefined when no token has this secret. */
export async function tokenBySecret(db: Kysely<DB>, secret: string) {
  const hash = tokenDigest(secret);
  const r = await db.selectFrom('api_tokens as t').innerJoin('users as u', 'u.id', 't.user_id')
    .select([
      't.id', 't.token_hash', 't.project_id', 't.read_only', 't.expires_at', 't.revoked_at',
      'u.id as user_id', 'u.email', 'u.name', 'u.is_admin', 'u.can_create_projects', 'u.disabled',
    ])
    .where('t.token_hash', '=', hash).executeTakeFirst();
  // The index found the row by equality; compare the digests in constant time as well, so no code path
  // (a driver's collation, a future LIKE) can turn a partial match into a timing signal.
  if (!r || !timingSafeEqual(Buffer.from(r.token_hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
  return r;
}

export async function touchToken(db: Kysely<DB>, id: number, at: number): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** The project of a claim, for project-scoped tokens (a claim of another project answers 404). */
export async function claimProject(db: Kysely<DB>, assignmentId: number): Promise<number | undefined> {
  const r = await db.selectFrom('assignments').select('project_id').where('id', '=', assignmentId).executeTakeFirst();
  return r ? Number(r.project_id) : undefined;
}

/** Whether a media file belongs to a project, for project-scoped tokens. */
export async function mediaInProject(db: Kysely<DB>, mediaId: string, projectId: number): Promise<boolean> {
  const r = await db.selectFrom('media_projects').select('media_id').where('media_id', '=', mediaId).where('project_id', '=', projectId)
    .limit(1).executeTakeFirst();
  return r !== undefined;
}
