import { dayNumber, hourKey, hourNumber, key, type QaOutcome } from './counts.js';
import { Deltas, writeDeltas } from './deltas.js';
import { CHUNK, num, pageOf, type State, type Tx } from './tables.js';

/**
 * The audited actions behind QA's decisions that leave no answer: a reviewer sending a row back for a new
 * round, or escalating it (a labeler's escalation is audited alike and not counted). An accept is a QA
 * answer, counted with the answers.
 */
export const QA_EVENTS = ['row.send_back', 'row.escalate'];

/** Folds one page of a project's QA decisions from the audit log; true when there may be more. */
export async function foldEvents(tx: Tx, st: State, mode: 'id' | 'marker'): Promise<boolean> {
  const PAGE = pageOf(tx);
  const pid = st.project_id;
  const cols = ['e.id', 'e.user_id', 'e.action', 'e.at', 'e.details_json'] as const;
  const page = mode === 'id'
    ? await tx.selectFrom('audit_log as e').select(cols).where('e.project_id', '=', pid).where('e.action', 'in', QA_EVENTS)
      .where('e.id', '>', num(st.event_wm)).orderBy('e.id').limit(PAGE).execute()
    : await tx.selectFrom('audit_log as e').leftJoin('dash_events as m', 'm.audit_id', 'e.id').select(cols)
      .where('e.project_id', '=', pid).where('e.action', 'in', QA_EVENTS).where('m.audit_id', 'is', null).orderBy('e.id').limit(PAGE).execute();
  if (!page.length) return false;

  // Whose escalation each was: a reviewer's (on a QA claim) counts as a QA decision.
  const escalationOf = (e: (typeof page)[number]) => {
    if (e.action !== 'row.escalate' || !e.details_json) return null;
    const id = (JSON.parse(e.details_json) as { escalationId?: unknown }).escalationId;
    return typeof id === 'number' ? id : null;
  };
  const ids = page.map(escalationOf).filter((x): x is number => x !== null);
  const byQa = new Set<number>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const x of await tx.selectFrom('escalations as x').innerJoin('assignments as a', 'a.id', 'x.assignment_id').select('x.id')
      .where('x.id', 'in', ids.slice(i, i + CHUNK)).where('a.kind', '=', 'qa').execute()) byQa.add(Number(x.id));
  }

  const d = new Deltas();
  for (const e of page) {
    if (e.user_id === null) continue;
    let o: QaOutcome | null = null;
    if (e.action === 'row.send_back') o = 's';
    else if (byQa.has(escalationOf(e) ?? -1)) o = 'e';
    if (!o) continue;
    d.add(key.qaDay(Number(e.user_id), dayNumber(e.at), o));
    d.addHour(hourNumber(e.at), hourKey.qa(Number(e.user_id), o));
  }
  await writeDeltas(tx, pid, d);
  await tx.insertInto('dash_events').values(page.map((e) => ({ audit_id: Number(e.id), project_id: pid }))).execute();
  const maxId = Math.max(num(st.event_wm), ...page.map((e) => Number(e.id)));
  await tx.updateTable('dash_state').set({ event_wm: maxId, events_seen: num(st.events_seen) + page.length }).where('project_id', '=', pid).execute();
  return page.length === PAGE;
}
