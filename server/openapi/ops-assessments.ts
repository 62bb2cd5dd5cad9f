import { z } from 'zod';
import { assessmentQuestionSchema, attemptAnswer } from '@shared/api/assessments.js';
import { SIGNAL_KINDS } from '@shared/api/integrity.js';
import { LEVELS } from '@shared/api/people.js';
import { SKILL_TYPES } from '@shared/skills.js';
import type { Operations } from './operation.js';

// Skills assessments, grading, profiles and integrity signals (issue 16 parts 2-4).

const id = z.number().int();
const skills = z.record(z.enum(SKILL_TYPES), z.object({ mean: z.number(), graded: z.number().int() })).describe('per skill type: mean of the graded answers');
const profile = z.object({ level: z.enum(LEVELS).nullable(), taskTypes: z.array(z.string()), languages: z.array(z.string()) });
const assessment = z.object({
  id, title: z.string(), instructions: z.string(), questions: z.array(assessmentQuestionSchema), archived: z.boolean(), createdAt: id, updatedAt: id,
});
const grade = z.object({ score: id, note: z.string(), gradedAt: id, auto: z.boolean().describe('scored against a task question\'s reference at submit (a grader\'s grade replaces it)') });
const attempt = z.object({
  id, assessmentId: id, status: z.enum(['draft', 'submitted']), answers: z.record(z.string(), attemptAnswer).describe('written answers as text, task answers as the type\'s answer'),
  pastes: z.array(z.object({ question: z.string(), chars: id })), startedAt: id, updatedAt: id, submittedAt: id.nullable(),
  grades: z.record(z.string(), grade),
});
const toGrade = z.object({ assessment, attempt, person: z.object({ id, name: z.string() }) });
const counts = z.record(z.enum(SIGNAL_KINDS), id);

export const assessmentOps: Operations = {
  'GET /api/assessments': {
    tag: 'Assessments', auth: 'user', summary: 'Assessments you can take, with where you are in each',
    ok: { status: 200, description: 'assessments (archived ones for admins only)', schema: z.object({ assessments: z.array(z.object({ id, title: z.string() }).loose()) }) },
  },
  'POST /api/assessments': {
    tag: 'Assessments', auth: 'admin', summary: 'Define an assessment: written questions, each tagged with a skill type',
    ok: { status: 201, description: 'created', schema: z.object({ assessment }) },
  },
  'GET /api/assessments/{id}': {
    tag: 'Assessments', auth: 'user', summary: 'An assessment with your current attempt (and, for admins, its graders)',
    ok: { status: 200, description: 'the assessment', schema: z.object({ assessment, attempt: attempt.nullable(), graders: z.array(id).nullable() }) },
    errors: { 404: 'no such assessment (or archived)' },
  },
  'PUT /api/assessments/{id}': {
    tag: 'Assessments', auth: 'admin', summary: 'Change an assessment', ok: { status: 200, description: 'changed', schema: z.object({ assessment }) },
    errors: { 404: 'no such assessment' },
  },
  'PUT /api/assessments/{id}/graders': {
    tag: 'Assessments', auth: 'admin', summary: 'Name who grades an assessment (admins grade every one)',
    ok: { status: 200, description: 'the graders', schema: z.object({ graders: z.array(id) }) }, errors: { 404: 'no such assessment' },
  },
  'PUT /api/assessments/{id}/attempt': {
    tag: 'Assessments', auth: 'user', summary: 'Save your answers so far (starts the attempt on the first save)',
    description: 'Answers are checked against their question\'s maximum length; paste events are kept for the graders.',
    ok: { status: 200, description: 'saved', schema: z.object({ attempt }) },
    errors: { 404: 'no such assessment', 409: 'already submitted: delete the attempt to retake' },
  },
  'POST /api/assessments/{id}/attempt/submit': {
    tag: 'Assessments', auth: 'user', summary: 'Submit your attempt for grading',
    ok: { status: 200, description: 'submitted', schema: z.object({ attempt }) },
    errors: { 400: 'a required question is unanswered (`details.missing`)', 404: 'no such assessment', 409: 'already submitted' },
  },
  'DELETE /api/assessments/{id}/attempt': {
    tag: 'Assessments', auth: 'user', summary: 'Delete your attempt to take the assessment again',
    description: 'Its grades no longer count; it stays on record.',
    ok: { status: 200, description: 'deleted', schema: z.object({ deleted: z.literal(true) }) }, errors: { 404: 'no attempt to delete' },
  },
  'GET /api/grading': {
    tag: 'Assessments', auth: 'user', summary: 'Submitted attempts of the assessments you grade (never your own)',
    ok: { status: 200, description: 'attempts, oldest first', schema: z.object({ items: z.array(z.object({ attemptId: id, graded: id }).loose()) }) },
  },
  'GET /api/grading/attempts/{attemptId}': {
    tag: 'Assessments', auth: 'user', summary: 'A submitted attempt to grade', ok: { status: 200, description: 'the attempt', schema: toGrade },
    errors: { 404: 'no such attempt among those you grade' },
  },
  'PUT /api/grading/attempts/{attemptId}/grades/{questionId}': {
    tag: 'Assessments', auth: 'user', summary: 'Score one answer 1-5 with a note', ok: { status: 200, description: 'graded', schema: toGrade },
    errors: { 404: 'no such attempt among those you grade, or no such question' },
  },
  'GET /api/profile': {
    tag: 'Users', auth: 'user', summary: 'Your profile, expertise and skill scores',
    ok: { status: 200, description: 'your profile', schema: z.object({ profile, expertise: z.array(z.string()), skills }) },
  },
  'PUT /api/profile': {
    tag: 'Users', auth: 'user', summary: 'Set the languages you work in', ok: { status: 200, description: 'your profile', schema: z.object({ profile }) },
  },
  'PUT /api/users/{id}/profile': {
    tag: 'Users', auth: 'admin', summary: 'Set a person\'s level, task types and languages',
    ok: { status: 200, description: 'their profile', schema: z.object({ profile }) }, errors: { 404: 'no such user' },
  },
  'GET /api/projects/{projectId}/candidates': {
    tag: 'Members', auth: 'user', roles: ['lead'], summary: 'People you may add, filtered by profile and skill scores',
    description: 'People you already share a project with (every active account for an administrator), never administrators not on the project.',
    ok: { status: 200, description: 'people', schema: z.object({ candidates: z.array(z.object({ userId: id, name: z.string(), skills }).loose()) }) },
  },
  'GET /api/projects/{projectId}/integrity': {
    tag: 'Quality', auth: 'user', roles: ['lead'], summary: 'Integrity signals per person: counts by kind beside their labels',
    ok: { status: 200, description: 'people', schema: z.object({ people: z.array(z.object({ userId: id, name: z.string(), counts, total: id, answers: id })) }) },
  },
  'GET /api/projects/{projectId}/integrity/signals': {
    tag: 'Quality', auth: 'user', roles: ['lead'], summary: 'Integrity signals, newest first, by person, row or kind',
    ok: { status: 200, description: 'a page; `next` is the `before` of the next page', schema: z.object({ signals: z.array(z.object({ id, kind: z.enum(SIGNAL_KINDS) }).loose()), next: id.nullable() }) },
  },
};
