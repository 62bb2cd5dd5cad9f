import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { zv } from '../http.js';
import { requireAdmin, requireUser } from '../middleware.js';
import { assessmentBody, assessmentParam, attemptBody, attemptParam, gradeBody, gradeParam, gradersBody, type AssessmentSummary, type GradingItem } from '@shared/api/assessments.js';
import { SKILL_TYPES } from '@shared/skills.js';
import { gradedBy, insertAssessment, listAssessments, scoredCount, setGraders, submittedAttempts } from '../repos/assessments.js';
import { audit } from '../repos/audit.js';
import {
  attemptToGrade, checkGraders, deleteMine, grade, gradersOf, myAttempt, saveMine, updateRescoring, visibleAssessment,
} from '../services/assessments.js';

/**
 * Skills assessments (issue 16): admins define them and name their graders; anyone signed in takes them
 * (one current attempt each, saved as they type, submitted once, deleted to retake).
 */
export const assessmentRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/', async (c) => {
    const { deps, user } = c.var;
    const all = await listAssessments(deps.db);
    const mine = await deps.db.selectFrom('assessment_attempts as t')
      .select((eb) => ['t.id', 't.assessment_id', 't.status', 't.updated_at', scoredCount(eb).as('graded')])
      .where('t.user_id', '=', user.id).where('t.deleted_at', 'is', null).execute();
    const byAssessment = new Map(mine.map((t) => [Number(t.assessment_id), t]));
    const grading = await gradedBy(deps.db, user.id);
    const assessments: AssessmentSummary[] = all.filter((a) => !a.archived || user.isAdmin).map((a) => {
      const t = byAssessment.get(a.id);
      return {
        id: a.id, title: a.title, questions: a.questions.length, archived: a.archived,
        skills: SKILL_TYPES.filter((s) => a.questions.some((q) => q.skill === s)),
        mine: t ? { status: t.status, graded: Number(t.graded), updatedAt: t.updated_at } : null,
        grader: user.isAdmin || grading.has(a.id),
      };
    });
    return c.json({ assessments });
  })
  .post('/', requireAdmin, zv('json', assessmentBody), async (c) => {
    const { deps, user } = c.var;
    const id = await insertAssessment(deps.db, c.req.valid('json'), user.id, deps.now());
    await audit(deps.db, { at: deps.now(), userId: user.id, action: 'assessment.create', details: { id } });
    return c.json({ assessment: await visibleAssessment(deps, user, id) }, 201);
  })
  .get('/:id', zv('param', assessmentParam), async (c) => {
    const { deps, user } = c.var;
    const { id } = c.req.valid('param');
    const assessment = await visibleAssessment(deps, user, id);
    // Graders are named to admins only: a person taking the test has no business knowing who marks it.
    return c.json({ assessment, attempt: await myAttempt(deps, user, id), graders: user.isAdmin ? await gradersOf(deps.db, id) : null });
  })
  .put('/:id', requireAdmin, zv('param', assessmentParam), zv('json', assessmentBody), async (c) => {
    const { deps, user } = c.var;
    const { id } = c.req.valid('param');
    const rescored = await updateRescoring(deps, user, id, c.req.valid('json'));
    await audit(deps.db, { at: deps.now(), userId: user.id, action: 'assessment.update', details: { id, rescored } });
    return c.json({ assessment: await visibleAssessment(deps, user, id), rescored });
  })
  .put('/:id/graders', requireAdmin, zv('param', assessmentParam), zv('json', gradersBody), async (c) => {
    const { deps, user } = c.var;
    const { id } = c.req.valid('param');
    await visibleAssessment(deps, user, id);
    const userIds = await checkGraders(deps, c.req.valid('json').userIds);
    await setGraders(deps.db, id, userIds);
    await audit(deps.db, { at: deps.now(), userId: user.id, action: 'assessment.graders', details: { id, userIds } });
    return c.json({ graders: await gradersOf(deps.db, id) });
  })
  .put('/:id/attempt', zv('param', assessmentParam), zv('json', attemptBody), async (c) =>
    c.json({ attempt: await saveMine(c.var.deps, c.var.user, c.req.valid('param').id, c.req.valid('json'), false) }))
  .post('/:id/attempt/submit', zv('param', assessmentParam), zv('json', attemptBody), async (c) =>
    c.json({ attempt: await saveMine(c.var.deps, c.var.user, c.req.valid('param').id, c.req.valid('json'), true) }))
  .delete('/:id/attempt', zv('param', assessmentParam), async (c) =>
    c.json(await deleteMine(c.var.deps, c.var.user, c.req.valid('param').id)));

/** Grading: submitted attempts of the assessments the caller grades (all of them for admins), never their own. */
export const gradingRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/', async (c) => {
    const { deps, user } = c.var;
    const only = user.isAdmin ? null : [...(await gradedBy(deps.db, user.id))];
    const rows = await submittedAttempts(deps.db, only);
    const items: GradingItem[] = rows.filter((r) => Number(r.user_id) !== user.id).map((r) => ({
      attemptId: Number(r.id), assessmentId: Number(r.assessment_id), assessment: r.title,
      person: { id: Number(r.user_id), name: r.name }, submittedAt: r.submitted_at ?? 0,
      questions: (JSON.parse(r.questions_json) as unknown[]).length, graded: Number(r.graded),
    }));
    return c.json({ items });
  })
  .get('/attempts/:attemptId', zv('param', attemptParam), async (c) =>
    c.json(await attemptToGrade(c.var.deps, c.var.user, c.req.valid('param').attemptId)))
  .put('/attempts/:attemptId/grades/:questionId', zv('param', gradeParam), zv('json', gradeBody), async (c) => {
    const { attemptId, questionId } = c.req.valid('param');
    return c.json(await grade(c.var.deps, c.var.user, attemptId, questionId, c.req.valid('json')));
  });
