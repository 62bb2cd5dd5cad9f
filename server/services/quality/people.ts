import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { ProjectRecord } from '../../repos/projects.js';
import type { PeopleQualityDto, PersonQualityDto, QuestionQualityDto } from '@shared/api/quality.js';
import { cohenKappaFromPairs, type AlphaValue, type PairCount } from '@shared/stats/index.js';
import { fillStats } from '../dashboard/fill.js';
import { DAY, PERSON_KEYS, type DashTables } from '../dashboard/counts.js';
import { listPauses } from '../gold/pause.js';

// The per-person quality view (issue 16 part 5): per person and per question, gold accuracy (and over
// time), agreement with peers (Cohen's κ per pair of people), what QA kept of their labels, speed and flags.
// Label pairs and QA's decisions come from the dashboard's running counters (kept per person and per pair
// as the fold goes, server/services/dashboard/counts.ts), so a read costs the same at 100 or 100,000 rows.

type Tally = { gold: { n: number; agreed: number; score: number }; peers: { n: number; agreed: number }; qa: { decided: number; kept: number }; reasons: Record<string, number> };
const tally = (): Tally => ({ gold: { n: 0, agreed: 0, score: 0 }, peers: { n: 0, agreed: 0 }, qa: { decided: 0, kept: 0 }, reasons: {} });
type Person = { labels: number; ms: number; bestEffort: number; q: Tally[] };

const dec = (s: string): AlphaValue | null => (s === '' ? null : (JSON.parse(s) as AlphaValue));

/** κ of one pair on one question from its value-pair counts; null when it says nothing (no pairs, one value only). */
function pairKappa(pairs: PairCount[]): number | null {
  if (!pairs.length) return null;
  const k = cohenKappaFromPairs(pairs);
  return k.degenerate || !Number.isFinite(k.kappa) ? null : k.kappa;
}

export async function peopleQuality(db: Kysely<DB>, project: ProjectRecord): Promise<PeopleQualityDto> {
  const pid = project.id;
  await fillStats(db, project);
  const Q = project.schema.length;
  const qIndex = new Map(project.schema.map((q, i) => [q.id, i]));
  const people = new Map<number, Person>();
  const person = (u: number) => {
    let p = people.get(u);
    if (!p) people.set(u, (p = { labels: 0, ms: 0, bestEffort: 0, q: Array.from({ length: Q }, tally) }));
    return p;
  };
  const dx = db.withTables<DashTables>();
  const [counts, goldQ, goldDays, flags, escalations, signals, reasons, pauses] = await Promise.all([
    dx.selectFrom('dash_counts').select(['k', 'n']).where('project_id', '=', pid).where('n', '!=', 0)
      .where((eb) => eb.or([eb('k', 'like', `${PERSON_KEYS}%`), eb('k', 'like', 'u\t%')])).execute(),
    db.selectFrom('gold_scores').select((eb) => ['user_id', 'question_id', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('agree').as('ok'), eb.fn.sum<number>('score').as('s')])
      .where('project_id', '=', pid).groupBy(['user_id', 'question_id']).execute(),
    // Days as whole numbers on both engines (an integer literal: SQLite would divide by a bound number as a real).
    db.selectFrom('gold_answers as g').innerJoin('answers as a', 'a.id', 'g.answer_id')
      .select((eb) => ['g.user_id', sql<number>`g.created_at / ${sql.lit(DAY)}`.as('day'), eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('g.correct').as('ok'), eb.fn.sum<number>('a.active_ms').as('ms')])
      .where('g.project_id', '=', pid).groupBy(['g.user_id', 'day']).execute(),
    db.selectFrom('audit_log').select((eb) => ['user_id', eb.fn.countAll<number>().as('n')])
      .where('project_id', '=', pid).where('action', '=', 'row.flag_expert').groupBy('user_id').execute(),
    db.selectFrom('escalations').select((eb) => ['raised_by', eb.fn.countAll<number>().as('n')]).where('project_id', '=', pid).groupBy('raised_by').execute(),
    db.selectFrom('answer_signals').select((eb) => ['user_id', 'kind', eb.fn.countAll<number>().as('n')]).where('project_id', '=', pid).groupBy(['user_id', 'kind']).execute(),
    // The reviewers' own store of reasons (issue 18), one row per labeler overruled or sent back, naming the questions.
    db.selectFrom('review_reasons').select((eb) => ['labeler_id', 'reason', 'questions_json', eb.fn.countAll<number>().as('n')])
      .where('project_id', '=', pid).groupBy(['labeler_id', 'reason', 'questions_json']).execute(),
    listPauses(db, pid),
  ]);

  const pairValues = new Map<string, PairCount[]>();
  const pairAgree = new Map<string, { n: number; y: number }>();
  for (const c of counts) {
    const n = Number(c.n);
    const p = c.k.split('\t');
    switch (p[0]) {
      case 'u':
        if (p[2] === 'label') { const e = person(Number(p[1])); if (p[3] === 'n') e.labels += n; else e.ms += n; }
        break;
      case 'Qb': person(Number(p[1])).bestEffort += n; break;
      case 'Qk': {
        const qi = Number(p[2]);
        if (qi < Q) { const t = person(Number(p[1])).q[qi].qa; if (p[3] === 'd') t.decided += n; else t.kept += n; }
        break;
      }
      case 'Qa': case 'Qp': {
        const [a, b, qi] = [Number(p[1]), Number(p[2]), Number(p[3])];
        if (qi >= Q) break;
        const k = `${a}\t${b}\t${qi}`;
        if (p[0] === 'Qp') {
          const l = pairValues.get(k) ?? [];
          l.push({ a: dec(p[4]), b: dec(p[5]), n });
          pairValues.set(k, l);
          break;
        }
        const e = pairAgree.get(k) ?? { n: 0, y: 0 };
        e.n += n;
        if (p[4] === '1') e.y += n;
        pairAgree.set(k, e);
        for (const u of [a, b]) { const t = person(u).q[qi].peers; t.n += n; if (p[4] === '1') t.agreed += n; }
        break;
      }
    }
  }
  for (const g of goldQ) {
    const qi = qIndex.get(g.question_id);
    if (qi !== undefined) person(Number(g.user_id)).q[qi].gold = { n: Number(g.n), agreed: Number(g.ok ?? 0), score: Number(g.s ?? 0) };
  }
  for (const r of reasons) {
    const p = person(Number(r.labeler_id));
    const qs = JSON.parse(r.questions_json) as string[];
    // A send-back names no question when it concerns the whole row: counted on every question.
    for (const qi of qs.length ? qs.map((q) => qIndex.get(q)).filter((x): x is number => x !== undefined) : project.schema.map((_, i) => i)) {
      p.q[qi].reasons[r.reason] = (p.q[qi].reasons[r.reason] ?? 0) + Number(r.n);
    }
  }
  const days = new Map<number, Array<{ day: number; n: number; correct: number }>>();
  for (const g of goldDays) {
    const u = Number(g.user_id);
    // Gold answers are work too: in the labels and the speed (the dashboard's counters leave them out).
    const e0 = person(u);
    e0.labels += Number(g.n);
    e0.ms += Number(g.ms ?? 0);
    const e = days.get(u) ?? [];
    e.push({ day: Number(g.day), n: Number(g.n), correct: Number(g.ok ?? 0) });
    days.set(u, e);
  }

  const ids = [...people.keys()];
  const names = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const u of await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids.slice(i, i + 500)).execute()) names.set(Number(u.id), u.name);
  }
  const flagN = new Map(flags.map((x) => [Number(x.user_id), Number(x.n)]));
  const escN = new Map(escalations.map((x) => [Number(x.raised_by), Number(x.n)]));
  const paused = new Map(pauses.map((p) => [p.userId, p]));
  const signalsOf = new Map<number, Record<string, number>>();
  for (const s of signals) {
    const u = Number(s.user_id);
    signalsOf.set(u, { ...signalsOf.get(u), [s.kind]: Number(s.n) });
  }

  const out: PersonQualityDto[] = ids.map((u) => {
    const p = people.get(u)!;
    const questions: QuestionQualityDto[] = project.schema.map((q, qi) => {
      const t = p.q[qi];
      return {
        questionId: q.id,
        gold: { n: t.gold.n, agreed: t.gold.agreed, accuracy: t.gold.n ? t.gold.agreed / t.gold.n : null, meanScore: t.gold.n ? t.gold.score / t.gold.n : null },
        peers: { n: t.peers.n, agreed: t.peers.agreed, agreement: t.peers.n ? t.peers.agreed / t.peers.n : null },
        qa: { decided: t.qa.decided, kept: t.qa.kept, overruled: t.qa.decided - t.qa.kept, keptRate: t.qa.decided ? t.qa.kept / t.qa.decided : null },
        reasons: t.reasons,
      };
    });
    const series = (days.get(u) ?? []).sort((a, b) => a.day - b.day);
    const goldN = series.reduce((s, d) => s + d.n, 0);
    const goldOk = series.reduce((s, d) => s + d.correct, 0);
    const pz = paused.get(u);
    return {
      userId: u, name: names.get(u) ?? `user ${u}`, labels: p.labels, activeMsPerRow: p.labels ? Math.round(p.ms / p.labels) : null,
      bestEffort: p.bestEffort, flagsRaised: flagN.get(u) ?? 0, escalations: escN.get(u) ?? 0, signals: signalsOf.get(u) ?? {},
      gold: { n: goldN, correct: goldOk, accuracy: goldN ? goldOk / goldN : null, byDay: series.map((d) => ({ day: d.day * DAY, n: d.n, correct: d.correct })) },
      paused: pz ? { reason: pz.reason, pausedAt: pz.pausedAt } : null,
      questions,
    };
  }).sort((a, b) => a.name.localeCompare(b.name) || a.userId - b.userId);
  const peers = [...pairAgree].map(([k, e]) => {
    const [a, b, qi] = k.split('\t').map(Number);
    return { a, b, questionId: project.schema[qi].id, n: e.n, agreed: e.y, kappa: pairKappa(pairValues.get(k) ?? []) };
  }).sort((x, y) => x.a - y.a || x.b - y.b || x.questionId.localeCompare(y.questionId));
  return { people: out, peers, pauses };
}
