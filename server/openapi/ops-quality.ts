import { z } from 'zod';
import type { Operations } from './operation.js';

const id = z.number().int();
const pause = z.object({ userId: id, name: z.string(), reason: z.string(), pausedBy: id.nullable(), pausedAt: z.number().int() });
const quality = z.object({
  people: z.array(z.object({
    userId: id, name: z.string(), labels: z.number().int(), activeMsPerRow: z.number().nullable(), bestEffort: z.number().int(),
    flagsRaised: z.number().int(), escalations: z.number().int(),
    signals: z.record(z.string(), z.number().int()).describe('integrity signals on their answers, counted by kind'),
    gold: z.object({ n: z.number().int(), correct: z.number().int(), accuracy: z.number().nullable() }).loose(),
    paused: z.object({ reason: z.string(), pausedAt: z.number().int() }).nullable(),
    questions: z.array(z.object({ questionId: z.string() }).loose()).describe('gold accuracy, peer agreement and QA kept rate per question'),
  })),
  peers: z.array(z.object({ a: id, b: id, questionId: z.string(), n: z.number().int(), agreed: z.number().int(), kappa: z.number().nullable() })),
  pauses: z.array(pause),
});

/** Gold rows and per-person quality: a lead's tools (issue 16). */
export const qualityOps: Operations = {
  'GET /api/projects/{projectId}/quality': {
    tag: 'Quality', auth: 'user', roles: ['lead'], summary: 'Per-person quality: gold accuracy, peer agreement, QA outcomes, pauses',
    ok: { status: 200, description: 'people, pairs and pauses', schema: quality },
  },
  'GET /api/projects/{projectId}/quality.csv': {
    tag: 'Quality', auth: 'user', roles: ['lead'], summary: 'The same as a CSV file (audited)',
    ok: { status: 200, description: 'the CSV', content: { 'text/csv': { type: 'string' } } },
  },
  'GET /api/projects/{projectId}/pauses': {
    tag: 'Quality', auth: 'user', roles: ['lead'], summary: 'People paused on the project (by failing gold rows)',
    ok: { status: 200, description: 'pauses', schema: z.object({ pauses: z.array(pause) }) },
  },
  'POST /api/projects/{projectId}/pauses/{userId}/resume': {
    tag: 'Quality', auth: 'user', roles: ['lead'], summary: 'Let a paused person work again',
    description: 'They get rows again, and their accuracy is measured afresh from now.',
    ok: { status: 200, description: 'resumed', schema: z.object({ resumed: z.literal(true) }) },
    errors: { 409: 'this person is not paused on this project' },
  },
  'POST /api/projects/{projectId}/rows/{rowId}/gold': {
    tag: 'Quality', auth: 'user', roles: ['lead'], summary: 'Make a final row a gold row: its final becomes the reference answer',
    ok: { status: 200, description: 'promoted', schema: z.object({ rowId: id, state: z.literal('gold'), reference: z.record(z.string(), z.unknown()) }) },
    errors: { 404: 'no such row', 409: 'the row is not final, or is gold already' },
  },
};
