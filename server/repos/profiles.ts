import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { Level, Profile } from '@shared/api/people.js';

// People's profiles beside their expertise (issue 16 part 3). A person without a row has an empty profile.

const EMPTY: Profile = { level: null, taskTypes: [], languages: [] };

function toProfile(r: { level: string | null; task_types_json: string; languages_json: string } | undefined): Profile {
  if (!r) return { ...EMPTY };
  return { level: r.level as Level | null, taskTypes: JSON.parse(r.task_types_json), languages: JSON.parse(r.languages_json) };
}

export async function profilesOf(db: Kysely<DB>, userIds: number[]): Promise<Map<number, Profile>> {
  const out = new Map<number, Profile>(userIds.map((id) => [id, { ...EMPTY }]));
  if (!userIds.length) return out;
  const rows = await db.selectFrom('user_profiles').selectAll().where('user_id', 'in', [...new Set(userIds)]).execute();
  for (const r of rows) out.set(Number(r.user_id), toProfile(r));
  return out;
}

export async function profileOf(db: Kysely<DB>, userId: number): Promise<Profile> {
  return (await profilesOf(db, [userId])).get(userId)!;
}

/** Changes the given fields only; lists are stored without repeats. */
export async function setProfile(db: Kysely<DB>, userId: number, patch: Partial<Profile>): Promise<Profile> {
  const now = { ...(await profileOf(db, userId)), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as Profile;
  const values = {
    level: now.level, task_types_json: JSON.stringify([...new Set(now.taskTypes)]), languages_json: JSON.stringify([...new Set(now.languages)]),
  };
  await db.insertInto('user_profiles').values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values)).execute();
  return profileOf(db, userId);
}
