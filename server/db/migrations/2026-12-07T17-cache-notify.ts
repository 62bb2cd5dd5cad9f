import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * Postgres: every change to what the request caches hold (server/cache.ts: sessions and their users with
 * expertise, roles in projects, projects with their guideline version, API tokens) is announced on the
 * channel `triad_cache_<schema>` when its transaction commits, whichever process or script made it. Each
 * API process listens (db/change-feed.ts) and drops the entries concerned, so a role removed through one
 * process applies in every other one at once, not after a TTL, and the caches can keep entries long.
 *
 * Payloads: `u:<user id>` (the user, their expertise or one of their sessions), `m:<project id>:<user id>`
 * (a membership), `p:<project id>` (a project or its guidelines), `t:<token hash>` (an API token's
 * revocation or expiry; its last-use stamp is no change). Postgres folds identical notifications of one
 * transaction into one. SQLite has one API process: its caches keep the short TTL.
 */
const WATCHED: { table: string; events: string; payload: string[] }[] = [
  { table: 'users', events: 'update or delete', payload: ['u', 'id'] },
  { table: 'sessions', events: 'update or delete', payload: ['u', 'user_id'] },
  { table: 'user_expertise', events: 'insert or update or delete', payload: ['u', 'user_id'] },
  { table: 'project_members', events: 'insert or update or delete', payload: ['m', 'project_id', 'user_id'] },
  { table: 'projects', events: 'update or delete', payload: ['p', 'id'] },
  { table: 'guideline_versions', events: 'insert or update or delete', payload: ['p', 'project_id'] },
  { table: 'api_tokens', events: 'update of revoked_at, expires_at, user_id, project_id, read_only or delete', payload: ['t', 'token_hash'] },
];

const trigger = (table: string) => `${table}_cache_notify`;

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  // The first argument is the payload's kind, the others the columns whose values follow it.
  await sql`create function triad_cache_notify() returns trigger language plpgsql as $$
    declare
      r jsonb := to_jsonb(case when tg_op = 'DELETE' then old else new end);
      p text := tg_argv[0];
    begin
      for i in 1 .. tg_nargs - 1 loop
        p := p || ':' || coalesce(r ->> tg_argv[i], '');
      end loop;
      perform pg_notify('triad_cache_' || tg_table_schema, p);
      return null;
    end $$`.execute(db);
  for (const w of WATCHED) {
    const args = w.payload.map((a) => `'${a}'`).join(', ');
    await sql.raw(`create trigger ${trigger(w.table)} after ${w.events} on ${w.table} for each row execute function triad_cache_notify(${args})`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const w of WATCHED) await sql.raw(`drop trigger if exists ${trigger(w.table)} on ${w.table}`).execute(db);
  await sql`drop function if exists triad_cache_notify()`.execute(db);
}
