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

/**
 * Replaces a member's roles; an empty list removes them from the project. Roles they keep keep their date
 * and who gave them, so "added by" stays the person who brought them in.
 */
export async function setRoles(db: Kysely<DB>, projectId: number, userId: number, roles: Role[], now: number, addedBy: number | null = null): Promise<void> {
  const member = db.deleteFrom('project_members').where('project_id', '=', projectId).where('user_id', '=', userId);
  const unique = [...new Set(roles)];
  await (unique.length ? member.where('role', 'not in', unique) : member).execute();
  const held = await rolesIn(db, projectId, userId);
  const added = unique.filter((r) => !held.includes(r));
  if (added.length) {
    await db.insertInto('project_members')
      .values(added.map((role) => ({ project_id: projectId, user_id: userId, role, added_at: now, added_by: addedBy }))).execute();
  }
  forgetMember(projectId, userId);
}

/** Who added a member: null when nobody else did (they created or joined it themself, or it predates the record). */
export function adderOf(m: { userId: number; addedBy: number | null; addedByName: string | null }) {
  return m.addedBy === null || m.addedBy === m.userId || m.addedByName === null ? null : { id: m.addedBy, name: m.addedByName };
}

/** Per project of one user (or just `projectId`): their roles, when they joined (their first role) and who added them then. */
export async function joinedProjects(db: Kysely<DB>, userId: number, projectId?: number) {
  const rows = await db.selectFrom('project_members as m').leftJoin('users as a', 'a.id', 'm.added_by')
    .select(['m.project_id', 'm.role', 'm.added_at', 'm.added_by', 'a.name as adder'])
    .where('m.user_id', '=', userId).$if(projectId !== undefined, (q) => q.where('m.project_id', '=', projectId!))
    .orderBy('m.added_at').execute();
  const out = new Map<number, { roles: Role[]; at: number; by: { id: number; name: string } | null }>();
  for (const r of rows) {
    const j = out.get(r.project_id);
    if (j) j.roles.push(r.role);
    else out.set(r.project_id, { roles: [r.role], at: r.added_at, by: adderOf({ userId, addedBy: r.added_by, addedByName: r.adder }) });
  }
  for (const j of out.values()) j.roles = ROLES.filter((r) => j.roles.includes(r));
  return out;
}

export async function listMembers(db: Kysely<DB>, projectId: number): Promise<MemberDto[]> {
  const rows = await db.selectFrom('project_members as m').innerJoin('users', 'users.id', 'm.user_id').leftJoin('users as a', 'a.id', 'm.added_by')
    .select(['users.id', 'users.email', 'users.name', 'm.role', 'm.added_at', 'm.added_by', 'a.name as adder'])
    .where('m.project_id', '=', projectId).orderBy('users.name').orderBy('users.id').orderBy('m.added_at').execute();
  const byUser = new Map<number, MemberDto>();
  for (const r of rows) {
    // Rows come oldest role first, so the first one seen says when and by whom they joined.
    const m = byUser.get(r.id) ?? {
      userId: r.id, email: r.email, name: r.name, roles: [], expertise: [], addedAt: r.added_at,
      addedBy: adderOf({ userId: r.id, addedBy: r.added_by, addedByName: r.adder }),
    };
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
