import type { Kysely } from 'kysely';
import type { DB, SignalKind } from '../db/types.js';
import { prepared } from '../db/prepared.js';
import { SIGNAL_KINDS, type SignalCounts, type SignalDto } from '@shared/api/integrity.js';

// Integrity signals of answers (issue 16 part 4). Leads read them; nothing here refuses work.

export interface NewSignal { answerId: number; projectId: number; rowId: number; userId: number; kind: SignalKind; details: unknown; now: number }

type SignalValues = { answer_id: number; project_id: number; row_id: number; user_id: number; kind: SignalKind; details_json: string; created_at: number };

/** One signal per answer and kind: a retried submission records nothing twice. */
const insertSignalQ = prepared<SignalValues, never>((db, p) => db.insertInto('answer_signals').values({
  answer_id: p('answer_id'), project_id: p('project_id'), row_id: p('row_id'), user_id: p('user_id'), kind: p('kind'),
  details_json: p('details_json'), created_at: p('created_at'),
}).onConflict((oc) => oc.columns(['answer_id', 'kind']).doNothing()));

/**
 * An answer's signals, one prepared insert each (a submit carries a few at most; building a multi-row
 * insert anew on every submit cost more than running it). Postgres's label submit writes its own in the
 * submit's statement (label-submit.ts); this serves SQLite and gold answers.
 */
export async function insertSignals(db: Kysely<DB>, signals: NewSignal[]): Promise<void> {
  for (const s of signals) {
    await insertSignalQ(db, {
      answer_id: s.answerId, project_id: s.projectId, row_id: s.rowId, user_id: s.userId, kind: s.kind,
      details_json: JSON.stringify(s.details), created_at: s.now,
    });
  }
}

export const noSignals = (): SignalCounts => Object.fromEntries(SIGNAL_KINDS.map((k) => [k, 0])) as SignalCounts;

/**
 * Per person of a project: how many signals of each kind their answers carry. The per-person quality view
 * (gold rows) shows these as its flags column.
 */
export async function flagsByPerson(db: Kysely<DB>, projectId: number): Promise<Map<number, SignalCounts>> {
  const rows = await db.selectFrom('answer_signals').select((eb) => ['user_id', 'kind', eb.fn.countAll<number>().as('n')])
    .where('project_id', '=', projectId).groupBy(['user_id', 'kind']).execute();
  const out = new Map<number, SignalCounts>();
  for (const r of rows) {
    const c = out.get(Number(r.user_id)) ?? noSignals();
    c[r.kind] = Number(r.n);
    out.set(Number(r.user_id), c);
  }
  return out;
}

export const SIGNALS_PAGE = 100;

/** A page of a project's signals, newest first, optionally of one person, row or kind. */
export async function listSignals(db: Kysely<DB>, projectId: number, f: { userId?: number; rowId?: number; kind?: SignalKind; before?: number }): Promise<SignalDto[]> {
  const rows = await db.selectFrom('answer_signals as s').innerJoin('rows as r', 'r.id', 's.row_id').innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.kind', 's.details_json', 's.created_at', 's.answer_id', 's.row_id', 'r.external_id', 's.user_id', 'u.name'])
    .where('s.project_id', '=', projectId)
    .$if(f.userId !== undefined, (q) => q.where('s.user_id', '=', f.userId!))
    .$if(f.rowId !== undefined, (q) => q.where('s.row_id', '=', f.rowId!))
    .$if(f.kind !== undefined, (q) => q.where('s.kind', '=', f.kind!))
    .$if(f.before !== undefined, (q) => q.where('s.id', '<', f.before!))
    .orderBy('s.id', 'desc').limit(SIGNALS_PAGE).execute();
  return rows.map((r) => ({
    id: Number(r.id), kind: r.kind, details: JSON.parse(r.details_json), createdAt: r.created_at, answerId: Number(r.answer_id),
    row: { id: Number(r.row_id), externalId: r.external_id }, person: { id: Number(r.user_id), name: r.name },
  }));
}
