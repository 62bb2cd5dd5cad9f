import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.js';
import { zv } from '../http.js';
import { projectAccess, requireUser } from '../middleware.js';
import { domainSchema } from '@shared/project.js';
import { reviewReasonBody } from '@shared/review-reasons.js';
import * as wf from '../services/workflow/service.js';
import { workflowProject } from '../services/workflow/project.js';
import { QUEUE_COUNT_CAP, waitingFor } from '../repos/row-queue.js';
import { reasonsForLabeler } from '../repos/review-reasons.js';
import { labelCounts } from '../repos/my-counts.js';
import { integrityReport } from '@shared/api/integrity.js';

// Routes under /api/projects attach requireUser per route rather than with `.use`, because a `.use` there
// would also run in front of every other /api/projects route.
const positiveId = (what: string) => z.coerce.number().int().positive(`expected a positive ${what} id`).max(Number.MAX_SAFE_INTEGER, `${what} id out of range`);

export const nextBody = z.object({
  role: z.enum(['label', 'qa'], 'role: expected "label" or "qa"'),
  /** Claim the row after the current one too (labeling only): see `next`. */
  ahead: z.boolean().default(false),
});
export const claimParam = z.object({ id: positiveId('claim') });
export const myCountsQuery = z.object({
  since: z.coerce.number('since: expected epoch milliseconds').int('since: expected whole milliseconds').min(0, 'since: expected epoch milliseconds').max(8.64e15, 'since: out of range').default(0),
});
const rowAnswer = z.record(z.string(), z.unknown(), 'expected an object of answers by question id');
const clientSubmissionId = z.string().min(8, 'a client submission id has at least 8 characters').max(100);
const activeMs = z.number().int().min(0).max(24 * 3600_000).default(0);

export const draftBody = z.object({ answer: rowAnswer });
export const submitBody = z.object({ answer: rowAnswer, clientSubmissionId, bestEffort: z.boolean().default(false), activeMs, integrity: integrityReport });
export const flagBody = z.object({ domain: domainSchema, note: z.string().max(2000).optional() });
export const escalateBody = z.object({ question: z.string().trim().min(1, 'question is required').max(5000) });
export const resolveBody = z.discriminatedUnion('action', [
  // reason: why the final overrules a label (issue 18), stored for each labeler it overrules.
  z.object({ action: z.literal('accept'), answer: rowAnswer, clientSubmissionId, activeMs, reason: reviewReasonBody.optional() }),
  z.object({ action: z.literal('send_back'), note: z.string().trim().min(1, 'note: tell the next labelers what to fix').max(5000), reason: reviewReasonBody.shape.reason.optional() }),
  z.object({ action: z.literal('escalate'), question: z.string().trim().min(1, 'question is required').max(5000) }),
], 'action: expected "accept", "send_back" or "escalate"');

const caller = (c: { var: AppEnv['Variables'] }): wf.Caller => ({ id: c.var.user.id, expertise: c.var.user.expertise });

/** Labeler and reviewer work: next task for a role, under /api/projects. */
export const projectTaskRoutes = new Hono<AppEnv>()
  // The queue entry's "N rows waiting for you": only rows this person could be handed, per role they hold.
  .get('/:projectId/queue', requireUser, projectAccess(), async (c) => {
    const { deps, project, user } = c.var;
    const w = await waitingFor(deps.db, project.id, user.id, user.expertise);
    return c.json({
      label: project.roles.includes('annotator') ? w.label : null,
      qa: project.roles.includes('reviewer') ? w.qa : null,
      cap: QUEUE_COUNT_CAP,
    });
  })
  // The label page's "done" counter (issue 18): the caller's labels today (since the start of their day) and in all.
  .get('/:projectId/my-counts', requireUser, projectAccess(), zv('query', myCountsQuery), async (c) => {
    const { deps, project, user } = c.var;
    return c.json({ label: await labelCounts(deps.db, project.id, user.id, c.req.valid('query').since) });
  })
  // What reviewers said about the caller's own labels (issue 18): reasons for overrules and send-backs.
  .get('/:projectId/my-feedback', requireUser, projectAccess(), async (c) => {
    const { deps, project, user } = c.var;
    const p = (await workflowProject(deps.db, project.id))!;
    const title = new Map(p.schema.map((q) => [q.id, q.title]));
    return c.json({ feedback: await reasonsForLabeler(deps.db, project.id, user.id, (id) => title.get(id) ?? id) });
  })
  .post('/:projectId/next', requireUser, projectAccess(), zv('json', nextBody), async (c) => {
    const { deps, project } = c.var;
    const p = (await workflowProject(deps.db, project.id))!;
    const { role, ahead } = c.req.valid('json');
    return c.json(await wf.next(deps, p, caller(c), project.roles, role, ahead));
  });

/** Work on one claim, under /api/assignments. Only its owner reaches it. */
export const assignmentRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/:id', zv('param', claimParam), async (c) => c.json(await wf.claimView(c.var.deps, caller(c), c.req.valid('param').id)))
  .post('/:id/heartbeat', zv('param', claimParam), async (c) =>
    c.json(await wf.heartbeat(c.var.deps, caller(c), c.req.valid('param').id)))
  .post('/:id/draft', zv('param', claimParam), zv('json', draftBody), async (c) =>
    c.json(await wf.draft(c.var.deps, caller(c), c.req.valid('param').id, c.req.valid('json').answer)))
  .post('/:id/submit', zv('param', claimParam), zv('json', submitBody), async (c) => {
    // Integrity signals (issue 16) are stored with the answer, never refusing it.
    return c.json(await wf.submit(c.var.deps, caller(c), c.req.valid('param').id, c.req.valid('json')));
  })
  .post('/:id/release', zv('param', claimParam), async (c) =>
    c.json(await wf.release(c.var.deps, caller(c), c.req.valid('param').id)))
  .post('/:id/flag', zv('param', claimParam), zv('json', flagBody), async (c) => {
    const b = c.req.valid('json');
    return c.json(await wf.flag(c.var.deps, caller(c), c.req.valid('param').id, b.domain, b.note));
  })
  .post('/:id/escalate', zv('param', claimParam), zv('json', escalateBody), async (c) =>
    c.json(await wf.escalate(c.var.deps, caller(c), c.req.valid('param').id, c.req.valid('json').question)))
  .post('/:id/resolve', zv('param', claimParam), zv('json', resolveBody), async (c) =>
    c.json(await wf.resolve(c.var.deps, caller(c), c.req.valid('param').id, c.req.valid('json'))));
