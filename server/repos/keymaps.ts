import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { KeymapOverrides } from '@shared/keymap/actions.js';

/** A person's remapped keys (only the actions they moved); `{}` when they kept every default. */
export async function getKeymap(db: Kysely<DB>, userId: number): Promise<KeymapOverrides> {
  const row = await db.selectFrom('user_keymaps').select('keys').where('user_id', '=', userId).executeTakeFirst();
  return row ? (JSON.parse(row.keys) as KeymapOverrides) : {};
}

/** Replaces the person's remaps; an empty object goes back to the defaults (the row is removed). */
export async function setKeymap(db: Kysely<DB>, userId: number, keys: KeymapOverrides, now: number): Promise<void> {
  if (Object.keys(keys).length === 0) {
    await db.deleteFrom('user_keymaps').where('user_id', '=', userId).execute();
    return;
  }
  const json = JSON.stringify(keys);
  await db
    .insertInto('user_keymaps')
    .values({ user_id: userId, keys: json, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ keys: json, updated_at: now }))
    .execute();
}
