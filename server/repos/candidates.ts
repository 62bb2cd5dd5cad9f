import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { CandidateDto } from '@shared/api/people.js';
import { ROLES, type Role } from '@shared/project.js';
import { expertiseByUser } from './users.js';
import { profilesOf } from './profiles.js';
import { skillScores } from './assessments.js';

/**
 * The people a lead may pick from when adding members: those they already share a project with (issue 12:
 * never a walk of every account), or, for an administrator, every active account. Administrators are left
 * out unless already on this project (a lead cannot bring one in).
 */
export async function candidatesFor(db: Kysely<DB>, projectId: number, caller: { id: number; isAdmin: boolean }): Promise<CandidateDto[]> {
  let q = db.selectFrom('users as u').select(['u.id', 'u.name', 'u.email', 'u.is_admin']).where('u.disabled', '=', 0);
  if (!caller.isAdmin) {
    q = q.where('u.id', 'in', db.selectFrom('project_members as theirs').innerJoin('project_members as mine', 'mine.project_id', 'theirs.project_id')
      .select('theirs.user_id').where('mine.user_id', '=', caller.id));
  }
  const users = await q.orderBy('u.name').orderBy('u.id').limit(2000).execute();
  const ids = users.map((u) => Number(u.id));
  const here = ids.length
    ? await db.selectFrom('project_members').select(['user_id', 'role']).where('project_id', '=', projectId).where('user_id', 'in', ids).execute()
    : [];
  const roles = new Map<number, Role[]>();
  for (const r of here) roles.set(Number(r.user_id), [...(roles.get(Number(r.user_id)) ?? []), r.role]);
  const [exp, profiles, skills] = await Promise.all([expertiseByUser(db, ids), profilesOf(db, ids), skillScores(db, ids)]);
  return users.filter((u) => u.is_admin !== 1 || roles.has(Number(u.id))).map((u) => {
    const id = Number(u.id);
    return {
      userId: id, name: u.name, email: u.email, expertise: exp.get(id) ?? [], ...profiles.get(id)!, skills: skills.get(id) ?? {},
      roles: ROLES.filter((r) => roles.get(id)?.includes(r)),
    };
  });
}

/** The members form's filters: every one given must hold. */
export function matches(c: CandidateDto, f: { expertise?: string[]; taskTypes?: string[]; languages?: string[]; level?: string; skill?: string; minScore?: number }): boolean {
  if (!(f.expertise ?? []).every((d) => c.expertise.includes(d))) return false;
  if (!(f.taskTypes ?? []).every((t) => c.taskTypes.includes(t))) return false;
  if (!(f.languages ?? []).every((l) => c.languages.some((x) => x === l || x.startsWith(`${l}-`)))) return false;
  if (f.level && c.level !== f.level) return false;
  if (f.skill) {
    const s = c.skills[f.skill as keyof CandidateDto['skills']];
    if (!s || s.mean < (f.minScore ?? 1)) return false;
  }
  return true;
}
