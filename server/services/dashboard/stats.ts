import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { ProjectRecord } from '../../repos/projects.js';
import type { RowAnswer } from '@shared/tasks/question.js';
import { taskModule } from '@shared/tasks/registry.js';
import { canonicalJson } from '../workflow/rules.js';

/** The derived tables of migration 2026-11-24T00 (kept out of the shared DB types, which the workflow owns). */
type StatsTables = {
  answer_stats: {
    answer_id: number; project_id: number; row_id: number; round: number; user_id: number; slot: number;
    schema_key: string; units: string; canon: string; agree: string | null;
  };
  final_stats: { final_id: number; project_id: number; canon: string; kept: string };
};

/** Per question: [metric, key0, value0, key1, value1, …] of the module's units. */
export type PackedUnits = Record<string, [string, ...Array<string | number>]>;

const hashOf = (v: unknown) => createHash('sha1').update(canonicalJson(v)).digest('base64').slice(0, 22);
export const schemaKeyOf = (project: ProjectRecord) => createHash('sha1').update(canonicalJson(project.schema)).digest('base64').slice(0, 22);

const FILL_PAGE = 2000;

/**
 * Derives answer_stats / final_stats for the project's label answers and finals that have none yet
 * (or were derived under another schema). Answers are append-only, so a project pays once per answer:
 * a dashboard read after k new answers derives k rows.
 */
export async function fillStats(db0: Kysely<DB>, project: ProjectRecord): Promise<void> {
  const db = db0.withTables<StatsTables>();
  const pid = project.id;
  const key = schemaKeyOf(project);
  await db.deleteFrom('answer_stats').where('project_id', '=', pid).where('schema_key', '!=', key).execute();
  const needsData = project.schema.some((q) => q.type === 'ner');
  // Two index-only counts tell whether anything is new, so a read with nothing new skips the anti-joins.
  const count = async (q: Promise<{ n: number | string | bigint } | undefined>) => Number((await q)?.n ?? 0);
  const [labelsN, statsN, finalsN, fstatsN] = await Promise.all([
    count(db.selectFrom('answers').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', pid).where('kind', '=', 'label').executeTakeFirst()),
    count(db.selectFrom('answer_stats').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', pid).executeTakeFirst()),
    count(db.selectFrom('finals').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', pid).executeTakeFirst()),
    count(db.selectFrom('final_stats').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', pid).executeTakeFirst()),
  ]);
  for (;;) {
    if (labelsN === statsN) break;
    const todo = await db.selectFrom('answers as a').leftJoin('answer_stats as s', 's.answer_id', 'a.id')
      .select(['a.id', 'a.row_id', 'a.round', 'a.user_id', 'a.answer_json'])
      .where('a.project_id', '=', pid).where('a.kind', '=', 'label').where('s.answer_id', 'is', null)
      .orderBy('a.id').limit(FILL_PAGE).execute();
    if (!todo.length) break;
    const rowIds = [...new Set(todo.map((a) => Number(a.row_id)))];
    // Every label of these rows: the slot is the place in submission order, and a second label is scored against the first.
    const labels = await db.selectFrom('answers').select(['id', 'row_id', 'round', 'answer_json'])
      .where('row_id', 'in', rowIds).where('kind', '=', 'label').orderBy('id').execute();
    const byRound = new Map<string, typeof labels>();
    for (const l of labels) { const k = `${l.row_id}:${l.round}`; const e = byRound.get(k); if (e) e.push(l); else byRound.set(k, [l]); }
    const data = new Map<number, Record<string, unknown>>();
    if (needsData) for (const r of await db.selectFrom('rows').select(['id', 'data_json']).where('id', 'in', rowIds).execute()) data.set(Number(r.id), JSON.parse(r.data_json));
    const values = todo.map((a) => {
      const answer = JSON.parse(a.answer_json) as RowAnswer;
      const d = data.get(Number(a.row_id)) ?? {};
      const siblings = byRound.get(`${a.row_id}:${a.round}`)!;
      const slot = siblings.findIndex((l) => Number(l.id) === Number(a.id)) === 0 ? 1 : 2;
      const units: PackedUnits = {};
      let agree: string | null = null;
      const first = slot === 2 ? (JSON.parse(siblings[0].answer_json) as RowAnswer) : null;
      if (first) agree = '';
      for (const q of project.schema) {
        const m = taskModule(q.type);
        const v = answer[q.id];
        if (v !== undefined && v !== null) {
          const us = m.units(v, q.config, d);
          if (us.length) units[q.id] = [us[0].metric, ...us.flatMap((u) => [u.key, u.value])];
        }
        if (first) {
          const w = first[q.id];
          agree += v === undefined || v === null || w === undefined || w === null ? '-' : m.agreement(w, v, q.config).agree ? '1' : '0';
        }
      }
      return {
        answer_id: Number(a.id), project_id: pid, row_id: Number(a.row_id), round: a.round, user_id: Number(a.user_id), slot,
        schema_key: key, units: JSON.stringify(units), canon: hashOf(answer), agree,
      };
    });
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < values.length; i += 200) await tx.insertInto('answer_stats').values(values.slice(i, i + 200)).execute();
    });
  }
  for (;;) {
    if (finalsN === fstatsN) break;
    const todo = await db.selectFrom('finals as f').leftJoin('final_stats as s', 's.final_id', 'f.id')
      .select(['f.id', 'f.answer_json', 'f.source', 'f.choices_json'])
      .where('f.project_id', '=', pid).where('s.final_id', 'is', null).orderBy('f.id').limit(FILL_PAGE).execute();
    if (!todo.length) break;
    const values = todo.map((f) => {
      const choices = f.choices_json ? Object.values(JSON.parse(f.choices_json) as Record<string, string>) : [];
      // A consensus final is both labels; a QA final keeps a labeler whose version was taken for some question.
      const kept = f.source === 'consensus' ? '12' : ['l1', 'l2'].filter((s) => choices.some((c) => c === s || c === 'agreed')).map((s) => s[1]).join('');
      return { final_id: Number(f.id), project_id: pid, canon: hashOf(JSON.parse(f.answer_json)), kept };
    });
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < values.length; i += 300) await tx.insertInto('final_stats').values(values.slice(i, i + 300)).execute();
    });
  }
}

export interface LabelPair {
  user1: number; user2: number; units1: PackedUnits; units2: PackedUnits; agree: string;
  /** The row's final when it was made on this pair's round: its canonical hash and the slots QA kept. */
  final: { canon: string; canon1: string; canon2: string; kept: string; qa: boolean } | null;
}

/**
 * Every row's latest pair of labels (the latest round holding two), with the row's final when it was
 * made on that round: one query over the derived tables, no answer JSON read.
 */
export async function* labelPairs(db0: Kysely<DB>, project: ProjectRecord): AsyncGenerator<LabelPair> {
  const db = db0.withTables<StatsTables>();
  const pid = project.id;
  let after = 0;
  const PAGE = 20_000;
  for (;;) {
    const page = await db.selectFrom('answer_stats as s2')
      .innerJoin('answer_stats as s1', (j) => j.onRef('s1.row_id', '=', 's2.row_id').onRef('s1.round', '=', 's2.round').on('s1.slot', '=', 1))
      .innerJoin('rows as r', 'r.id', 's2.row_id')
      .leftJoin('finals as f', (j) => j.onRef('f.id', '=', 'r.final_id').onRef('f.round', '=', 's2.round'))
      .leftJoin('final_stats as fs', 'fs.final_id', 'f.id')
      .select(['s2.row_id', 's1.user_id as u1', 's2.user_id as u2', 's1.units as x1', 's2.units as x2', 's1.canon as c1', 's2.canon as c2', 's2.agree', 'fs.canon as fc', 'fs.kept', 'f.source'])
      .where('s2.project_id', '=', pid).where('s2.slot', '=', 2).where('s2.row_id', '>', after)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('answer_stats as s3').select(sql.lit(1).as('x'))
        .whereRef('s3.row_id', '=', 's2.row_id').where('s3.slot', '=', 2).whereRef('s3.round', '>', 's2.round'))))
      .orderBy('s2.row_id').limit(PAGE).execute();
    for (const p of page) yield {
      user1: Number(p.u1), user2: Number(p.u2), units1: JSON.parse(p.x1), units2: JSON.parse(p.x2), agree: p.agree ?? '',
      final: p.fc ? { canon: p.fc, canon1: p.c1, canon2: p.c2, kept: p.kept ?? '', qa: p.source === 'qa' } : null,
    };
    if (page.length < PAGE) return;
    after = Number(page[page.length - 1].row_id);
  }
}

/** Prelabel outcomes per question: one aggregate over the few distinct outcome records. */
export async function prelabelOutcomes(db: Kysely<DB>, project: ProjectRecord) {
  const pre = Object.fromEntries(project.schema.map((q) => [q.id, { shown: 0, kept: 0 }]));
  const groups = await db.selectFrom('answers').select(['prelabel_json', (eb) => eb.fn.countAll<number>().as('n')])
    .where('project_id', '=', project.id).where('kind', '=', 'label').where('prelabel_json', 'is not', null).groupBy('prelabel_json').execute();
  for (const g of groups) {
    const n = Number(g.n);
    for (const [qid, o] of Object.entries(JSON.parse(g.prelabel_json!) as Record<string, string>)) if (pre[qid] && o !== 'none') { pre[qid].shown += n; if (o === 'kept') pre[qid].kept += n; }
  }
  return pre;
}
