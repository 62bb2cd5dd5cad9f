import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, engineName, type Client, type TestEnv } from './test/harness.js';

/**
 * Task-type questions in assessments (issue 16 part 2): an admin asks a question of a task type on a sample
 * item with a reference answer; the taker answers with the type's answer; at submit it is scored against the
 * reference with the type's own agreement (1 to 5), rolls up per skill type, and a grader may replace it.
 */
let env: TestEnv;
let admin: Client, tia: Client, gus: Client;
let tiaId: number;

const verdict = {
  id: 'pick', kind: 'task', prompt: 'Is this answer good?', skill: 'Evaluation', required: true,
  task: { id: 'verdict', type: 'classification', title: 'Verdict', config: { field: 'response', labels: ['good', 'bad'] } },
  data: { response: 'Paris is the capital of France.' }, reference: { labels: ['good'] },
};
const rubric = {
  id: 'rate', kind: 'task', prompt: 'Rate the answer.', skill: 'Rubric Work', required: true,
  task: { id: 'quality', type: 'rating', title: 'Rating', config: { field: 'response', criteria: [{ id: 'accuracy', title: 'Accuracy' }, { id: 'helpfulness', title: 'Helpfulness' }] } },
  data: { response: 'Use my_list[::-1] for a reversed copy.' }, reference: { scores: { accuracy: 5, helpfulness: 5 }, rationale: '' },
};
const written = { id: 'why', kind: 'written', prompt: 'Why?', skill: 'Evaluation', required: false, maxLength: 200 };

beforeAll(async () => {
  env = await createTestEnv();
  await env.user('admin@t.test', { admin: true, name: 'Ada' });
  tiaId = await env.user('tia@t.test', { name: 'Tia' });
  await env.user('gus@t.test', { name: 'Gus' });
  [admin, tia, gus] = await Promise.all(['admin', 'tia', 'gus'].map((n) => env.login(`${n}@t.test`)));
});
afterAll(() => env.close());

describe(`task questions in assessments (${engineName()})`, () => {
  let aid = 0;

  it('checks a task question when it is defined: its config, the sample item the question reads, a complete reference', async () => {
    const post = (q: unknown) => admin.post('/api/assessments', { title: 'Vet', questions: [q] });
    const badLabel = await post({ ...verdict, reference: { labels: ['meh'] } });
    expect(badLabel.status).toBe(400);
    expect(badLabel.body.error.message).toMatch(/questions\.0\.reference\.labels\.0/);
    const incomplete = await post({ ...rubric, reference: { scores: { accuracy: 5 }, rationale: '' } });
    expect(incomplete.body.error.message).toMatch(/reference: answer the question completely/);
    const noField = await post({ ...verdict, data: { text: 'x' } });
    expect(noField.body.error.message).toMatch(/data\.response: the question reads this field/);
    const badConfig = await post({ ...verdict, task: { ...verdict.task, config: { field: 'response', labels: [] } } });
    expect(badConfig.status).toBe(400);
    expect(badConfig.body.error.message).toMatch(/questions\.0\.task\.config\.labels/);
    const r = await admin.post('/api/assessments', { title: 'Vet', questions: [verdict, rubric, written] });
    expect(r.status).toBe(201);
    aid = r.body.assessment.id;
    expect(r.body.assessment.questions[0]).toMatchObject({ kind: 'task', task: { type: 'classification', required: true }, reference: { labels: ['good'] } });
    expect((await tia.get('/api/assessments')).body.assessments.find((a: { id: number }) => a.id === aid).skills).toEqual(['Evaluation', 'Rubric Work']);
  });

  it('saves a task answer in progress, refuses a bad one and a submit with a required task question unanswered', async () => {
    expect((await tia.put(`/api/assessments/${aid}/attempt`, { answers: { pick: { labels: ['good'] }, rate: { scores: { accuracy: 4 }, rationale: '' } } })).status).toBe(200);
    expect((await tia.get(`/api/assessments/${aid}`)).body.attempt.answers.rate).toEqual({ scores: { accuracy: 4 }, rationale: '' });
    const bad = await tia.put(`/api/assessments/${aid}/attempt`, { answers: { pick: { labels: ['nope'] } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/answers\.pick\.labels\.0/);
    const textForTask = await tia.put(`/api/assessments/${aid}/attempt`, { answers: { pick: 'good' } });
    expect(textForTask.status).toBe(400);
    const objectForText = await tia.put(`/api/assessments/${aid}/attempt`, { answers: { why: { labels: ['good'] } } });
    expect(objectForText.body.error.message).toMatch(/answers\.why: a written answer is text/);
    const early = await tia.post(`/api/assessments/${aid}/attempt/submit`, { answers: { pick: { labels: ['good'] }, rate: { scores: { accuracy: 4 }, rationale: '' } } });
    expect(early.status).toBe(400);
    expect(early.body.error.details.missing).toEqual(['rate']);
  });

  it('scores task answers at submit with the type\'s agreement, per skill type; a grader\'s grade replaces the score', async () => {
    const done = await tia.post(`/api/assessments/${aid}/attempt/submit`, { answers: { pick: { labels: ['good'] }, rate: { scores: { accuracy: 3, helpfulness: 5 }, rationale: '' } } });
    expect(done.status).toBe(200);
    const g = done.body.attempt.grades;
    expect(g.pick).toMatchObject({ score: 5, auto: true, note: 'Scored against the reference answer: 100% agreement' });
    // Rating agreement: mean over criteria of 1 − |a − b| / (max − min) = (0.5 + 1) / 2 = 0.75: 1 + 4 × 0.75 = 4.
    expect(g.rate).toMatchObject({ score: 4, auto: true, note: 'Scored against the reference answer: 75% agreement' });
    expect(g.why).toBeUndefined();
    expect((await tia.get('/api/profile')).body.skills).toEqual({ Evaluation: { mean: 5, graded: 1 }, 'Rubric Work': { mean: 4, graded: 1 } });
    const item = (await admin.get('/api/grading')).body.items.find((i: { person: { id: number } }) => i.person.id === tiaId);
    expect(item).toMatchObject({ questions: 3, graded: 2 });

    const wrong = await gus.post(`/api/assessments/${aid}/attempt/submit`, { answers: { pick: { labels: ['bad'] }, rate: { scores: { accuracy: 1, helpfulness: 1 }, rationale: '' } } });
    expect(wrong.body.attempt.grades.pick.score).toBe(1);
    expect(wrong.body.attempt.grades.rate.score).toBe(1);

    // The grader reads it and gives their own score: it replaces the automatic one, in the roll-up too.
    const graded = await admin.put(`/api/grading/attempts/${item.attemptId}/grades/rate`, { score: 2, note: 'Accuracy 3 is too low for a correct answer' });
    expect(graded.body.attempt.grades.rate).toMatchObject({ score: 2, auto: false });
    expect((await tia.get('/api/profile')).body.skills['Rubric Work']).toEqual({ mean: 2, graded: 1 });
    expect((await admin.get('/api/grading')).body.items.find((i: { person: { id: number } }) => i.person.id === tiaId).graded).toBe(2);
    // An admin corrects the rating's reference: every submitted answer is scored again against it (Gus's 1/1
    // now agrees half, Tia's grader-given 2 stays), and the verdict question's scores are untouched.
    const edited = await admin.put(`/api/assessments/${aid}`, {
      title: 'Vet', questions: [verdict, { ...rubric, reference: { scores: { accuracy: 3, helpfulness: 1 }, rationale: '' } }, written],
    });
    expect(edited.status).toBe(200);
    expect(edited.body.rescored).toBe(2);
    const gusAttempt = (await gus.get(`/api/assessments/${aid}`)).body.attempt;
    // Agreement (1 − 2/4 + 1 − 0/4) / 2 = 0.75: 1 + 4 × 0.75 = 4.
    expect(gusAttempt.grades.rate).toMatchObject({ score: 4, auto: true, note: 'Scored against the reference answer: 75% agreement' });
    expect(gusAttempt.grades.pick).toMatchObject({ score: 1, auto: true });
    expect((await tia.get('/api/profile')).body.skills['Rubric Work']).toEqual({ mean: 2, graded: 1 });
    // A save that changes no task question scores nothing again; turning a task question into a written one drops its scores.
    expect((await admin.put(`/api/assessments/${aid}`, { title: 'Vet again', questions: [verdict, { ...rubric, reference: { scores: { accuracy: 3, helpfulness: 1 }, rationale: '' } }, written] })).body.rescored).toBe(0);
    const toWritten = await admin.put(`/api/assessments/${aid}`, { title: 'Vet', questions: [{ ...written, id: 'pick' }, { ...rubric, reference: { scores: { accuracy: 3, helpfulness: 1 }, rationale: '' } }, { ...written, id: 'why2' }] });
    expect(toWritten.status).toBe(200);
    expect((await gus.get(`/api/assessments/${aid}`)).body.attempt.grades.pick).toBeUndefined();
    expect((await gus.get('/api/profile')).body.skills).toEqual({ 'Rubric Work': { mean: 4, graded: 1 } });
    await admin.put(`/api/assessments/${aid}`, { title: 'Vet', questions: [verdict, rubric, written] });

    // Deleting the attempt takes its scores out; a retake is scored afresh.
    await tia.del(`/api/assessments/${aid}/attempt`);
    expect((await tia.get('/api/profile')).body.skills).toEqual({});
  });
});
