import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { prepared } from '../db/prepared.js';

/**
 * Postgres: rewrites the domains a row still lacks among its current holders (the round's label slots,
 * active or submitted, and an active QA slot) in one statement, where reading the row, its holders and their
 * expertise and then writing the difference took five round trips. Same result as `missingDomains` over
 * `holders` and `expertiseByUser` followed by `writeNeeds` (transaction.ts does that on SQLite). The caller
 * holds the row's lock or works inside the claim that changed its holders.
 */
const refreshQ = prepared<{ rowId: number }, never>((_db, p) => sql`
  with r as (select id, project_id, state, round, expertise_json from rows where id = ${p('rowId')} and expertise_json <> '[]'),
    hs as (select a.user_id from assignments a, r where a.row_id = r.id and a.round = r.round
      and (a.status = 'active' or (a.status = 'submitted' and a.kind = 'label'))),
    need as (select distinct d.domain from r, json_array_elements_text(r.expertise_json::json) as d(domain)
      where not exists (select 1 from user_expertise e where e.domain = d.domain and e.user_id in (select user_id from hs))),
    dropped as (delete from row_needs n using r where n.row_id = r.id and n.domain not in (select domain from need)),
    added as (insert into row_needs (row_id, project_id, domain, state)
      select r.id, r.project_id, need.domain, r.state from r, need
      where not exists (select 1 from row_needs n where n.row_id = r.id and n.domain = need.domain))
  select 1`);

export async function refreshNeedsPg(db: Kysely<DB>, rowId: number): Promise<void> {
  await refreshQ(db, { rowId });
}
