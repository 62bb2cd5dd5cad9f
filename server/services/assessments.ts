import type { Deps, SessionUser } from '../context.js';
import { fail, notFound } from '../http.js';
import {
  PASTES_MAX, scoreOfAgreement, unanswered, type AssessmentDto, type AttemptAnswer, type AttemptDto, type PasteEvent,
} from '@shared/api/assessments.js';
import { rowAgreement } from '@shared/tasks/question.js';
import { questionModule } from '@shared/tasks/question-module.js';
import {
  currentAttempt, deleteAttempt, getAssessment, getAttempt, gradedBy, gradersOf, insertAttempt, insertAutoScores, replaceAutoScores, saveAttempt,
  setGrade, submittedAnswersOf, toAttemptDto, updateAssessment, type AssessmentValues,
} from '../repos/assessments.js';
import { audit } from '../repos/audit.js';

// Taking and grading assessments (issue 16 part 2). A person reaches only their own attempt; a grader only
// submitted attempts of assessments they grade, never their own; admins grade every assessment.

/** An assessment a person may take: archived ones are hidden from everyone but admins. */
export async function visibleAssessment(deps: Deps, user: SessionUser, id: number): Promise<AssessmentDto> {
  const a = await getAssessment(deps.db, id);
  if (!a || (a.archived && !user.isAdmin)) return notFound('assessment');
  return a;
}

type Answers = Record<string, AttemptAnswer>;

/**
 * Answers checked against the questions: each names a question of the assessment; a written answer is text
 * within its length, a task answer the type's answer (drafts may be incomplete); a 400 names the answer.
 * Paste events are kept for known questions only, the first PASTES_MAX of them.
 */
function checked(a: AssessmentDto, body: { answers: Answers; pastes: PasteEvent[] }) {
  const byId = new Map(a.questions.map((q) => [q.id, q]));
  for (const [id, given] of Object.entries(body.answers)) {
    const q = byId.get(id);
    if (!q) return fail(400, 'bad_request', `answers.${id}: this assessment has no question "${id}"`);
    if (q.kind === 'written') {
      if (typeof given !== 'string') return fail(400, 'bad_request', `answers.${id}: a written answer is text`);
      if (given.length > q.maxLength) return fail(400, 'bad_request', `answers.${id}: ${given.length} characters; this answer is limited to ${q.maxLength}`);
    } else {
      const parsed = questionModule(q.task).answer(q.task.config).safeParse(given);
      if (!parsed.success) {
        const i = parsed.error.issues[0];
        return fail(400, 'bad_request', `answers.${id}${i.path.length ? '.' + i.path.join('.') : ''}: ${i.message}`);
      }
    }
  }
  const pastes = body.pastes.filter((p) => byId.has(p.question)).slice(0, PASTES_MAX);
  return { answers: JSON.stringify(body.answers), pastes: JSON.stringify(pastes) };
}

/** The scores of the task answers at submit: each against its question's reference, with the type's own agreement. */
function taskScores(a: Pick<AssessmentDto, 'questions'>, answers: Answers) {
  return a.questions.flatMap((q) => {
    const given = answers[q.id];
    if (q.kind !== 'task' || given === undefined || typeof given === 'string') return [];
    const agreement = rowAgreement([q.task], { [q.task.id]: q.reference }, { [q.task.id]: given }).score;
    return [{ questionId: q.id, agreement, score: scoreOfAgreement(agreement) }];
  });
}

export async function myAttempt(deps: Deps, user: SessionUser, assessmentId: number): Promise<AttemptDto | null> {
  const t = await currentAttempt(deps.db, assessmentId, user.id);
  return t ? toAttemptDto(deps.db, t) : null;
}

/** Saves progress (starting the attempt on the first save) or submits; a submitted attempt is read-only. */
export async function saveMine(deps: Deps, user: SessionUser, assessmentId: number, body: { answers: Answers; pastes: PasteEvent[] }, submit: boolean) {
  const a = await visibleAssessment(deps, user, assessmentId);
  const { answers, pastes } = checked(a, body);
  if (submit) {
    const missing = a.questions.filter((q) => q.required && unanswered(q, body.answers[q.id])).map((q) => q.id);
    if (missing.length) {
      return fail(400, 'bad_request', `answers: required questions are not answered (${missing.map((m) => `answers.${m}`).join(', ')})`, { missing });
    }
  }
  const now = deps.now();
  const id = await deps.db.transaction().execute(async (tx) => {
    const t = await currentAttempt(tx, assessmentId, user.id);
    if (t?.status === 'submitted') return fail(409, 'conflict', 'this attempt is already submitted: delete it to take the assessment again');
    const id = t ? Number(t.id) : await insertAttempt(tx, assessmentId, user.id, answers, pastes, now);
    await saveAttempt(tx, id, answers, pastes, now, submit);
    // Task answers are scored the moment they are submitted; graders may replace a score with their own.
    if (submit) await insertAutoScores(tx, id, taskScores(a, body.answers), now);
    return id;
  });
  if (submit) await audit(deps.db, { at: now, userId: user.id, action: 'assessment.submit', details: { assessmentId, attemptId: id } });
  return (await myAttempt(deps, user, assessmentId))!;
}

/**
 * Saves an admin's edit of an assessment. A task question whose task or reference changed is scored again
 * for every submitted attempt (the old score measured against an answer that is no longer the reference);
 * a question that is no longer a task question loses its automatic scores. Graders' own grades stay: they
 * replace the automatic score either way. Returns how many answers were rescored.
 */
export async function updateRescoring(deps: Deps, user: SessionUser, id: number, values: AssessmentValues): Promise<number> {
  const before = await visibleAssessment(deps, user, id);
  const old = new Map(before.questions.map((q) => [q.id, q]));
  const sameScoring = (q: AssessmentValues['questions'][number]) => {
    const o = old.get(q.id);
    if (q.kind !== 'task') return !o || o.kind !== 'task';
    return o?.kind === 'task' && JSON.stringify([o.task, o.reference]) === JSON.stringify([q.task, q.reference]);
  };
  const changed = values.questions.filter((q) => !sameScoring(q));
  const dropped = before.questions.filter((o) => o.kind === 'task' && !values.questions.some((q) => q.id === o.id)).map((o) => o.id);
  const touched = [...changed.map((q) => q.id), ...dropped];
  // Scored outside the write: every submitted attempt's answers, against the changed questions only.
  const attempts = touched.length ? await submittedAnswersOf(deps.db, id) : [];
  const scores = attempts.map((t) => ({ attemptId: t.id, scores: taskScores({ questions: changed }, JSON.parse(t.answers) as Answers) }));
  await deps.db.transaction().execute(async (tx) => {
    await updateAssessment(tx, id, values, deps.now());
    await replaceAutoScores(tx, touched, scores, deps.now());
  });
  return scores.reduce((n, s) => n + s.scores.length, 0);
}

/** Deletes the person's current attempt (kept on record, never counted) so they can start again. */
export async function deleteMine(deps: Deps, user: SessionUser, assessmentId: number) {
  await visibleAssessment(deps, user, assessmentId);
  const t = await currentAttempt(deps.db, assessmentId, user.id);
  if (!t) return notFound('attempt');
  await deleteAttempt(deps.db, Number(t.id), deps.now());
  await audit(deps.db, { at: deps.now(), userId: user.id, action: 'assessment.delete_attempt', details: { assessmentId, attemptId: Number(t.id) } });
  return { deleted: true as const };
}

/** Whether the person grades this assessment (admins grade all). */
export async function grades(deps: Deps, user: SessionUser, assessmentId: number): Promise<boolean> {
  return user.isAdmin || (await gradedBy(deps.db, user.id)).has(assessmentId);
}

/**
 * A submitted attempt as its grader sees it. Anyone else (the person included, who reads their attempt
 * through the assessment) gets the same 404 as for an attempt that does not exist.
 */
export async function attemptToGrade(deps: Deps, user: SessionUser, attemptId: number) {
  const t = await getAttempt(deps.db, attemptId);
  if (!t || t.status !== 'submitted' || Number(t.user_id) === user.id || !(await grades(deps, user, Number(t.assessment_id)))) {
    return notFound('attempt');
  }
  const assessment = (await getAssessment(deps.db, Number(t.assessment_id)))!;
  const person = await deps.db.selectFrom('users').select(['id', 'name']).where('id', '=', t.user_id).executeTakeFirstOrThrow();
  return { assessment, attempt: await toAttemptDto(deps.db, t), person: { id: Number(person.id), name: person.name } };
}

export async function grade(deps: Deps, user: SessionUser, attemptId: number, questionId: string, g: { score: number; note: string }) {
  const { assessment } = await attemptToGrade(deps, user, attemptId);
  if (!assessment.questions.some((q) => q.id === questionId)) return notFound(`question "${questionId}"`);
  await setGrade(deps.db, { attemptId, questionId, score: g.score, note: g.note, by: user.id, now: deps.now() });
  return attemptToGrade(deps, user, attemptId);
}

/** Graders of an assessment must be active accounts; a 400 names an id that is not. */
export async function checkGraders(deps: Deps, userIds: number[]) {
  const unique = [...new Set(userIds)];
  if (!unique.length) return unique;
  const found = await deps.db.selectFrom('users').select('id').where('id', 'in', unique).where('disabled', '=', 0).execute();
  const known = new Set(found.map((u) => Number(u.id)));
  const bad = unique.filter((id) => !known.has(id));
  if (bad.length) return fail(400, 'bad_request', `userIds: no active account with id ${bad.slice(0, 5).join(', ')}`);
  return unique;
}

export { gradersOf };
