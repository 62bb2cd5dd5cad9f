import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { MemberDto } from '@shared/api/projects.js';
import { ROLES, type Role } from '@shared/project.js';
import { expertiseByUser } from './users.js';
import { forgetMember } from '../cache.js';

export async function rolesIn(db: Kysely<DB>, projectId: number, userId: number): Promise<Role[]> {
  const rows = await db.selectFrom('project_members').select('role')
    .where('project_id', '=', projectId).where('user_id', '=', userId).execute();
  return ROLES.filter((r) => rows.some((x) => x.role === r));
}

/** Replaces a member's roles; an empty list removes them from the project. */
export async function setRoles(db: Kysely<DB>, projectId: number, userId: number, roles: Role[], now: number): Promise<void> {
  await db.deleteFrom('project_members').where('project_id', '=', projectId).where('user_id', '=', userId).execute();
  const unique = [...new Set(roles)];
  if (unique.length) {
    await db.insertInto('project_members')
      .values(unique.map((role) => ({ project_id: projectId, user_id: userId, role, added_at: now }))).execute();
  }
  forgetMember(projectId, userId);
}

export async function listMembers(db: Kysely<DB>, projectId: number): Promise<MemberDto[]> {
  const rows = await db.selectFrom('project_members').innerJoin('users', 'users.id', 'project_members.user_id')
    .select(['users.id', 'users.email', 'users.name', 'project_members.role'])
    .where('project_members.project_id', '=', projectId).orderBy('users.name').execute();
  const byUser = new Map<number, MemberDto>();
  for (const r of rows) {
    const m = byUser.get(r.id) ?? { userId: r.id, email: r.email, name: r.name, roles: [], expertise: [] };
    m.roles.push(r.role);
    byUser.set(r.id, m);
  }
  const exp = await expertiseByUser(db, [...byUser.keys()]);
  for (const m of byUser.values()) {
    m.roles = ROLES.filter((r) => m.roles.includes(r));
    m.expertise = exp.get(m.userId) ?? [];
  }
  return [...byUser.values()];
}
