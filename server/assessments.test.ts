import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, engineName, simpleSchema, type Client, type TestEnv } from './test/harness.js';
import { insertRows } from './repos/rows.js';
import { plainRows, pos, workProject, csid } from './test/workflow-kit.js';
import { next } from './services/workflow/next.js';
import { workflowProject } from './services/workflow/project.js';

/**
 * Skills assessments (issue 16 part 2): defining, taking (save, resume, required answers, delete and
 * retake), grading with its roll-up per skill type, who may see what, and a project's minimum at `next`.
 */
let env: TestEnv;
let admin: Client, pat: Client, gina: Client, other: Client;
let patId: number, ginaId: number;
let aid: number;

const definition = {
  title: 'Evaluator vetting', instructions: 'Answer in your own words.',
  questions: [
    { id: 'why', kind: 'written', prompt: 'Which response is more helpful, and why?', skill: 'Evaluation', required: true, maxLength: 500 },
    { id: 'rank', kind: 'written', prompt: 'Rank the three answers.', skill: 'Preference Ranking', required: true, maxLength: 300 },
    { id: 'extra', kind: 'written', prompt: 'Anything else?', skill: 'Evaluation', required: false, maxLength: 100 },
  ],
};

beforeAll(async () => {
  env = await createTestEnv();
  await env.user('admin@a.test', { admin: true, name: 'Ada' });
  patId = await env.user('pat@a.test', { name: 'Pat' });
  ginaId = await env.user('gina@a.test', { name: 'Gina' });
  await env.user('other@a.test', { name: 'Otto' });
  [admin, pat, gina, other] = await Promise.all(['admin', 'pat', 'gina', 'other'].map((n) => env.login(`${n}@a.test`)));
});
afterAll(() => env.close());

describe(`defining assessments (${engineName()})`, () => {
  it('lets only admins define one, and names a bad question in the 400', async () => {
    expect((await pat.post('/api/assessments', definition)).status).toBe(403);
    const bad = await admin.post('/api/assessments', { ...definition, questions: [{ ...definition.questions[0], skill: 'Vibes' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/questions\.0\.skill: skill: expected one of Evaluation/);
    const dup = await admin.post('/api/assessments', { ...definition, questions: [definition.questions[0], definition.questions[0]] });
    expect(dup.body.error.message).toMatch(/own id/);
    const r = await admin.post('/api/assessments', definition);
    expect(r.status).toBe(201);
    aid = r.body.assessment.id;
    expect(r.body.assessment.questions).toHaveLength(3);
    const g = await admin.put(`/api/assessments/${aid}/graders`, { userIds: [ginaId] });
    expect(g.body.graders).toEqual([ginaId]);
    expect((await admin.put(`/api/assessments/${aid}/graders`, { userIds: [99999] })).status).toBe(400);
  });

  it('lists it for everyone, graders marked, without naming graders to takers', async () => {
    const list = await pat.get('/api/assessments');
    expect(list.body.assessments).toEqual([expect.objectContaining({ id: aid, questions: 3, skills: ['Evaluation', 'Preference Ranking'], mine: null, grader: false })]);
    expect((await gina.get('/api/assessments')).body.assessments[0].grader).toBe(true);
    expect((await pat.get(`/api/assessments/${aid}`)).body.graders).toBeNull();
  });
});

describe(`taking an assessment (${engineName()})`, () => {
  it('saves progress and resumes it, with paste events bounded to known questions', async () => {
    const s = await pat.put(`/api/assessments/${aid}/attempt`, { answers: { why: 'Response A cites' }, pastes: [{ question: 'why', chars: 640 }, { question: 'nope', chars: 5 }] });
    expect(s.status).toBe(200);
    expect(s.body.attempt).toMatchObject({ status: 'draft', answers: { why: 'Response A cites' }, pastes: [{ question: 'why', chars: 640 }] });
    const again = await pat.put(`/api/assessments/${aid}/attempt`, { answers: { why: 'Response A cites its source', rank: 'B' }, pastes: [{ question: 'why', chars: 640 }] });
    expect(again.body.attempt.id).toBe(s.body.attempt.id);
    const back = await pat.get(`/api/assessments/${aid}`);
    expect(back.body.attempt).toMatchObject({ status: 'draft', answers: { why: 'Response A cites its source', rank: 'B' } });
    expect((await pat.get('/api/assessments')).body.assessments[0].mine.status).toBe('draft');
  });

  it('refuses answers to unknown questions and beyond a question\'s length', async () => {
    const unknown = await pat.put(`/api/assessments/${aid}/attempt`, { answers: { ghost: 'x' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/answers\.ghost: this assessment has no question "ghost"/);
    const long = await pat.put(`/api/assessments/${aid}/attempt`, { answers: { extra: 'x'.repeat(101) } });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/answers\.extra: 101 characters; this answer is limited to 100/);
  });

  it('enforces required answers on submit, then keeps the submitted attempt read-only', async () => {
    const missing = await pat.post(`/api/assessments/${aid}/attempt/submit`, { answers: { why: 'A', rank: '   ' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.missing).toEqual(['rank']);
    expect((await pat.get(`/api/assessments/${aid}`)).body.attempt.status).toBe('draft');
    const ok = await pat.post(`/api/assessments/${aid}/attempt/submit`, { answers: { why: 'A is grounded', rank: 'A > C > B' }, pastes: [{ question: 'why', chars: 640 }] });
    expect(ok.status).toBe(200);
    expect(ok.body.attempt.status).toBe('submitted');
    const late = await pat.put(`/api/assessments/${aid}/attempt`, { answers: { why: 'changed' } });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/delete it to take the assessment again/);
  });
});

describe(`grading (${engineName()})`, () => {
  let attemptId: number;
  it('shows the grader the attempts of what they grade, and nobody else', async () => {
    const items = (await gina.get('/api/grading')).body.items;
    expect(items).toEqual([expect.objectContaining({ assessmentId: aid, person: { id: patId, name: 'Pat' }, questions: 3, graded: 0 })]);
    attemptId = items[0].attemptId;
    const seen = await gina.get(`/api/grading/attempts/${attemptId}`);
    expect(seen.body.attempt.answers).toEqual({ why: 'A is grounded', rank: 'A > C > B' });
    expect(seen.body.attempt.pastes).toEqual([{ question: 'why', chars: 640 }]);
    // Another person, and the taker themself, meet the attempt as if it did not exist.
    expect((await other.get('/api/grading')).body.items).toEqual([]);
    expect((await other.get(`/api/grading/attempts/${attemptId}`)).status).toBe(404);
    expect((await pat.get(`/api/grading/attempts/${attemptId}`)).status).toBe(404);
    expect((await pat.put(`/api/grading/attempts/${attemptId}/grades/why`, { score: 5 })).status).toBe(404);
    expect((await other.put(`/api/grading/attempts/${attemptId}/grades/why`, { score: 5 })).status).toBe(404);
  });

  it('takes a 1-5 score with a note per answer and rolls them up per skill type', async () => {
    expect((await gina.put(`/api/grading/attempts/${attemptId}/grades/why`, { score: 6 })).status).toBe(400);
    expect((await gina.put(`/api/grading/attempts/${attemptId}/grades/nope`, { score: 3 })).status).toBe(404);
    const g = await gina.put(`/api/grading/attempts/${attemptId}/grades/why`, { score: 4, note: 'grounded' });
    expect(g.body.attempt.grades.why).toMatchObject({ score: 4, note: 'grounded' });
    await gina.put(`/api/grading/attempts/${attemptId}/grades/rank`, { score: 2, note: 'B is best' });
    // The unanswered optional question graded too: Evaluation is the mean of 4 and 1.
    await admin.put(`/api/grading/attempts/${attemptId}/grades/extra`, { score: 1 });
    const me = await pat.get('/api/profile');
    expect(me.body.skills).toEqual({ Evaluation: { mean: 2.5, graded: 2 }, 'Preference Ranking': { mean: 2, graded: 1 } });
    // The taker reads their own grades; nobody reads anyone else's profile scores through /profile.
    expect((await pat.get(`/api/assessments/${aid}`)).body.attempt.grades.rank).toMatchObject({ score: 2, note: 'B is best' });
    expect((await other.get('/api/profile')).body.skills).toEqual({});
  });

  it('does not let a grader grade their own attempt', async () => {
    await gina.post(`/api/assessments/${aid}/attempt/submit`, { answers: { why: 'mine', rank: 'mine' } });
    const items = (await gina.get('/api/grading')).body.items;
    expect(items.map((i: any) => i.person.id)).toEqual([patId]);
    const own = (await admin.get('/api/grading')).body.items.find((i: any) => i.person.id === ginaId);
    expect((await gina.put(`/api/grading/attempts/${own.attemptId}/grades/why`, { score: 5 })).status).toBe(404);
  });
});

describe(`a project's minimum scores (${engineName()})`, () => {
  it('keeps a person from rows until they pass, saying what is missing; delete and retake counts the new attempt only', async () => {
    const w = await workProject(env, {
      people: [{ name: 'lab', roles: ['annotator'] }], rows: plainRows(2),
      settings: { requirements: { skills: { Evaluation: 3.5 } } },
    });
    const labId = w.ids.lab;
    const lab = w.c.lab;
    const blocked = await lab.post(`/api/projects/${w.id}/next`, { role: 'label' });
    expect(blocked.body).toMatchObject({ assignment: null, reason: 'requirements' });
    expect(blocked.body.message).toMatch(/Evaluation score of at least 3.5 \(you have none yet/);
    // The workflow's own `next` holds the check, so a caller other than the HTTP route (a script) meets it too.
    const direct = await next(env.deps, (await workflowProject(env.deps.db, w.id))!, { id: labId, expertise: [] }, ['annotator'], 'label');
    expect(direct).toMatchObject({ assignment: null, reason: 'requirements', missing: [{ kind: 'skill', what: 'Evaluation', need: 3.5, have: null }] });
    expect(await env.deps.db.selectFrom('assignments').selectAll().where('user_id', '=', labId).execute()).toEqual([]);

    await lab.post(`/api/assessments/${aid}/attempt/submit`, { answers: { why: 'short', rank: 'x' } });
    const attemptId = (await admin.get('/api/grading')).body.items.find((i: any) => i.person.id === labId).attemptId;
    await gina.put(`/api/grading/attempts/${attemptId}/grades/why`, { score: 3 });
    const still = await lab.post(`/api/projects/${w.id}/next`, { role: 'label' });
    expect(still.body.message).toMatch(/Evaluation score of at least 3.5 \(yours is 3\)/);

    // Deleting the attempt takes its grades out of the scores; the retake is graded afresh.
    expect((await lab.del(`/api/assessments/${aid}/attempt`)).body).toEqual({ deleted: true });
    expect((await lab.get(`/api/assessments/${aid}`)).body.attempt).toBeNull();
    expect((await lab.get('/api/profile')).body.skills).toEqual({});
    expect((await gina.get(`/api/grading/attempts/${attemptId}`)).status).toBe(404);
    const retake = await lab.post(`/api/assessments/${aid}/attempt/submit`, { answers: { why: 'A is grounded in the source', rank: 'A > C > B' } });
    expect(retake.body.attempt.id).not.toBe(attemptId);
    await gina.put(`/api/grading/attempts/${retake.body.attempt.id}/grades/why`, { score: 4 });

    const ok = await lab.post(`/api/projects/${w.id}/next`, { role: 'label' });
    expect(ok.body.assignment.kind).toBe('label');
    expect((await lab.post(`/api/assignments/${ok.body.assignment.id}/submit`, { answer: pos, clientSubmissionId: csid() })).status).toBe(200);
  });

  it('requires expertise the same way, and validates the setting', async () => {
    const lead = await env.login('lead@t.test');
    const p = await lead.post('/api/projects', { name: 'Finance only', schema: simpleSchema, settings: { requirements: { expertise: ['finance'] } } });
    await lead.post(`/api/projects/${p.body.project.id}/members`, { email: 'lab@t.test', roles: ['annotator'] });
    await insertRows(env.deps.db, p.body.project.id, plainRows(1), env.clock.now);
    const lab = await env.login('lab@t.test');
    const r = await lab.post(`/api/projects/${p.body.project.id}/next`, { role: 'label' });
    expect(r.body.message).toMatch(/expertise in finance/);
    const bad = await lead.patch(`/api/projects/${p.body.project.id}`, { settings: { requirements: { skills: { Evaluation: 9 } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/settings\.requirements\.skills\.Evaluation/);
  });
});
