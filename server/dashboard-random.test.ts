import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, engineName, type Client, type TestEnv } from './test/harness.js';
import { giveRow, rowIds } from './test/fixtures-final.js';
import { canonicalJson } from './services/workflow/rules.js';
import { getProject, type ProjectRecord } from './repos/projects.js';
import { taskModule } from '@shared/tasks/registry.js';
import { cohenKappa, krippendorffAlpha, percentAgreement, type AlphaValue } from '@shared/stats/index.js';

/**
 * The dashboard keeps running counters; this checks them against the figures computed directly from the
 * answers with shared/stats, on a random project, after new rounds, reopens and more work arrive.
 */
let env: TestEnv;
let lead: Client;
let pid: number;
let users: number[];
let ids: Map<string, number>;
beforeAll(async () => {
  env = await createTestEnv();
  await env.user('lead@x.org');
  lead = await env.login('lead@x.org');
  users = [];
  for (let i = 0; i < 9; i++) users.push(await env.user(`u${i}@x.org`, { name: `U${i}` }));
  pid = (await lead.post('/api/projects', { name: 'R', schema: [
    { id: 'sentiment', type: 'classification', title: 'S', config: { field: 'text', labels: ['pos', 'neg', 'neu'] } },
    { id: 'topics', type: 'classification', title: 'T', config: { field: 'text', labels: ['a', 'b', 'c'], multiple: true } },
    { id: 'quality', type: 'rating', title: 'Q', config: { criteria: [{ id: 'clarity', title: 'C' }, { id: 'accuracy', title: 'A' }] } },
  ] })).body.project.id;
  const lines = Array.from({ length: 60 }, (_, i) => JSON.stringify({ id: `r${i}`, data: { text: `t${i}` } }));
  await lead.raw(`/api/projects/${pid}/imports`, { method: 'POST', body: lines.join('\n') });
  ids = await rowIds(env.deps.db, pid);
});
afterAll(() => env.close());

// A small seeded generator, so a failure replays.
let seed = 12345;
const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
const answer = () => {
  const a: Record<string, unknown> = {};
  if (rand() < 0.9) a.sentiment = { labels: rand() < 0.1 ? [] : [pick(['pos', 'neg', 'neu'])] };
  if (rand() < 0.8) a.topics = { labels: ['a', 'b', 'c'].filter(() => rand() < 0.4) };
  if (rand() < 0.9) a.quality = { scores: { clarity: rand() < 0.15 ? null : 1 + Math.floor(rand() * 5), accuracy: 1 + Math.floor(rand() * 5) }, rationale: '' };
  return a;
};
const DAY = 86_400_000;
const t0 = Date.UTC(2026, 10, 18, 9);

/** Gives row `i` a round of work by people who never held it: two labels, maybe one only, maybe a final. */
const held = new Map<number, Set<number>>();
async function work(i: number, round: number) {
  const rowId = ids.get(`r${i}`)!;
  const taken = held.get(rowId) ?? new Set<number>();
  held.set(rowId, taken);
  const free = users.filter((u) => !taken.has(u));
  const people = free.sort(() => rand() - 0.5).slice(0, 3);
  people.forEach((u) => taken.add(u));
  const at = t0 + Math.floor(rand() * 5) * DAY + Math.floor(rand() * 1000) * 60_000;
  const label = (u: number) => ({
    userId: u, answer: answer(), activeMs: Math.floor(rand() * 900_000), guidelineVersion: pick([1, 2, null]),
    prelabel: rand() < 0.5 ? { sentiment: pick(['kept', 'changed', 'none'] as const), quality: pick(['kept', 'changed', 'none'] as const) } : null,
  });
  const one = rand() < 0.1;
  const labels = one ? [label(people[0])] : [label(people[0]), label(people[1])];
  const final = !one && rand() < 0.6;
  const qa = final && rand() < 0.7;
  const finalAnswer = rand() < 0.5 ? labels[0].answer : answer();
  await giveRow(env.deps.db, {
    projectId: pid, rowId, round, at, labels,
    ...(qa ? { qa: { userId: people[2], answer: finalAnswer, guidelineVersion: 2 } } : {}),
    ...(final ? { final: { answer: finalAnswer, source: qa ? 'qa' as const : 'consensus' as const, choices: qa ? { sentiment: pick(['l1', 'l2', 'agreed', 'edit']), quality: pick(['l1', 'l2', 'edit']) } : null } } : {}),
  });
}

/**
 * Every figure that depends on answers, computed the direct way from the rows' answers and finals; with
 * a range (UTC days, both included), from the pairs completed, finals made and answers given in it.
 */
async function direct(project: ProjectRecord, range?: { from: string; to: string }) {
  const db = env.deps.db;
  const inRange = (ms: number | string) => {
    if (!range) return true;
    const day = new Date(Math.trunc(Number(ms) / DAY) * DAY).toISOString().slice(0, 10);
    return day >= range.from && day <= range.to;
  };
  const answers = await db.selectFrom('answers').selectAll().where('project_id', '=', pid).orderBy('id').execute();
  const rows = await db.selectFrom('rows').select(['id', 'final_id', 'data_json']).where('project_id', '=', pid).orderBy('id').execute();
  const finals = new Map((await db.selectFrom('finals').selectAll().where('project_id', '=', pid).execute()).map((f) => [Number(f.id), f]));
  const Q = project.schema.length;
  const st = project.schema.map(() => ({ metric: null as string | null, units: [] as AlphaValue[][], l1: [] as Array<AlphaValue | null>, l2: [] as Array<AlphaValue | null>, n: 0, agree: 0, confusion: new Map<string, number>() }));
  const wf = new Map<number, { n: number; same: number; qa: number; kept: number }>();
  const pre = project.schema.map(() => ({ shown: 0, kept: 0 }));
  for (const a of answers) {
    if (a.kind !== 'label' || !a.prelabel_json || !inRange(a.created_at)) continue;
    for (const [qid, o] of Object.entries(JSON.parse(a.prelabel_json) as Record<string, string>)) {
      const qi = project.schema.findIndex((q) => q.id === qid);
      if (qi >= 0 && o !== 'none') { pre[qi].shown++; if (o === 'kept') pre[qi].kept++; }
    }
  }
  for (const r of rows) {
    const labels = answers.filter((a) => Number(a.row_id) === Number(r.id) && a.kind === 'label');
    const rounds = [...new Set(labels.map((a) => a.round))].filter((k) => labels.filter((a) => a.round === k).length >= 2);
    if (!rounds.length) continue;
    const round = Math.max(...rounds);
    const [a1, a2] = labels.filter((a) => a.round === round);
    const x1 = JSON.parse(a1.answer_json);
    const x2 = JSON.parse(a2.answer_json);
    // A pair counts on the day its second label came.
    if (inRange(a2.created_at)) project.schema.forEach((q, qi) => {
      const m = taskModule(q.type);
      const us1 = x1[q.id] == null ? [] : m.units(x1[q.id], q.config, JSON.parse(r.data_json));
      const us2 = x2[q.id] == null ? [] : m.units(x2[q.id], q.config, JSON.parse(r.data_json));
      st[qi].metric ??= us1[0]?.metric ?? us2[0]?.metric ?? null;
      const byKey = new Map<string, [AlphaValue | null, AlphaValue | null]>();
      for (const u of us1) byKey.set(u.key, [u.value, null]);
      for (const u of us2) { const e = byKey.get(u.key); if (e) e[1] = u.value; else byKey.set(u.key, [null, u.value]); }
      for (const [x, y] of byKey.values()) { st[qi].units.push([x, y].filter((v): v is AlphaValue => v !== null)); st[qi].l1.push(x); st[qi].l2.push(y); }
      if (x1[q.id] == null || x2[q.id] == null) return;
      st[qi].n++;
      if (m.agreement(x1[q.id], x2[q.id], q.config).agree) st[qi].agree++;
      const k = `${us1.length ? us1[0].value : '(none)'}|${us2.length ? us2[0].value : '(none)'}`;
      st[qi].confusion.set(k, (st[qi].confusion.get(k) ?? 0) + 1);
    });
    const f = r.final_id === null ? undefined : finals.get(Number(r.final_id));
    if (!f || f.round !== round || !inRange(f.created_at)) continue;
    const choices = f.choices_json ? Object.values(JSON.parse(f.choices_json) as Record<string, string>) : [];
    for (const [a, slot] of [[a1, 'l1'], [a2, 'l2']] as const) {
      const s = wf.get(Number(a.user_id)) ?? { n: 0, same: 0, qa: 0, kept: 0 };
      wf.set(Number(a.user_id), s);
      s.n++;
      if (canonicalJson(JSON.parse(a.answer_json)) === canonicalJson(JSON.parse(f.answer_json))) s.same++;
      // Kept by QA counts per question: the label's answer taken (or both agreed), not the other's or QA's own.
      if (f.source === 'qa') { s.qa += choices.length; s.kept += choices.filter((c) => c === slot || c === 'agreed').length; }
    }
  }
  const agreement = project.schema.map((q, qi) => {
    const s = st[qi];
    const metric = (s.metric ?? 'nominal') as 'nominal';
    const alpha = krippendorffAlpha(s.units, metric);
    const numeric = metric !== 'nominal' && [...s.l1, ...s.l2].every((v) => v === null || typeof v === 'number');
    const k = cohenKappa(s.l1, s.l2, { weights: numeric ? 'quadratic' : 'none' });
    return {
      questionId: q.id, metric: s.metric ?? '-', alpha: alpha.degenerate ? null : alpha.alpha, kappa: k.degenerate === 'no-pairs' ? null : k.kappa,
      percent: percentAgreement(s.units).agreement, rows: s.n, units: alpha.units, pairAgreeRate: s.n ? s.agree / s.n : null,
    };
  });
  const people = new Map<number, { labels: number; qa: number; perDay: Record<string, number> }>();
  const versions = new Map<string, number>();
  for (const a of answers) {
    if (!inRange(a.created_at)) continue;
    const p = people.get(Number(a.user_id)) ?? { labels: 0, qa: 0, perDay: {} };
    people.set(Number(a.user_id), p);
    versions.set(`${a.guideline_version}:${a.kind}`, (versions.get(`${a.guideline_version}:${a.kind}`) ?? 0) + 1);
    if (a.kind !== 'label') { p.qa++; continue; }
    p.labels++;
    const day = new Date(Math.trunc(Number(a.created_at) / DAY) * DAY).toISOString().slice(0, 10);
    p.perDay[day] = (p.perDay[day] ?? 0) + 1;
  }
  return { agreement, st, Q, wf, pre, people, versions };
}

describe(`dashboard counters equal a direct computation (${engineName()})`, () => {
  const check = async (range?: { from: string; to: string }) => {
    const project = (await getProject(env.deps.db, pid))!;
    const d = (await lead.get(`/api/projects/${pid}/dashboard${range ? `?from=${range.from}&to=${range.to}` : ''}`)).body;
    const want = await direct(project, range);
    for (const w of want.agreement) {
      const got = d.agreement.find((a: { questionId: string }) => a.questionId === w.questionId);
      expect(got).toMatchObject({ metric: w.metric, rows: w.rows, units: w.units });
      for (const k of ['alpha', 'kappa', 'percent', 'pairAgreeRate'] as const) {
        if (w[k] === null) expect(got[k]).toBeNull();
        else expect(got[k]).toBeCloseTo(w[k], 12);
      }
    }
    const conf = d.confusion.find((c: { questionId: string }) => c.questionId === 'sentiment');
    const cells = new Map<string, number>();
    conf.labels.forEach((a: string, i: number) => conf.labels.forEach((b: string, j: number) => { if (conf.matrix[i][j]) cells.set(`${a}|${b}`, conf.matrix[i][j]); }));
    expect(cells).toEqual(want.st[0].confusion);
    expect(d.prelabels.map((p: { shown: number; kept: number }) => [p.shown, p.kept])).toEqual(want.pre.map((p) => [p.shown, p.kept]));
    for (const p of d.people) {
      const w = want.people.get(p.userId)!;
      expect({ labels: p.labels, qa: p.qa, perDay: p.perBucket }).toEqual(w);
      const f = want.wf.get(p.userId);
      expect(p.agreementWithFinal).toBe(f?.n ? f.same / f.n : null);
      expect(p.keptByQa).toBe(f?.qa ? f.kept / f.qa : null);
    }
    expect(d.people.length).toBe(want.people.size);
    const versions = new Map<string, number>();
    for (const v of d.byGuidelineVersion) {
      if (v.labels) versions.set(`${v.version}:label`, v.labels);
      if (v.qa) versions.set(`${v.version}:qa`, v.qa);
    }
    expect(versions).toEqual(want.versions);
    return d;
  };

  it('after first work, new rounds, reopens and more work', async () => {
    for (let i = 0; i < 40; i++) await work(i, 1);
    const first = await check();
    expect(first.agreement[0].rows).toBeGreaterThan(20);
    // Send-backs and reopens to labeling: a new round replaces the row's pair and drops its final.
    for (let i = 0; i < 12; i++) await work(i, 2);
    // Reopens to QA: the final goes, the pair stays.
    for (const i of [20, 21, 22, 23, 24, 25]) await env.deps.db.updateTable('rows').set({ state: 'qa', final_id: null }).where('id', '=', ids.get(`r${i}`)!).execute();
    await check();
    for (let i = 40; i < 60; i++) await work(i, 1);
    for (let i = 0; i < 4; i++) await work(i, 3);
    await check();
    // Over a date range: the per-day counters, with every take-back on the day its count was made.
    for (const range of [{ from: '2026-11-19', to: '2026-11-20' }, { from: '2026-11-21', to: '2026-11-21' }, { from: '2026-11-01', to: '2026-11-30' }]) {
      const d = await check(range);
      expect(d.range).toEqual(range);
    }
    const outside = await check({ from: '2026-10-01', to: '2026-10-31' });
    expect(outside.people).toEqual([]);
    expect(outside.agreement[0].rows).toBe(0);
  });
});
