import type { ExpressionBuilder, Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { AssessmentDto, AssessmentQuestion, AttemptDto, GradeDto, PasteEvent } from '@shared/api/assessments.js';
import type { SkillScores, SkillType } from '@shared/api/people.js';

// Skills assessments: definitions, graders, attempts and grades (issue 16 part 2). Functions take `db` first.

type AssessmentRow = { id: number; title: string; instructions: string; questions_json: string; archived: number; created_at: number; updated_at: number };

export function toAssessmentDto(r: AssessmentRow): AssessmentDto {
  return {
    id: Number(r.id), title: r.title, instructions: r.instructions, questions: JSON.parse(r.questions_json),
    archived: r.archived === 1, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

export async function getAssessment(db: Kysely<DB>, id: number): Promise<AssessmentDto | undefined> {
  const r = await db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toAssessmentDto(r);
}

export async function listAssessments(db: Kysely<DB>): Promise<AssessmentDto[]> {
  return (await db.selectFrom('assessments').selectAll().orderBy('id').execute()).map(toAssessmentDto);
}

export interface AssessmentValues { title: string; instructions: string; questions: AssessmentQuestion[]; archived: boolean }

export async function insertAssessment(db: Kysely<DB>, v: AssessmentValues, by: number, now: number): Promise<number> {
  const r = await db.insertInto('assessments').values({
    title: v.title, instructions: v.instructions, questions_json: JSON.stringify(v.questions), archived: v.archived ? 1 : 0,
    created_by: by, created_at: now, updated_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateAssessment(db: Kysely<DB>, id: number, v: AssessmentValues, now: number): Promise<void> {
  await db.updateTable('assessments').set({
    title: v.title, instructions: v.instructions, questions_json: JSON.stringify(v.questions), archived: v.archived ? 1 : 0, updated_at: now,
  }).where('id', '=', id).execute();
}

export async function gradersOf(db: Kysely<DB>, assessmentId: number): Promise<number[]> {
  const rows = await db.selectFrom('assessment_graders').select('user_id').where('assessment_id', '=', assessmentId).orderBy('user_id').execute();
  return rows.map((r) => Number(r.user_id));
}

export async function setGraders(db: Kysely<DB>, assessmentId: number, userIds: number[]): Promise<void> {
  await db.deleteFrom('assessment_graders').where('assessment_id', '=', assessmentId).execute();
  const unique = [...new Set(userIds)];
  if (unique.length) await db.insertInto('assessment_graders').values(unique.map((user_id) => ({ assessment_id: assessmentId, user_id }))).execute();
}

/** The assessments a person grades (admins grade all of them: the caller checks that). */
export async function gradedBy(db: Kysely<DB>, userId: number): Promise<Set<number>> {
  const rows = await db.selectFrom('assessment_graders').select('assessment_id').where('user_id', '=', userId).execute();
  return new Set(rows.map((r) => Number(r.assessment_id)));
}

export type AttemptRow = Awaited<ReturnType<typeof currentAttempt>>;

/** A person's current attempt of an assessment (the one not deleted), if any. */
export async function currentAttempt(db: Kysely<DB>, assessmentId: number, userId: number) {
  return db.selectFrom('assessment_attempts').selectAll().where('assessment_id', '=', assessmentId).where('user_id', '=', userId)
    .where('deleted_at', 'is', null).orderBy('id', 'desc').executeTakeFirst();
}

export async function getAttempt(db: Kysely<DB>, attemptId: number) {
  return db.selectFrom('assessment_attempts').selectAll().where('id', '=', attemptId).where('deleted_at', 'is', null).executeTakeFirst();
}

/** Per question: a grader's grade, else the score a task answer got against its reference at submit. */
export async function gradesOf(db: Kysely<DB>, attemptId: number): Promise<Record<string, GradeDto>> {
  const auto = await db.selectFrom('assessment_auto_scores').select(['question_id', 'score', 'agreement', 'scored_at']).where('attempt_id', '=', attemptId).execute();
  const rows = await db.selectFrom('assessment_grades').select(['question_id', 'score', 'note', 'graded_at']).where('attempt_id', '=', attemptId).execute();
  return Object.fromEntries([
    ...auto.map((r) => [r.question_id, { score: r.score, note: autoNote(r.agreement), gradedAt: Number(r.scored_at), auto: true }] as const),
    ...rows.map((r) => [r.question_id, { score: r.score, note: r.note, gradedAt: Number(r.graded_at), auto: false }] as const),
  ]);
}

const autoNote = (agreement: number) => `Scored against the reference answer: ${Math.round(agreement * 100)}% agreement`;

/** Writes the scores of an attempt's task answers (in the submit's transaction). */
export async function insertAutoScores(db: Kysely<DB>, attemptId: number, scores: { questionId: string; score: number; agreement: number }[], now: number) {
  if (!scores.length) return;
  await db.insertInto('assessment_auto_scores')
    .values(scores.map((s) => ({ attempt_id: attemptId, question_id: s.questionId, score: s.score, agreement: s.agreement, scored_at: now }))).execute();
}

/** The answers of an assessment's submitted, current attempts. */
export async function submittedAnswersOf(db: Kysely<DB>, assessmentId: number) {
  const rows = await db.selectFrom('assessment_attempts').select(['id', 'answers_json']).where('assessment_id', '=', assessmentId)
    .where('status', '=', 'submitted').where('deleted_at', 'is', null).execute();
  return rows.map((r) => ({ id: Number(r.id), answers: r.answers_json }));
}

/** Replaces the automatic scores of the given questions with new ones (an edit of those questions' references). */
export async function replaceAutoScores(db: Kysely<DB>, questionIds: string[], attempts: { attemptId: number; scores: { questionId: string; score: number; agreement: number }[] }[], now: number) {
  if (!questionIds.length || !attempts.length) return;
  const ids = attempts.map((a) => a.attemptId);
  // In slices: an assessment taken by thousands would pass SQLite's limit on bound values in one statement.
  for (let i = 0; i < ids.length; i += 500) {
    await db.deleteFrom('assessment_auto_scores').where('attempt_id', 'in', ids.slice(i, i + 500)).where('question_id', 'in', questionIds).execute();
  }
  const values = attempts.flatMap((a) => a.scores.map((x) => ({ attempt_id: a.attemptId, question_id: x.questionId, score: x.score, agreement: x.agreement, scored_at: now })));
  for (let i = 0; i < values.length; i += 500) await db.insertInto('assessment_auto_scores').values(values.slice(i, i + 500)).execute();
}

/** How many questions of an attempt have a score (a grade, or an automatic score no grade replaced). */
export const scoredCount = (eb: ExpressionBuilder<DB & { t: DB['assessment_attempts'] }, 't'>) => eb.parens(
  eb.selectFrom('assessment_grades as g').select((e) => e.fn.countAll<number>().as('n')).whereRef('g.attempt_id', '=', 't.id'),
  '+',
  eb.selectFrom('assessment_auto_scores as s').select((e) => e.fn.countAll<number>().as('n')).whereRef('s.attempt_id', '=', 't.id')
    .where((e) => e.not(e.exists(e.selectFrom('assessment_grades as g2').select('g2.score').whereRef('g2.attempt_id', '=', 's.attempt_id').whereRef('g2.question_id', '=', 's.question_id')))),
);

export async function toAttemptDto(db: Kysely<DB>, a: NonNullable<AttemptRow>): Promise<AttemptDto> {
  return {
    id: Number(a.id), assessmentId: Number(a.assessment_id), status: a.status, answers: JSON.parse(a.answers_json),
    pastes: JSON.parse(a.pastes_json) as PasteEvent[], startedAt: a.started_at, updatedAt: a.updated_at, submittedAt: a.submitted_at,
    grades: await gradesOf(db, Number(a.id)),
  };
}

export async function insertAttempt(db: Kysely<DB>, assessmentId: number, userId: number, answers: string, pastes: string, now: number): Promise<number> {
  const r = await db.insertInto('assessment_attempts').values({
    assessment_id: assessmentId, user_id: userId, status: 'draft', answers_json: answers, pastes_json: pastes,
    started_at: now, updated_at: now, submitted_at: null, deleted_at: null,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function saveAttempt(db: Kysely<DB>, attemptId: number, answers: string, pastes: string, now: number, submit: boolean): Promise<void> {
  await db.updateTable('assessment_attempts')
    .set({ answers_json: answers, pastes_json: pastes, updated_at: now, ...(submit ? { status: 'submitted' as const, submitted_at: now } : {}) })
    .where('id', '=', attemptId).where('status', '=', 'draft').execute();
}

export async function deleteAttempt(db: Kysely<DB>, attemptId: number, now: number): Promise<void> {
  await db.updateTable('assessment_attempts').set({ deleted_at: now }).where('id', '=', attemptId).execute();
}

export async function setGrade(db: Kysely<DB>, g: { attemptId: number; questionId: string; score: number; note: string; by: number; now: number }) {
  const values = { score: g.score, note: g.note, graded_by: g.by, graded_at: g.now };
  await db.insertInto('assessment_grades').values({ attempt_id: g.attemptId, question_id: g.questionId, ...values })
    .onConflict((oc) => oc.columns(['attempt_id', 'question_id']).doUpdateSet(values)).execute();
}

/** Submitted, current attempts of the given assessments (all when `only` is null), oldest first, with how many answers are graded. */
export async function submittedAttempts(db: Kysely<DB>, only: number[] | null) {
  if (only && only.length === 0) return [];
  return db.selectFrom('assessment_attempts as t').innerJoin('assessments as s', 's.id', 't.assessment_id').innerJoin('users as u', 'u.id', 't.user_id')
    .select((eb) => ['t.id', 't.assessment_id', 't.user_id', 't.submitted_at', 's.title', 's.questions_json', 'u.name', scoredCount(eb).as('graded')])
    .where('t.status', '=', 'submitted').where('t.deleted_at', 'is', null)
    .$if(only !== null, (q) => q.where('t.assessment_id', 'in', only!))
    .orderBy('t.submitted_at').orderBy('t.id').limit(500).execute();
}

/**
 * Per person and skill type: the mean score of the graded answers of their current submitted attempts
 * (a deleted attempt no longer counts; a question removed from its assessment no longer counts).
 */
export async function skillScores(db: Kysely<DB>, userIds: number[]): Promise<Map<number, SkillScores>> {
  const out = new Map<number, SkillScores>(userIds.map((id) => [id, {}]));
  if (!userIds.length) return out;
  const base = () => db.selectFrom('assessment_attempts as t').innerJoin('assessments as s', 's.id', 't.assessment_id')
    .where('t.user_id', 'in', [...new Set(userIds)]).where('t.status', '=', 'submitted').where('t.deleted_at', 'is', null);
  const graded = await base().innerJoin('assessment_grades as g', 'g.attempt_id', 't.id')
    .select(['t.id as attempt_id', 't.user_id', 't.assessment_id', 's.questions_json', 'g.question_id', 'g.score']).execute();
  const auto = await base().innerJoin('assessment_auto_scores as g', 'g.attempt_id', 't.id')
    .select(['t.id as attempt_id', 't.user_id', 't.assessment_id', 's.questions_json', 'g.question_id', 'g.score']).execute();
  // A grader's grade of a task question replaces its automatic score.
  const seen = new Set(graded.map((g) => `${g.attempt_id}:${g.question_id}`));
  const rows = [...graded, ...auto.filter((a) => !seen.has(`${a.attempt_id}:${a.question_id}`))];
  const skillOf = new Map<number, Map<string, SkillType>>();
  const sums = new Map<number, Map<SkillType, { sum: number; n: number }>>();
  for (const r of rows) {
    const aid = Number(r.assessment_id);
    if (!skillOf.has(aid)) skillOf.set(aid, new Map((JSON.parse(r.questions_json) as AssessmentQuestion[]).map((q) => [q.id, q.skill])));
    const skill = skillOf.get(aid)!.get(r.question_id);
    if (!skill) continue;
    const uid = Number(r.user_id);
    const per = sums.get(uid) ?? new Map();
    const s = per.get(skill) ?? { sum: 0, n: 0 };
    s.sum += r.score; s.n += 1;
    per.set(skill, s); sums.set(uid, per);
  }
  for (const [uid, per] of sums) {
    // Two decimals: a mean is shown and compared with a minimum a lead typed (3.5), not computed further.
    out.set(uid, Object.fromEntries([...per].map(([k, s]) => [k, { mean: Math.round((s.sum / s.n) * 100) / 100, graded: s.n }])));
  }
  return out;
}
