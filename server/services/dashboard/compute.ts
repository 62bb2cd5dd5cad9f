import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { ProjectRecord } from '../../repos/projects.js';
import type { ConfusionDto, DashboardDto, PersonStatsDto, QuestionAgreementDto } from '@shared/api/console.js';
import { fillStats, labelPairs, prelabelOutcomes, type LabelPair } from './stats.js';
import { cohenKappa, krippendorffAlpha, percentAgreement, type AlphaMetric, type AlphaValue } from '@shared/stats/index.js';

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Per question: the agreement statistics gathered over label pairs. Units are aligned per question as
 * they arrive (matched by key within the row), so α and κ run on plain arrays without a corpus-wide map
 * of string keys.
 */
export interface PairAccumulator {
  questions: Record<string, {
    metric: AlphaMetric | null;
    units: Array<Array<AlphaValue>>;
    l1: Array<AlphaValue | null>;
    l2: Array<AlphaValue | null>;
    n: number;
    agree: number;
  }>;
  confusion: Map<string, { labels: string[]; index: Map<string, number>; matrix: number[][] }>;
}

export function newAccumulator(project: ProjectRecord): PairAccumulator {
  const confusion: PairAccumulator['confusion'] = new Map();
  for (const q of project.schema) {
    if (q.type === 'classification' && !q.config.multiple) {
      const labels = [...q.config.labels.map((l) => l.value), '(none)'];
      confusion.set(q.id, { labels, index: new Map(labels.map((l, i) => [l, i])), matrix: labels.map(() => labels.map(() => 0)) });
    }
  }
  return { questions: Object.fromEntries(project.schema.map((q) => [q.id, { metric: null, units: [], l1: [], l2: [], n: 0, agree: 0 }])), confusion };
}

/** Adds one row's pair (l1, l2 in submission order): units for α/κ, pairwise agreement, confusion. */
export function addPair(acc: PairAccumulator, project: ProjectRecord, p: Pick<LabelPair, 'units1' | 'units2' | 'agree'>) {
  project.schema.forEach((q, qi) => {
    const st = acc.questions[q.id];
    const ua = p.units1[q.id];
    const ub = p.units2[q.id];
    if (ua && ub && ua.length === 3 && ub.length === 3 && ua[1] === ub[1]) {
      st.metric ??= ua[0] as AlphaMetric;
      st.units.push([ua[2], ub[2]]);
      st.l1.push(ua[2]);
      st.l2.push(ub[2]);
    } else if (ua || ub) {
      const byKey = new Map<string | number, [AlphaValue | null, AlphaValue | null]>();
      if (ua) { st.metric ??= ua[0] as AlphaMetric; for (let k = 1; k < ua.length; k += 2) byKey.set(ua[k], [ua[k + 1], null]); }
      if (ub) {
        st.metric ??= ub[0] as AlphaMetric;
        for (let k = 1; k < ub.length; k += 2) { const e = byKey.get(ub[k]); if (e) e[1] = ub[k + 1]; else byKey.set(ub[k], [null, ub[k + 1]]); }
      }
      for (const [x, y] of byKey.values()) {
        st.units.push([x, y].filter((v): v is AlphaValue => v !== null));
        st.l1.push(x);
        st.l2.push(y);
      }
    }
    const g = p.agree[qi];
    if (g !== '0' && g !== '1') return;
    st.n++;
    if (g === '1') st.agree++;
    const c = acc.confusion.get(q.id);
    if (c) {
      const i = c.index.get(ua ? String(ua[2]) : '(none)') ?? c.labels.length - 1;
      const j = c.index.get(ub ? String(ub[2]) : '(none)') ?? c.labels.length - 1;
      c.matrix[i][j]++;
    }
  });
}

export function agreementFigures(acc: PairAccumulator, project: ProjectRecord): { agreement: QuestionAgreementDto[]; confusion: ConfusionDto[] } {
  const agreement = project.schema.map((q): QuestionAgreementDto => {
    const st = acc.questions[q.id];
    const metric = st.metric ?? 'nominal';
    const alpha = krippendorffAlpha(st.units, metric);
    const numeric = metric !== 'nominal' && [...st.l1, ...st.l2].every((v) => v === null || typeof v === 'number');
    const k = cohenKappa(st.l1, st.l2, { weights: numeric ? 'quadratic' : 'none' });
    return {
      questionId: q.id, type: q.type, metric: st.metric ?? '-',
      alpha: alpha.degenerate || !Number.isFinite(alpha.alpha) ? null : alpha.alpha,
      kappa: k.degenerate === 'no-pairs' ? null : k.kappa,
      percent: percentAgreement(st.units).agreement, rows: st.n, units: alpha.units, pairAgreeRate: st.n ? st.agree / st.n : null,
      degenerate: alpha.degenerate ?? k.degenerate ?? null,
    };
  });
  const confusion = [...acc.confusion].map(([questionId, c]) => ({ questionId, labels: c.labels, matrix: c.matrix }));
  return { agreement, confusion };
}

/**
 * The project dashboard. Counts, time series, throughput, active time, expert coverage and escalations
 * are SQL aggregates; agreement, confusion, agreement-with-final and prelabel acceptance need the answers
 * themselves, which are streamed once, a page of rows at a time.
 */
export async function computeDashboard(db: Kysely<DB>, project: ProjectRecord): Promise<DashboardDto> {
  const pid = project.id;
  const dayExpr = sql<number>`created_at / ${sql.lit(DAY)}`;

  const [states, finalsPerDay, labeledPerDay, submittedPerDay, people, perDay, escal, needs, experts, versions] = await Promise.all([
    db.selectFrom('rows').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).where('project_id', '=', pid).groupBy('state').execute(),
    db.selectFrom(db.selectFrom('finals').select(['row_id', (eb) => eb.fn.min('created_at').as('created_at')]).where('project_id', '=', pid).groupBy('row_id').as('f'))
      .select([sql<number>`f.created_at / ${sql.lit(DAY)}`.as('d'), (eb) => eb.fn.countAll<number>().as('n')]).groupBy('d').execute(),
    db.selectFrom(db.selectFrom('answers').select(['row_id', (eb) => eb.fn.min('created_at').as('created_at')]).where('project_id', '=', pid).where('kind', '=', 'label').groupBy('row_id').as('a'))
      .select([sql<number>`a.created_at / ${sql.lit(DAY)}`.as('d'), (eb) => eb.fn.countAll<number>().as('n')]).groupBy('d').execute(),
    db.selectFrom('answers').select([dayExpr.as('d'), (eb) => eb.fn.countAll<number>().as('n')]).where('project_id', '=', pid).where('kind', '=', 'label').groupBy('d').execute(),
    db.selectFrom('answers').innerJoin('users', 'users.id', 'answers.user_id')
      .select(['answers.user_id', 'users.name', 'answers.kind', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('answers.active_ms').as('ms')])
      .where('answers.project_id', '=', pid).groupBy(['answers.user_id', 'users.name', 'answers.kind']).execute(),
    db.selectFrom('answers').select(['user_id', sql<number>`answers.created_at / ${sql.lit(DAY)}`.as('d'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('project_id', '=', pid).where('kind', '=', 'label').groupBy(['user_id', 'd']).execute(),
    db.selectFrom('escalations').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', pid).where('status', '=', 'open').executeTakeFirst(),
    db.selectFrom('row_needs').innerJoin('rows', 'rows.id', 'row_needs.row_id')
      .select(['row_needs.row_id', 'row_needs.domain']).where('row_needs.project_id', '=', pid).where('rows.state', '!=', 'final').execute(),
    db.selectFrom('project_members').innerJoin('user_expertise', 'user_expertise.user_id', 'project_members.user_id')
      .select(['user_expertise.domain', (eb) => eb.fn.count<number>('project_members.user_id').distinct().as('n')])
      .where('project_members.project_id', '=', pid).groupBy('user_expertise.domain').execute(),
    db.selectFrom('answers').select(['guideline_version', 'kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where('project_id', '=', pid).groupBy(['guideline_version', 'kind']).execute(),
  ]);

  const byState = { labeling: 0, qa: 0, escalated: 0, final: 0 };
  for (const s of states) byState[s.state] = Number(s.n);
  const rows = Object.values(byState).reduce((a, b) => a + b, 0);

  // Cumulative series over every day from the first activity to the last.
  const series = new Map<number, { f: number; l: number; s: number }>();
  const bump = (d: number, k: 'f' | 'l' | 's', n: number) => { const e = series.get(Number(d)) ?? { f: 0, l: 0, s: 0 }; e[k] += Number(n); series.set(Number(d), e); };
  for (const r of finalsPerDay) bump(r.d, 'f', r.n);
  for (const r of labeledPerDay) bump(r.d, 'l', r.n);
  for (const r of submittedPerDay) bump(r.d, 's', r.n);
  const overTime: DashboardDto['overTime'] = [];
  if (series.size) {
    const days = [...series.keys()];
    let f = 0, l = 0, s = 0;
    for (let d = Math.min(...days); d <= Math.max(...days); d++) {
      const e = series.get(d);
      if (e) { f += e.f; l += e.l; s += e.s; }
      overTime.push({ day: dayOf(d * DAY), finalized: f, labeled: l, submitted: s });
    }
  }

  const { agreement, confusion, withFinal, pre } = await pairFigures(db, project);

  const peopleMap = new Map<number, PersonStatsDto>();
  for (const p of people) {
    const id = Number(p.user_id);
    const e = peopleMap.get(id) ?? { userId: id, name: p.name, labels: 0, qa: 0, activeHours: 0, perDay: {}, agreementWithFinal: null, keptByQa: null };
    if (p.kind === 'label') e.labels += Number(p.n); else e.qa += Number(p.n);
    e.activeHours = Math.round((e.activeHours + Number(p.ms ?? 0) / 3_600_000) * 1000) / 1000;
    peopleMap.set(id, e);
  }
  for (const r of perDay) { const e = peopleMap.get(Number(r.user_id)); if (e) e.perDay[dayOf(Number(r.d) * DAY)] = Number(r.n); }
  for (const [id, s] of withFinal) {
    const e = peopleMap.get(id);
    if (!e) continue;
    e.agreementWithFinal = s.n ? s.same / s.n : null;
    e.keptByQa = s.qaRows ? s.kept / s.qaRows : null;
  }

  const expertsBy = new Map(experts.map((e) => [e.domain, Number(e.n)]));
  const waitingRows = new Set<number>();
  const stuckRows = new Set<number>();
  const perDomain = new Map<string, Set<number>>();
  for (const n of needs) {
    const id = Number(n.row_id);
    waitingRows.add(id);
    if (!expertsBy.get(n.domain)) stuckRows.add(id);
    let s = perDomain.get(n.domain);
    if (!s) perDomain.set(n.domain, (s = new Set()));
    s.add(id);
  }

  return {
    rows, byState, overTime, agreement, confusion,
    people: [...peopleMap.values()].sort((a, b) => b.labels - a.labels || a.name.localeCompare(b.name)),
    prelabels: project.schema.map((q) => ({ questionId: q.id, shown: pre[q.id].shown, kept: pre[q.id].kept, rate: pre[q.id].shown ? pre[q.id].kept / pre[q.id].shown : null })),
    waitingForExpert: {
      rows: waitingRows.size, stuck: stuckRows.size,
      domains: [...perDomain].map(([domain, s]) => ({ domain, rows: s.size, experts: expertsBy.get(domain) ?? 0 })).sort((a, b) => b.rows - a.rows),
    },
    openEscalations: Number(escal?.n ?? 0),
    byGuidelineVersion: guidelineCounts(versions),
  };
}

/**
 * Agreement, confusion, agreement with the final and prelabel acceptance. They need per-answer values
 * (units, canonical forms), which are derived once per answer into answer_stats (filled here for what
 * is new) and then read as one pass over compact rows: no answer JSON is parsed on a read.
 */
async function pairFigures(db: Kysely<DB>, project: ProjectRecord) {
  await fillStats(db, project);
  const acc = newAccumulator(project);
  const withFinal = new Map<number, { n: number; same: number; qaRows: number; kept: number }>();
  const stat = (u: number) => { let s = withFinal.get(u); if (!s) withFinal.set(u, (s = { n: 0, same: 0, qaRows: 0, kept: 0 })); return s; };
  const [pre] = await Promise.all([prelabelOutcomes(db, project)]);
  for await (const p of labelPairs(db, project)) {
    addPair(acc, project, p);
    const f = p.final;
    if (!f) continue;
    for (const [user, canon, slot] of [[p.user1, f.canon1, '1'], [p.user2, f.canon2, '2']] as const) {
      const s = stat(user);
      s.n++;
      if (canon === f.canon) s.same++;
      if (f.qa) { s.qaRows++; if (f.kept.includes(slot)) s.kept++; }
    }
  }
  const { agreement, confusion } = agreementFigures(acc, project);
  return { agreement, confusion, withFinal, pre };
}

function guidelineCounts(groups: Array<{ guideline_version: number | null; kind: string; n: number | string | bigint }>): DashboardDto['byGuidelineVersion'] {
  const by = new Map<number | null, { version: number | null; labels: number; qa: number }>();
  for (const g of groups) {
    const v = g.guideline_version === null ? null : Number(g.guideline_version);
    const e = by.get(v) ?? { version: v, labels: 0, qa: 0 };
    if (g.kind === 'label') e.labels += Number(g.n); else e.qa += Number(g.n);
    by.set(v, e);
  }
  return [...by.values()].sort((a, b) => (a.version ?? 0) - (b.version ?? 0));
}
