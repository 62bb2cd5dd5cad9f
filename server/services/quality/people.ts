import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { ProjectRecord } from '../../repos/projects.js';
import type { PeopleQualityDto, PersonQualityDto, QuestionQualityDto } from '@shared/api/quality.js';
import { canonicalJson } from '../workflow/rules.js';
import { fillStats } from '../dashboard/fill.js';
import { DAY, type DashTables } from '../dashboard/counts.js';
import { listPauses } from '../gold/pause.js';

// The per-person quality view (issue 16 part 5): per person and per question, gold accuracy (and over
// time), agreement with peers (Cohen's κ per pair of people), what QA kept of their labels, speed and flags.

type Tally = { gold: { n: number; agreed: number; score: number }; peers: { n: number; agreed: number }; qa: { decided: number; kept: number; overruled: number } };
const tally = (): Tally => ({ gold: { n: 0, agreed: 0, score: 0 }, peers: { n: 0, agreed: 0 }, qa: { decided: 0, kept: 0, overruled: 0 } });

/** A pair of people on one question: shared rows, agreed, and each side's answers by category (for κ's chance term). */
type PairTally = { n: number; agreed: number; a: Map<string, number>; b: Map<string, number> };

/**
 * Cohen's κ of a pair on a question: observed agreement is the task module's (as the dashboard counts it),
 * chance agreement comes from each person's answers taken as categories (exact values), so for a choice
 * question it is the textbook κ and for free-form answers (rarely equal by chance) it nears the agreement.
 */
export function pairKappa(p: PairTally): number | null {
  if (p.n === 0) return null;
  const po = p.agreed / p.n;
  let pe = 0;
  for (const [c, x] of p.a) pe += (x / p.n) * ((p.b.get(c) ?? 0) / p.n);
  if (pe >= 1) return po >= 1 ? 1 : null;
  return (po - pe) / (1 - pe);
}

export async function peopleQuality(db: Kysely<DB>, project: ProjectRecord): Promise<PeopleQualityDto> {
  const pid = project.id;
  // The pairs' agreement is the dashboard's (answer_stats): brought up to date first, as the dashboard does.
  await fillStats(db, project);
  const dx = db.withTables<DashTables>();
  const qids = project.schema.map((q) => q.id);
  const people = new Map<number, { labels: number; ms: number; bestEffort: number; q: Map<string, Tally> }>();
  const person = (u: number) => {
    let p = people.get(u);
    if (!p) people.set(u, (p = { labels: 0, ms: 0, bestEffort: 0, q: new Map(qids.map((id) => [id, tally()])) }));
    return p;
  };
  const [work, goldQ, goldDays, flags, escalations, pauses] = await Promise.all([
    db.selectFrom('answers').select((eb) => ['user_id', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('active_ms').as('ms'), eb.fn.sum<number>('best_effort').as('be')])
      .where('project_id', '=', pid).where('kind', '=', 'label').groupBy('user_id').execute(),
    db.selectFrom('gold_scores').select((eb) => ['user_id', 'question_id', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('agree').as('ok'), eb.fn.sum<number>('score').as('s')])
      .where('project_id', '=', pid).groupBy(['user_id', 'question_id']).execute(),
    db.selectFrom('gold_answers').select((eb) => ['user_id', eb(eb.ref('created_at'), '/', DAY).as('day'), eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('correct').as('ok')])
      .where('project_id', '=', pid).groupBy(['user_id', 'day']).execute(),
    db.selectFrom('audit_log').select((eb) => ['user_id', eb.fn.countAll<number>().as('n')])
      .where('project_id', '=', pid).where('action', '=', 'row.flag_expert').groupBy('user_id').execute(),
    db.selectFrom('escalations').select((eb) => ['raised_by', eb.fn.countAll<number>().as('n')]).where('project_id', '=', pid).groupBy('raised_by').execute(),
    listPauses(db, pid),
  ]);
  for (const w of work) Object.assign(person(Number(w.user_id)), { labels: Number(w.n), ms: Number(w.ms ?? 0), bestEffort: Number(w.be ?? 0) });
  for (const g of goldQ) {
    const t = person(Number(g.user_id)).q.get(g.question_id);
    if (t) t.gold = { n: Number(g.n), agreed: Number(g.ok ?? 0), score: Number(g.s ?? 0) };
  }

  // Label pairs: the two labels of each row and round (slot 1 and 2 of answer_stats), with the second's agreement.
  const pairs = new Map<string, PairTally>();
  const pairRows = await dx.selectFrom('answer_stats as s').innerJoin('answers as a', 'a.id', 's.answer_id')
    .select(['s.row_id', 's.round', 's.slot', 's.user_id', 's.agree', 'a.answer_json'])
    .where('s.project_id', '=', pid).where('s.slot', 'in', [1, 2]).orderBy('s.row_id').orderBy('s.round').orderBy('s.slot').execute();
  for (let i = 0; i + 1 < pairRows.length; i++) {
    const x = pairRows[i];
    const y = pairRows[i + 1];
    if (x.slot !== 1 || y.slot !== 2 || x.row_id !== y.row_id || x.round !== y.round || y.agree === null) continue;
    const [u, v] = [Number(x.user_id), Number(y.user_id)];
    const ax = JSON.parse(x.answer_json) as Record<string, unknown>;
    const ay = JSON.parse(y.answer_json) as Record<string, unknown>;
    const flagsOf = y.agree.split('\t')[0];
    qids.forEach((qid, qi) => {
      const f = flagsOf[qi];
      if (f !== '0' && f !== '1') return;
      const ok = f === '1' ? 1 : 0;
      for (const me of [u, v]) { const t = person(me).q.get(qid)!; t.peers.n++; t.peers.agreed += ok; }
      // One tally per unordered pair, smaller id first.
      const [lo, hi, alo, ahi] = u < v ? [u, v, ax, ay] : [v, u, ay, ax];
      const k = `${lo}\t${hi}\t${qid}`;
      let p = pairs.get(k);
      if (!p) pairs.set(k, (p = { n: 0, agreed: 0, a: new Map(), b: new Map() }));
      p.n++; p.agreed += ok;
      const ca = canonicalJson(alo[qid] ?? null);
      const cb = canonicalJson(ahi[qid] ?? null);
      p.a.set(ca, (p.a.get(ca) ?? 0) + 1);
      p.b.set(cb, (p.b.get(cb) ?? 0) + 1);
    });
  }

  // QA's decisions per question on each label: kept (its answer taken, or both agreed), overruled (the other's or QA's own).
  const decided = await dx.selectFrom('finals as f')
    .innerJoin('answer_stats as s', (j) => j.onRef('s.row_id', '=', 'f.row_id').onRef('s.round', '=', 'f.round'))
    .select(['s.user_id', 's.slot', 'f.choices_json'])
    .where('f.project_id', '=', pid).where('f.source', '=', 'qa').where('s.slot', 'in', [1, 2]).execute();
  for (const d of decided) {
    const choices = d.choices_json ? (JSON.parse(d.choices_json) as Record<string, string>) : {};
    const mine = `l${d.slot}`;
    const p = person(Number(d.user_id));
    for (const [qid, c] of Object.entries(choices)) {
      const t = p.q.get(qid);
      if (!t) continue;
      t.qa.decided++;
      if (c === mine || c === 'agreed') t.qa.kept++;
      else t.qa.overruled++;
    }
  }

  const ids = [...people.keys()];
  const names = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const u of await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids.slice(i, i + 500)).execute()) names.set(Number(u.id), u.name);
  }
  const byUser = <T extends { user_id?: unknown; raised_by?: unknown; n: unknown }>(xs: T[], k: 'user_id' | 'raised_by') =>
    new Map(xs.map((x) => [Number(x[k as keyof T]), Number(x.n)]));
  const flagN = byUser(flags, 'user_id');
  const escN = byUser(escalations, 'raised_by');
  const paused = new Map(pauses.map((p) => [p.userId, p]));
  const days = new Map<number, Array<{ day: number; n: number; correct: number }>>();
  for (const g of goldDays) {
    const u = Number(g.user_id);
    const e = days.get(u) ?? [];
    e.push({ day: Number(g.day), n: Number(g.n), correct: Number(g.ok ?? 0) });
    days.set(u, e);
  }

  const out: PersonQualityDto[] = ids.map((u) => {
    const p = people.get(u)!;
    const questions: QuestionQualityDto[] = qids.map((qid) => {
      const t = p.q.get(qid)!;
      return {
        questionId: qid,
        gold: { n: t.gold.n, agreed: t.gold.agreed, accuracy: t.gold.n ? t.gold.agreed / t.gold.n : null, meanScore: t.gold.n ? t.gold.score / t.gold.n : null },
        peers: { n: t.peers.n, agreed: t.peers.agreed, agreement: t.peers.n ? t.peers.agreed / t.peers.n : null },
        qa: { decided: t.qa.decided, kept: t.qa.kept, overruled: t.qa.overruled, keptRate: t.qa.decided ? t.qa.kept / t.qa.decided : null },
      };
    });
    const series = (days.get(u) ?? []).sort((a, b) => a.day - b.day);
    const goldN = series.reduce((s, d) => s + d.n, 0);
    const goldOk = series.reduce((s, d) => s + d.correct, 0);
    const pz = paused.get(u);
    return {
      userId: u, name: names.get(u) ?? `user ${u}`, labels: p.labels, activeMsPerRow: p.labels ? Math.round(p.ms / p.labels) : null,
      bestEffort: p.bestEffort, flagsRaised: flagN.get(u) ?? 0, escalations: escN.get(u) ?? 0,
      gold: { n: goldN, correct: goldOk, accuracy: goldN ? goldOk / goldN : null, byDay: series.map((d) => ({ day: d.day * DAY, n: d.n, correct: d.correct })) },
      paused: pz ? { reason: pz.reason, pausedAt: pz.pausedAt } : null,
      questions,
    };
  }).sort((a, b) => a.name.localeCompare(b.name) || a.userId - b.userId);
  const peers = [...pairs].map(([k, p]) => {
    const [a, b, questionId] = k.split('\t');
    return { a: Number(a), b: Number(b), questionId, n: p.n, agreed: p.agreed, kappa: pairKappa(p) };
  });
  return { people: out, peers, pauses };
}
