import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { SessionUser, UserDto } from '@shared/api/auth.js';
import { forgetUser } from '../cache.js';
import { projectCreators } from '../settings.js';

export async function expertiseOf(db: Kysely<DB>, userId: number): Promise<string[]> {
  const rows = await db.selectFrom('user_expertise').select('domain').where('user_id', '=', userId)
    .orderBy('domain').execute();
  return rows.map((r) => r.domain);
}

export async function expertiseByUser(db: Kysely<DB>, userIds: number[]): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return map;
  const rows = await db.selectFrom('user_expertise').select(['user_id', 'domain'])
    .where('user_id', 'in', userIds).orderBy('domain').execute();
  for (const r of rows) map.get(r.user_id)?.push(r.domain);
  return map;
}

export async function setExpertise(db: Kysely<DB>, userId: number, domains: string[]): Promise<void> {
  await db.deleteFrom('user_expertise').where('user_id', '=', userId).execute();
  const unique = [...new Set(domains)];
  if (unique.length) {
    await db.insertInto('user_expertise').values(unique.map((domain) => ({ user_id: userId, domain }))).execute();
  }
  forgetUser(userId);
}

export async function findUserByEmail(db: Kysely<DB>, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function findUser(db: Kysely<DB>, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Kysely<DB>, u: {
  email: string; name: string; passwordHash: string; isAdmin: boolean; canCreateProjects?: boolean; now: number;
}): Promise<number> {
  const row = await db.insertInto('users').values({
    email: u.email.toLowerCase(), name: u.name, password_hash: u.passwordHash,
    is_admin: u.isAdmin ? 1 : 0, can_create_projects: u.canCreateProjects ? 1 : 0, disabled: 0, created_at: u.now,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateUser(db: Kysely<DB>, id: number, patch: {
  name?: string; isAdmin?: boolean; disabled?: boolean; canCreateProjects?: boolean; passwordHash?: string;
}): Promise<void> {
  const values: Record<string, unknown> = {};
  if (patch.name !== undefined) values.name = patch.name;
  if (patch.isAdmin !== undefined) values.is_admin = patch.isAdmin ? 1 : 0;
  if (patch.disabled !== undefined) values.disabled = patch.disabled ? 1 : 0;
  if (patch.canCreateProjects !== undefined) values.can_create_projects = patch.canCreateProjects ? 1 : 0;
  if (patch.passwordHash !== undefined) values.password_hash = patch.passwordHash;
  if (Object.keys(values).length) await db.updateTable('users').set(values).where('id', '=', id).execute();
  forgetUser(id);
}

export async function listUsers(db: Kysely<DB>): Promise<UserDto[]> {
  const users = await db.selectFrom('users').selectAll().orderBy('name').execute();
  const exp = await expertiseByUser(db, users.map((u) => u.id));
  return users.map((u) => toUserDto(u, exp.get(u.id) ?? []));
}

export function toUserDto(u: { id: number; email: string; name: string; is_admin: number; disabled: number; can_create_projects: number; created_at: number }, expertise: string[]): UserDto {
  return {
    id: u.id, email: u.email, name: u.name, isAdmin: u.is_admin === 1, disabled: u.disabled === 1,
    canCreateProjects: u.can_create_projects === 1, expertise, createdAt: u.created_at,
  };
}

/** Whether this account may start a project now: an admin, someone an admin allowed, or anyone under TRIAD_PROJECT_CREATORS=everyone. */
export function mayCreateProjects(u: { is_admin: number; can_create_projects: number }): boolean {
  return u.is_admin === 1 || u.can_create_projects === 1 || projectCreators() === 'everyone';
}

/** The signed-in person as the API describes them (login answer, /auth/me, the request context). */
export function toSessionUser(u: { id: number; email: string; name: string; is_admin: number; can_create_projects: number }, expertise: string[]): SessionUser {
  return { id: u.id, email: u.email, name: u.name, isAdmin: u.is_admin === 1, expertise, canCreateProjects: mayCreateProjects(u) };
}

/** Display names by user id (for "published by", "added by" and the like). */
export async function userNames(db: Kysely<DB>, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const us = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(us.map((u) => [Number(u.id), u.name]));
}
