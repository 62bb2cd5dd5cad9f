/**
 * The workflow rules, checked on the database after a load run (several API processes, one database):
 * what a process could only get wrong together with another shows up here, not in any one answer.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../server/db/types';

export interface InvariantReport {
  /** One line per broken rule, naming the row; empty when every rule held. */
  violations: string[];
  rows: number; finals: number; answers: number;
}

const MAX_LISTED = 20;

export async function checkWorkflow(db: Kysely<DB>, projectId: number, acked: string[]): Promise<InvariantReport> {
  const violations: string[] = [];
  const say = (v: string) => { if (violations.length < MAX_LISTED) violations.push(v); else if (violations.length === MAX_LISTED) violations.push('…'); };
  const rows = await db.selectFrom('rows').select(['id', 'state', 'round', 'labels_taken', 'labels_done', 'qa_taken', 'final_id', 'expertise_json'])
    .where('project_id', '=', projectId).execute();
  const slots = await db.selectFrom('assignments').select(['row_id', 'user_id', 'kind', 'round', 'status'])
    .where('project_id', '=', projectId).execute();
  const answers = await db.selectFrom('answers').select(['row_id', 'user_id', 'kind', 'round', 'client_submission_id'])
    .where('project_id', '=', projectId).execute();
  const finals = await db.selectFrom('finals').select(['id', 'row_id', 'round', 'decided_by']).where('project_id', '=', projectId).execute();
  const expertise = new Map<number, Set<string>>();
  for (const e of await db.selectFrom('user_expertise').select(['user_id', 'domain']).execute()) {
    if (!expertise.has(e.user_id)) expertise.set(e.user_id, new Set());
    expertise.get(e.user_id)!.add(e.domain);
  }
  const byRow = <T extends { row_id: number }>(xs: T[]) => {
    const m = new Map<number, T[]>();
    for (const x of xs) (m.get(x.row_id) ?? m.set(x.row_id, []).get(x.row_id)!).push(x);
    return m;
  };
  const slotsOf = byRow(slots);
  const answersOf = byRow(answers);
  const finalOf = new Map(finals.map((f) => [f.id, f]));

  for (const r of rows) {
    const mine = slotsOf.get(r.id) ?? [];
    const cur = mine.filter((a) => a.round === r.round);
    const live = (kind: string) => cur.filter((a) => a.kind === kind && (a.status === 'active' || a.status === 'submitted'));
    // No double claims: two label slots and one QA slot per round, and the counters match the claims.
    if (live('label').length > 2) say(`row ${r.id}: ${live('label').length} label claims in round ${r.round}`);
    if (live('qa').length > 1) say(`row ${r.id}: ${live('qa').length} QA claims in round ${r.round}`);
    if (r.labels_taken !== live('label').length) say(`row ${r.id}: labels_taken ${r.labels_taken}, claims ${live('label').length}`);
    const submitted = cur.filter((a) => a.kind === 'label' && a.status === 'submitted').length;
    if (r.labels_done !== submitted) say(`row ${r.id}: labels_done ${r.labels_done}, submitted ${submitted}`);
    const qaActive = cur.filter((a) => a.kind === 'qa' && a.status === 'active').length;
    if (r.state !== 'final' && r.qa_taken !== qaActive) say(`row ${r.id}: qa_taken ${r.qa_taken}, QA claims ${qaActive}`);
    // Independence: one slot per person per row, over every round, and one answer per slot.
    if (new Set(mine.map((a) => a.user_id)).size !== mine.length) say(`row ${r.id}: a person holds two slots`);
    const labels = (answersOf.get(r.id) ?? []).filter((x) => x.kind === 'label' && x.round === r.round);
    if (labels.length !== r.labels_done) say(`row ${r.id}: ${labels.length} label answers, labels_done ${r.labels_done}`);
    if (r.state !== 'final') continue;
    // Expert rule: the two labelers and the reviewer of a final row cover every domain it needs.
    const f = r.final_id === null ? undefined : finalOf.get(r.final_id);
    if (!f) { say(`row ${r.id}: final without its final answer`); continue; }
    const three = [...labels.map((l) => l.user_id), ...(f.decided_by === null ? [] : [f.decided_by])];
    const covered = new Set(three.flatMap((u) => [...(expertise.get(u) ?? [])]));
    for (const d of JSON.parse(r.expertise_json) as string[]) if (!covered.has(d)) say(`row ${r.id}: final without a ${d} expert`);
  }
  // Nothing lost: every submission a client was told succeeded is stored, and nothing else is.
  const stored = new Set(answers.map((x) => x.client_submission_id));
  const missing = acked.filter((id) => !stored.has(id));
  if (missing.length) say(`${missing.length} acknowledged submissions missing, e.g. ${missing.slice(0, 3).join(', ')}`);
  const ackedSet = new Set(acked);
  const unknown = answers.filter((x) => !ackedSet.has(x.client_submission_id!));
  if (unknown.length) say(`${unknown.length} stored answers no client was told of`);
  return { violations, rows: rows.length, finals: finals.length, answers: answers.length };
}
