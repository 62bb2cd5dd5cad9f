import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { forgetSession, forgetUser } from '../cache.js';

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(db: Kysely<DB>, userId: number, now: number, ttlMs: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.insertInto('sessions').values({ id: digest(token), user_id: userId, created_at: now, expires_at: now + ttlMs }).execute();
  return token;
}

/** The live session's user, or undefined when the token is unknown, expired or the user disabled. */
export async function sessionUser(db: Kysely<DB>, token: string, now: number) {
  return db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.email', 'users.name', 'users.is_admin', 'users.can_create_projects', 'sessions.expires_at'])
    .where('sessions.id', '=', digest(token)).where('sessions.expires_at', '>', now).where('users.disabled', '=', 0)
    .executeTakeFirst();
}

export async function deleteSession(db: Kysely<DB>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', digest(token)).execute();
  forgetSession(token);
}

export async function deleteUserSessions(db: Kysely<DB>, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  forgetUser(userId);
}

export async function purgeExpiredSessions(db: Kysely<DB>, now: number): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}
