import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { ProjectRecord } from '../../repos/projects.js';
import type { ConfusionDto, DashboardDto, PersonStatsDto, QuestionAgreementDto } from '@shared/api/console.js';
import type { RowAnswer } from '@shared/tasks/question.js';
import { taskModule } from '@shared/tasks/registry.js';
import { canonicalJson } from '../workflow/rules.js';
import { cohenKappa, krippendorffAlpha, percentAgreement, type AlphaMetric, type AlphaValue } from '@shared/stats/index.js';

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Per question: the agreement statistics gathered while streaming label pairs. Units are aligned per
 * question as they arrive (the module's units, matched by key within the row), so α and κ run on plain
 * arrays without a corpus-wide map of string keys.
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

/** Adds one row's two labels (l1, l2 in submission order): units for α/κ, pairwise agreement, confusion. */
export function addPair(acc: PairAccumulator, project: ProjectRecord, l1: RowAnswer, l2: RowAnswer, data: Record<string, unknown>) {
  for (const q of project.schema) {
    const m = taskModule(q.type);
    const a = l1[q.id];
    const b = l2[q.id];
    const st = acc.questions[q.id];
    const ua = a === undefined || a === null ? [] : m.units(a, q.config, data);
    const ub = b === undefined || b === null ? [] : m.units(b, q.config, data);
    if (ua.length === 1 && ub.length === 1 && ua[0].key === ub[0].key) {
      st.metric ??= ua[0].metric;
      st.units.push([ua[0].value, ub[0].value]);
      st.l1.push(ua[0].value);
      st.l2.push(ub[0].value);
    } else if (ua.length || ub.length) {
      const byKey = new Map<string, [AlphaValue | null, AlphaValue | null]>();
      for (const u of ua) { st.metric ??= u.metric; byKey.set(u.key, [u.value, null]); }
      for (const u of ub) { st.metric ??= u.metric; const e = byKey.get(u.key); if (e) e[1] = u.value; else byKey.set(u.key, [null, u.value]); }
      for (const [x, y] of byKey.values()) {
        st.units.push([x, y].filter((v): v is AlphaValue => v !== null));
        st.l1.push(x);
        st.l2.push(y);
      }
    }
    if (a === undefined || a === null || b === undefined || b === null) continue;
    st.n++;
    if (m.agreement(a, b, q.config).agree) st.agree++;
    const c = acc.confusion.get(q.id);
    if (c) {
      const i = c.index.get((a as { labels: string[] }).labels[0] ?? '(none)') ?? c.labels.length - 1;
      const j = c.index.get((b as { labels: string[] }).labels[0] ?? '(none)') ?? c.labels.length - 1;
      c.matrix[i][j]++;
    }
  }
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

  const [states, finalsPerDay, labeledPerDay, submittedPerDay, people, perDay, escal, needs, experts] = await Promise.all([
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

  // The streamed figures are recomputed only when answers, finals or row states changed since last time.
  const [fa, ff] = await Promise.all([
    db.selectFrom('answers').select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('created_at').as('m')]).where('project_id', '=', pid).executeTakeFirst(),
    db.selectFrom('finals').select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('created_at').as('m')]).where('project_id', '=', pid).executeTakeFirst(),
  ]);
  const key = JSON.stringify([Number(fa?.n ?? 0), Number(fa?.m ?? 0), Number(ff?.n ?? 0), Number(ff?.m ?? 0), byState, project.schema]);
  let streamed = streamedCache.get(pid);
  if (!streamed || streamed.key !== key) {
    streamed = { key, ...(await streamedFigures(db, project)) };
    streamedCache.set(pid, streamed);
    if (streamedCache.size > 64) streamedCache.delete(streamedCache.keys().next().value!);
  }
  const { agreement, confusion, withFinal, pre } = streamed;

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
  };
}

type Streamed = Awaited<ReturnType<typeof streamedFigures>> & { key: string };
const streamedCache = new Map<number, Streamed>();

/** One streamed pass over label answers (and finals) for what SQL cannot compute portably. */
async function streamedFigures(db: Kysely<DB>, project: ProjectRecord) {
  const pid = project.id;
  const acc = newAccumulator(project);
  const withFinal = new Map<number, { n: number; same: number; qaRows: number; kept: number }>();
  const pre = Object.fromEntries(project.schema.map((q) => [q.id, { shown: 0, kept: 0 }]));
  const needsData = project.schema.some((q) => q.type === 'ner');
  const stat = (u: number) => { let s = withFinal.get(u); if (!s) withFinal.set(u, (s = { n: 0, same: 0, qaRows: 0, kept: 0 })); return s; };
  let after = 0;
  const PAGE = 5000;
  for (;;) {
    // Keyset pages of rows; their label answers come by row-id range, so each answer is read once.
    const page = await db.selectFrom('rows').select(['id', 'final_id', ...(needsData ? (['data_json'] as const) : [])])
      .where('project_id', '=', pid).where('id', '>', after).orderBy('id').limit(PAGE).execute() as Array<{ id: number; final_id: number | null; data_json?: string }>;
    if (!page.length) break;
    const last = Number(page[page.length - 1].id);
    const answers = await db.selectFrom('answers').select(['row_id', 'round', 'user_id', 'answer_json', 'prelabel_json'])
      // Row ids alone (no project condition) so the (row_id, round) index serves the range.
      .where('row_id', '>', after).where('row_id', '<=', last).where('kind', '=', 'label')
      .orderBy('row_id').orderBy('round').orderBy('id').execute();
    const finalIds = page.map((r) => r.final_id).filter((x): x is number => x !== null).map(Number);
    const finalRows = finalIds.length ? await db.selectFrom('finals').select(['row_id', 'round', 'answer_json', 'choices_json', 'source']).where('id', 'in', finalIds).execute() : [];
    const finalOf = new Map(finalRows.map((f) => [Number(f.row_id), f]));
    const dataById = new Map(page.map((r) => [Number(r.id), r.data_json]));
    after = last;
    let k = 0;
    while (k < answers.length) {
      const rowId = Number(answers[k].row_id);
      let end = k;
      while (end < answers.length && Number(answers[end].row_id) === rowId) end++;
      const mine = answers.slice(k, end);
      k = end;
      for (const a of mine) {
        if (!a.prelabel_json) continue;
        const outcome = JSON.parse(a.prelabel_json) as Record<string, string>;
        for (const [qid, o] of Object.entries(outcome)) if (pre[qid] && o !== 'none') { pre[qid].shown++; if (o === 'kept') pre[qid].kept++; }
      }
      // The latest round holding two labels is the row's pair.
      let round = -1;
      const perRound = new Map<number, typeof mine>();
      for (const a of mine) { const l = perRound.get(a.round) ?? []; l.push(a); perRound.set(a.round, l); if (l.length === 2 && a.round > round) round = a.round; }
      if (round < 0) continue;
      const [a1, a2] = perRound.get(round)!;
      const l1 = JSON.parse(a1.answer_json) as RowAnswer;
      const l2 = JSON.parse(a2.answer_json) as RowAnswer;
      const raw = needsData ? dataById.get(rowId) : undefined;
      addPair(acc, project, l1, l2, raw ? JSON.parse(raw) : {});
      const f = finalOf.get(rowId);
      if (f && f.round === round) {
        let fin: string | null = null;
        const choices = f.choices_json ? Object.values(JSON.parse(f.choices_json) as Record<string, string>) : [];
        const pairs: Array<[number, RowAnswer, string, string]> = [[Number(a1.user_id), l1, 'l1', a1.answer_json], [Number(a2.user_id), l2, 'l2', a2.answer_json]];
        for (const [user, l, slot, text] of pairs) {
          const s = stat(user);
          s.n++;
          // Identical text is the common case; key order may differ between writers, so fall back to canonical form.
          if (text === f.answer_json || canonicalJson(l) === (fin ??= canonicalJson(JSON.parse(f.answer_json)))) s.same++;
          if (f.source === 'qa') { s.qaRows++; if (choices.some((c) => c === slot || c === 'agreed')) s.kept++; }
        }
      }
    }
    if (page.length < PAGE) break;
  }
  const { agreement, confusion } = agreementFigures(acc, project);
  return { agreement, confusion, withFinal, pre };
}

/** Forgets the streamed figures (benchmarks measure a cold dashboard with it). */
export function clearDashboardCache(): void {
  streamedCache.clear();
}
