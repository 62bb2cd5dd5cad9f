import type { Kysely } from 'kysely';
import type { AssignmentKind, AssignmentStatus, DB } from '../db/types.js';

/** Someone on a row's current round: holding a slot (active) or done with it (submitted). */
export interface RowPerson {
  userId: number;
  name: string;
  kind: AssignmentKind;
  status: AssignmentStatus;
  expertise: string[];
}

/** The people of each row's current round, with their domains: the listing's "who" and "QA" columns. */
export async function currentPeople(db: Kysely<DB>, rows: readonly { id: number; round: number }[]): Promise<Map<number, RowPerson[]>> {
  const out = new Map<number, RowPerson[]>(rows.map((r) => [r.id, []]));
  if (!rows.length) return out;
  const round = new Map(rows.map((r) => [r.id, r.round]));
  const slots = (await db.selectFrom('assignments as a').innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.row_id', 'a.round', 'a.kind', 'a.status', 'a.user_id', 'u.name'])
    .where('a.row_id', 'in', rows.map((r) => r.id)).where('a.status', 'in', ['active', 'submitted']).orderBy('a.id').execute())
    .filter((s) => round.get(s.row_id) === s.round);
  const userIds = [...new Set(slots.map((s) => s.user_id))];
  const domains = new Map<number, string[]>(userIds.map((u) => [u, []]));
  if (userIds.length) {
    for (const e of await db.selectFrom('user_expertise').select(['user_id', 'domain']).where('user_id', 'in', userIds).orderBy('domain').execute()) domains.get(e.user_id)!.push(e.domain);
  }
  for (const s of slots) out.get(s.row_id)!.push({ userId: s.user_id, name: s.name, kind: s.kind, status: s.status, expertise: domains.get(s.user_id)! });
  return out;
}

/**
 * Each required domain and who covers it: the first person of the round (holding or done) with that
 * expertise. "needs finance" becomes "requires finance (covered by Rita)" once an expert is on the row.
 */
export function coverage(expertise: readonly string[], people: readonly RowPerson[]): { domain: string; coveredBy: string | null }[] {
  return expertise.map((domain) => ({ domain, coveredBy: people.find((p) => p.expertise.includes(domain))?.name ?? null }));
}

/** The lead-facing audit entries of one row (priority changes, releases, reopens), oldest first. */
export async function auditOfRow(db: Kysely<DB>, rowId: number) {
  return db.selectFrom('audit_log as l').leftJoin('users as u', 'u.id', 'l.user_id')
    .select(['l.id', 'l.at', 'l.action', 'l.details_json', 'l.user_id', 'u.name as user_name'])
    .where('l.row_id', '=', rowId).orderBy('l.at').orderBy('l.id').limit(500).execute();
}
