import { z } from 'zod';
import type { Operations } from './operation.js';
import { escalationPage, nextResult, queueCounts, resolved, rowHistory, rowList, rowView, submitted, taskView } from './responses.js';

const expired = 'the claim\'s lease ran out (its row went back to the pool; the draft is kept)';
const claimErrors = { 403: 'you no longer hold the role this claim needs (it was released)', 404: 'no claim of yours with this id', 409: expired };

/** Labeling and QA, and the leads' view of rows. */
export const workOps: Operations = {
  'GET /api/projects/{projectId}/queue': {
    tag: 'Work', auth: 'user', roles: 'member', summary: 'How many rows wait for you, per role you hold',
    ok: { status: 200, description: 'counts (null: you do not hold that role), capped at `cap`', schema: queueCounts },
  },
  'GET /api/projects/{projectId}/my-counts': {
    tag: 'Work', auth: 'user', roles: 'member', summary: 'How many rows you labeled today (since `since`, the start of your day) and in all',
    ok: { status: 200, description: 'your label counts', schema: z.object({ label: z.object({ today: z.number(), total: z.number() }) }) },
  },
  'GET /api/projects/{projectId}/my-feedback': {
    tag: 'Work', auth: 'user', roles: 'member', summary: 'Why reviewers overruled your labels or sent your rows back, newest first',
    description: 'Your own labels only: the reason, the reviewer\'s note and the questions where the final differs from your answer.',
    ok: {
      status: 200, description: 'reasons about your labels',
      schema: z.object({ feedback: z.array(z.object({
        rowId: z.number(), externalId: z.string().nullable(), round: z.number(), action: z.enum(['overrule', 'send_back']),
        reason: z.string(), note: z.string(), questions: z.array(z.string()), at: z.number(),
      })) }),
    },
  },
  'POST /api/projects/{projectId}/next': {
    tag: 'Work', auth: 'user', roles: 'member', summary: 'Claim the next row to label or review',
    description: 'Resumes your active claim if you have one. `ahead: true` also claims the row after it (labeling).',
    ok: { status: 200, description: 'a claim with its row, or why there is none now', schema: nextResult },
  },
  'GET /api/assignments/{id}': {
    tag: 'Work', auth: 'user', summary: 'One of your claims, as the editor shows it',
    ok: { status: 200, description: 'the claim', schema: taskView }, errors: claimErrors,
  },
  'POST /api/assignments/{id}/heartbeat': {
    tag: 'Work', auth: 'user', summary: 'Keep a claim alive',
    ok: { status: 200, description: 'the new lease end', schema: z.object({ expiresAt: z.number().int() }) }, errors: claimErrors,
  },
  'POST /api/assignments/{id}/draft': {
    tag: 'Work', auth: 'user', summary: 'Save a draft (incomplete answers allowed)',
    ok: { status: 200, description: 'saved', schema: z.object({ revisionId: z.number().int(), expiresAt: z.number().int() }) }, errors: claimErrors,
  },
  'POST /api/assignments/{id}/submit': {
    tag: 'Work', auth: 'user', summary: 'Submit a label',
    description: 'Idempotent on `clientSubmissionId`: a retry returns the first result (`duplicate: true`) and stores nothing.',
    ok: { status: 200, description: 'stored', schema: submitted }, errors: claimErrors,
  },
  'POST /api/assignments/{id}/release': {
    tag: 'Work', auth: 'user', summary: 'Give a claim back (the draft is kept)',
    ok: { status: 200, description: 'released', schema: z.object({ released: z.literal(true) }) }, errors: claimErrors,
  },
  'POST /api/assignments/{id}/flag': {
    tag: 'Work', auth: 'user', summary: 'Say the row needs an expert in a domain',
    ok: { status: 200, description: 'the row\'s domains now', schema: z.object({ expertise: z.array(z.string()) }) }, errors: claimErrors,
  },
  'POST /api/assignments/{id}/escalate': {
    tag: 'Work', auth: 'user', summary: 'Ask the leads a question about the row',
    ok: { status: 200, description: 'asked', schema: z.object({ escalationId: z.number().int(), rowState: z.literal('escalated').optional() }) },
    errors: { ...claimErrors, 409: 'you already have an open question on this row, or the lease ran out' },
  },
  'POST /api/assignments/{id}/resolve': {
    tag: 'Work', auth: 'user', summary: 'QA: accept a final answer, send the row back, or escalate it',
    ok: { status: 200, description: 'done', schema: resolved },
    errors: { ...claimErrors, 409: 'the final would break the expert rule, or the lease ran out' },
  },
  'GET /api/projects/{projectId}/rows': {
    tag: 'Rows', auth: 'user', roles: ['lead'], summary: 'Rows with their state and what each waits for',
    ok: { status: 200, description: 'a page of rows', schema: rowList },
  },
  'GET /api/projects/{projectId}/rows/{rowId}': {
    tag: 'Rows', auth: 'user', roles: 'member', summary: 'One row: leads see everything, others only a row they held and their own work',
    ok: { status: 200, description: 'the row', schema: rowView }, errors: { 404: 'no such row, or not one you held' },
  },
  'GET /api/projects/{projectId}/rows/{rowId}/history': {
    tag: 'Rows', auth: 'user', roles: ['lead'], summary: 'Everything that happened to a row: claims, drafts, answers, finals, escalations',
    ok: { status: 200, description: 'the history', schema: rowHistory }, errors: { 404: 'no such row' },
  },
  'POST /api/projects/{projectId}/rows/{rowId}/reopen': {
    tag: 'Rows', auth: 'user', roles: ['lead'], summary: 'Reopen a finalized row for QA or relabeling',
    ok: { status: 200, description: 'reopened', schema: z.object({ rowId: z.number().int(), state: z.string(), round: z.number().int() }) },
    errors: { 404: 'no such row', 409: 'the row is not final' },
  },
  'POST /api/projects/{projectId}/rows/{rowId}/priority': {
    tag: 'Rows', auth: 'user', roles: ['lead'], summary: 'Change a row\'s priority (higher is handed out first; audited)',
    ok: { status: 200, description: 'the priority now', schema: z.object({ rowId: z.number().int(), priority: z.number().int() }) },
    errors: { 404: 'no such row' },
  },
  'GET /api/projects/{projectId}/escalations': {
    tag: 'Rows', auth: 'user', roles: ['lead'], summary: 'The leads\' inbox of questions, a page at a time',
    ok: { status: 200, description: 'a page', schema: escalationPage },
  },
  'POST /api/projects/{projectId}/escalations/{escalationId}/answer': {
    tag: 'Rows', auth: 'user', roles: ['lead'], summary: 'Answer a question (an escalated row returns to QA)',
    ok: { status: 200, description: 'answered', schema: z.object({ escalationId: z.number().int(), rowState: z.string().nullable().optional() }) },
    errors: { 404: 'no such escalation', 409: 'already answered' },
  },
  'POST /api/projects/{projectId}/assignments/{assignmentId}/release': {
    tag: 'Rows', auth: 'user', roles: ['lead'], summary: 'Release someone\'s stuck claim',
    ok: { status: 200, description: 'released', schema: z.object({ released: z.literal(true), assignmentId: z.number().int() }) },
    errors: { 404: 'no such active claim in this project' },
  },
};
