import type { RowHistory } from '../../../api/console';

/** One line of a row's timeline. `detail` is shown folded under it (an answer). */
export interface TimelineEvent {
  key: string;
  at: number;
  kind: 'claim' | 'draft' | 'submit' | 'qa' | 'final' | 'escalation' | 'release' | 'lead';
  text: string;
  detail?: unknown;
}

const slotName = (kind: string) => (kind === 'qa' ? 'the QA slot' : 'a label slot');
const minutes = (ms: number) => `${(ms / 60000).toFixed(1)} min active`;

/**
 * Everything that happened to a row in time order: claims, drafts (a run of autosaves of one claim is one
 * line: they come every few seconds), submits, QA, finals, escalations and their answers, releases,
 * expiries and the leads' own actions from the audit log. Ties keep the order things happen in a round.
 */
export function buildTimeline(h: RowHistory): TimelineEvent[] {
  const names = new Map(h.assignments.map((a) => [a.userId, a.userName ?? `user ${a.userId}`]));
  const byAssignment = new Map(h.assignments.map((a) => [a.id, a]));
  const who = (id: number | null | undefined) => (id == null ? 'someone' : names.get(id) ?? `user ${id}`);
  const out: TimelineEvent[] = [];

  for (const a of h.assignments) {
    out.push({ key: `c${a.id}`, at: a.claimedAt, kind: 'claim', text: `${who(a.userId)} claimed ${slotName(a.kind)} (round ${a.round})` });
    // A lead's release is told by the audit entry, which names the lead.
    if ((a.status === 'released' && a.releaseReason !== 'lead') || a.status === 'expired') {
      out.push({
        key: `e${a.id}`, at: a.finishedAt ?? a.expiresAt, kind: 'release',
        text: a.status === 'expired' ? `${who(a.userId)}'s claim expired (no heartbeat within the lease)` : `${who(a.userId)} released the claim${a.releaseReason ? ` (${a.releaseReason})` : ''}`,
      });
    }
  }
  // Drafts: one line per run of saves of the same claim.
  let run: { id: number; assignmentId: number; first: number; last: number; n: number; answer: unknown } | null = null;
  const flush = () => {
    if (!run) return;
    const a = byAssignment.get(run.assignmentId);
    const span = run.n > 1 ? `${run.n} drafts saved` : 'a draft saved';
    out.push({ key: `d${run.id}`, at: run.first, kind: 'draft', text: `${span} by ${who(a?.userId)}${run.n > 1 ? ` until ${new Date(run.last).toLocaleTimeString()}` : ''}`, detail: run.answer });
    run = null;
  };
  for (const d of h.drafts) {
    if (run && run.assignmentId === d.assignmentId) Object.assign(run, { last: d.createdAt, n: run.n + 1, answer: d.answer });
    else {
      flush();
      run = { id: d.id, assignmentId: d.assignmentId, first: d.createdAt, last: d.createdAt, n: 1, answer: d.answer };
    }
  }
  flush();
  for (const a of h.answers) {
    const guideline = a.guidelineVersion === null ? 'no guideline' : `guideline v${a.guidelineVersion}`;
    out.push({
      key: `s${a.id}`, at: a.createdAt, kind: a.kind === 'qa' ? 'qa' : 'submit', detail: a.answer,
      text: `${who(a.userId)} submitted ${a.kind === 'qa' ? 'the QA answer' : 'a label'} (round ${a.round}, ${guideline}, ${minutes(a.activeMs)}${a.bestEffort ? ', best effort' : ''})`,
    });
  }
  for (const f of h.finals) {
    out.push({ key: `f${f.id}`, at: f.createdAt, kind: 'final', detail: f.answer, text: `Final answer (round ${f.round}, ${f.source === 'consensus' ? 'both labels agreed' : f.source})` });
  }
  for (const e of h.escalations) {
    out.push({ key: `q${e.id}`, at: e.createdAt, kind: 'escalation', text: `${who(e.raisedBy)} escalated: “${e.question}”` });
    if (e.answer !== null && e.answeredAt !== null) out.push({ key: `qa${e.id}`, at: e.answeredAt, kind: 'escalation', text: `A lead answered: “${e.answer}”` });
  }
  for (const l of h.audit) {
    const d = (l.details ?? {}) as Record<string, unknown>;
    const lead = l.userName ?? 'a lead';
    let text: string | null;
    switch (l.action) {
      case 'row.priority': text = `${lead} changed the priority from ${String(d.from)} to ${String(d.to)}`; break;
      case 'claim.release': text = `${lead} released ${who(byAssignment.get(Number(d.assignmentId))?.userId)}'s claim`; break;
      case 'row.reopen': text = `${lead} reopened the row to ${d.to === 'labeling' ? 'a new labeling round' : 'QA'}${d.note ? `: “${String(d.note)}”` : ''}`; break;
      case 'escalation.answer': text = null; break; // the answer's own line says it
      default: text = `${lead}: ${l.action}`;
    }
    if (text) out.push({ key: `l${l.id}`, at: l.at, kind: l.action === 'claim.release' ? 'release' : 'lead', text });
  }
  const order: TimelineEvent['kind'][] = ['claim', 'draft', 'submit', 'qa', 'final', 'escalation', 'release', 'lead'];
  return out.sort((x, y) => x.at - y.at || order.indexOf(x.kind) - order.indexOf(y.kind));
}
