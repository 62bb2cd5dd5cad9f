import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.js';
import { notFound, zv } from '../http.js';
import { projectAccess, requireUser, rowShown } from '../middleware.js';
import { domainSchema } from '@shared/project.js';
import * as wf from '../services/workflow/service.js';
import { waitingReason } from '../services/workflow/rules.js';
import { browseRows, freshPeople, type RowKey, type RowSort } from '../repos/row-listing.js';
import { MAX_TERM, MAX_TERMS, searchTerms } from '../repos/row-search.js';
import { auditOfRow, coverage, currentPeople } from '../repos/row-people.js';
import { leadSetPriority, PRIORITY_MAX, PRIORITY_MIN } from '../services/workflow/priority.js';
import { getRow, needsOf, type RowRecord } from '../repos/row-state.js';
import { assignmentsOfRow, draftsOfRow } from '../repos/assignments.js';
import { answersOfRow, answersOfUserOnRow } from '../repos/answers.js';
import { finalsOfRow } from '../repos/finals.js';
import { escalationsOfRow, listEscalations } from '../repos/escalations.js';
import { confusionCell } from '../services/dashboard/cells.js';
import { checkConfusionCell, confusionCellFields } from '@shared/api/dashboard.js';

const positiveId = (what: string) => z.coerce.number(`expected a ${what} id (a number)`).int().positive(`expected a positive ${what} id`).max(Number.MAX_SAFE_INTEGER, `${what} id out of range`);
const rowParam = z.object({ projectId: z.string(), rowId: positiveId('row') });

// gold: the project's gold rows (issue 16), served to labelers and scored, never finished.
const STATES = ['labeling', 'qa', 'escalated', 'final', 'gold'] as const;
/** A cursor is the sort key and id of the last row seen: `12` (age), `5:12` (priority), `qa:12` (state). */
const CURSOR: Record<RowSort, RegExp> = { age: /^(\d{1,16})$/, priority: /^(-?\d{1,8}):(\d{1,16})$/, state: /^([a-z]{2,9}):(\d{1,16})$/ };
function parseCursor(sort: RowSort, c: string): RowKey | null {
  const m = CURSOR[sort].exec(c);
  if (!m) return null;
  const id = Number(m[m.length - 1]);
  if (!Number.isSafeInteger(id)) return null;
  return { v: sort === 'priority' ? Number(m[1]) : sort === 'state' ? m[1] : id, id };
}
const cursorOf = (sort: RowSort, k: RowKey | null) => (k === null ? null : sort === 'age' ? String(k.id) : `${k.v}:${k.id}`);

export const listRowsQuery = z.object({
  state: z.enum(STATES, `state: one of ${STATES.join(', ')}`).optional(),
  agree: z.enum(['true', 'false'], 'agree: expected "true" or "false"').transform((v) => v === 'true').optional(),
  expertise: domainSchema.optional(),
  /** Rows this person holds or has submitted a slot on; `role` narrows to label or QA slots. */
  person: positiveId('user').optional(),
  role: z.enum(['label', 'qa'], 'role: expected "label" or "qa"').optional(),
  /** Earlier name of person + role=label. */
  labeler: positiveId('user').optional(),
  waiting: z.literal('expert', 'waiting: the only filter is "expert"').optional(),
  q: z.string().max(MAX_TERMS * (MAX_TERM + 1), `q: at most ${MAX_TERMS * (MAX_TERM + 1)} characters`)
    .refine((v) => searchTerms(v).length > 0, 'q: type at least one letter or digit to search').optional(),
  sort: z.enum(['age', 'priority', 'state'], 'sort: one of age, priority, state').default('age'),
  dir: z.enum(['asc', 'desc'], 'dir: expected "asc" or "desc"').default('asc'),
  cursor: z.string().max(40, 'cursor: not a cursor this listing gave').optional(),
  limit: z.coerce.number('limit: expected a number').int('limit: a whole number').min(1, 'limit: at least 1').max(500, 'limit: at most 500').default(50),
  /** A confusion cell of the dashboard: the rows behind it. */
  ...confusionCellFields,
}).superRefine((v, ctx) => {
  checkConfusionCell(v, ctx);
  if (v.cursor !== undefined && !parseCursor(v.sort, v.cursor)) {
    ctx.addIssue({ code: 'custom', path: ['cursor'], message: `cursor: not a cursor of a listing sorted by ${v.sort} (start again without it)` });
  }
  if (v.labeler !== undefined && v.person !== undefined) ctx.addIssue({ code: 'custom', path: ['labeler'], message: 'labeler: give person or labeler, not both' });
});
export const priorityBody = z.object({
  priority: z.number('priority: expected a number').int('priority: a whole number')
    .min(PRIORITY_MIN, `priority: at least ${PRIORITY_MIN}`).max(PRIORITY_MAX, `priority: at most ${PRIORITY_MAX}`),
});
export const reopenBody = z.object({ to: z.enum(['qa', 'labeling']).default('qa'), note: z.string().trim().max(5000).optional() });
/** The leads' inbox, a page at a time: newest or oldest first, all or by status. */
export const escalationsQuery = z.object({
  status: z.enum(['open', 'answered'], 'status: expected "open" or "answered"').optional(),
  sort: z.enum(['newest', 'oldest'], 'sort: expected "newest" or "oldest"').default('newest'),
  cursor: positiveId('escalation').optional(),
  limit: z.coerce.number().int().min(1, 'limit: at least 1').max(200, 'limit: at most 200').default(50),
});
export const answerEscalationBody = z.object({ answer: z.string().trim().min(1, 'answer is required').max(10000) });

const j = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

function rowDto(r: RowRecord) {
  return {
    id: r.id, externalId: r.external_id, state: r.state, round: r.round, priority: r.priority,
    expertise: JSON.parse(r.expertise_json) as string[], labelsTaken: r.labels_taken, labelsDone: r.labels_done, qaTaken: r.qa_taken,
    agree: r.agree === null ? null : r.agree === 1, finalId: r.final_id, roundNote: r.round_note, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

/** Lead views of rows (listing, history, reopen), escalations and stuck claims, under /api/projects. */
export const rowRoutes = new Hono<AppEnv>()
  .get('/:projectId/rows', requireUser, projectAccess('lead'), zv('query', listRowsQuery), async (c) => {
    const f = c.req.valid('query');
    const { db } = c.var.deps;
    const person = f.person ?? f.labeler;
    const cell = await confusionCell(db, c.var.project.id, f);
    const { rows, next } = await browseRows(db, c.var.project.id, {
      state: f.state, agree: f.agree, expertise: f.expertise, waiting: f.waiting, q: f.q, cell, sort: f.sort, dir: f.dir, limit: f.limit,
      person, role: f.labeler !== undefined ? 'label' : f.role, after: f.cursor === undefined ? undefined : parseCursor(f.sort, f.cursor)!,
    });
    const ids = rows.map((r) => r.id);
    const needs = await needsOf(db, ids);
    const people = await currentPeople(db, rows);
    const fresh = await freshPeople(db, c.var.project.id, ids.filter((_, i) => rows[i].state !== 'final'));
    const items = rows.map((r) => {
      const n = needs.get(r.id) ?? [];
      const f2 = r.state === 'final' ? { labelers: 0, reviewers: [] } : fresh(r.id);
      const p = people.get(r.id)!;
      return {
        ...rowDto(r), needs: n,
        waiting: waitingReason({ state: r.state, labelsTaken: r.labels_taken, qaTaken: r.qa_taken, needs: n, freshLabelers: f2.labelers, freshReviewers: f2.reviewers }),
        people: p.map((x) => ({ userId: x.userId, name: x.name, kind: x.kind, status: x.status })),
        coverage: coverage(rowDto(r).expertise, p),
      };
    });
    // A short page with a cursor is not the end: the filter's window ran out first (see SCAN_WINDOW).
    return c.json({ rows: items, nextCursor: cursorOf(f.sort, next) });
  })
  // Confidentiality (rule 10): a non-lead sees a row only if they hold or held a slot, and then only their own work.
  .get('/:projectId/rows/:rowId', requireUser, projectAccess(), zv('param', rowParam), rowShown, async (c) => {
    const { db } = c.var.deps;
    const row = await getRow(db, c.var.project.id, c.req.valid('param').rowId);
    if (!row) return notFound('row');
    const all = await assignmentsOfRow(db, row.id);
    const lead = c.var.project.roles.includes('lead');
    const mine = all.filter((a) => a.user_id === c.var.user.id);
    if (!lead && mine.length === 0) return notFound('row');
    const answers = (await answersOfUserOnRow(db, row.id, c.var.user.id)).map((a) => ({
      id: a.id, assignmentId: a.assignment_id, kind: a.kind, round: a.round, answer: JSON.parse(a.answer_json), bestEffort: a.best_effort === 1, createdAt: a.created_at,
    }));
    const base = { id: row.id, externalId: row.external_id, data: JSON.parse(row.data_json), expertise: JSON.parse(row.expertise_json) as string[] };
    return c.json({
      row: lead ? { ...rowDto(row), data: base.data, prelabels: j<Record<string, unknown>>(row.prelabels_json) } : base,
      mine: { assignments: mine.map((a) => ({ id: a.id, kind: a.kind, round: a.round, status: a.status })), answers },
    });
  })
  .get('/:projectId/rows/:rowId/history', requireUser, projectAccess('lead'), zv('param', rowParam), rowShown, async (c) => {
    const { db } = c.var.deps;
    const row = await getRow(db, c.var.project.id, c.req.valid('param').rowId);
    if (!row) return notFound('row');
    const [assignments, drafts, answers, finals, escalations, audits, people] = [await assignmentsOfRow(db, row.id), await draftsOfRow(db, row.id),
      await answersOfRow(db, row.id), await finalsOfRow(db, row.id), await escalationsOfRow(db, row.id), await auditOfRow(db, row.id),
      (await currentPeople(db, [row])).get(row.id)!];
    return c.json({
      row: {
        ...rowDto(row), data: JSON.parse(row.data_json), prelabels: j<Record<string, unknown>>(row.prelabels_json), agreement: j(row.agreement_json),
        coverage: coverage(rowDto(row).expertise, people),
      },
      audit: audits.map((l) => ({ id: l.id, at: l.at, action: l.action, userId: l.user_id, userName: l.user_name, details: j<unknown>(l.details_json) })),
      assignments: assignments.map((a) => ({
        id: a.id, kind: a.kind, round: a.round, userId: a.user_id, userName: a.user_name, status: a.status, claimedAt: a.claimed_at,
        heartbeatAt: a.heartbeat_at, expiresAt: a.expires_at, finishedAt: a.finished_at, releaseReason: a.release_reason,
      })),
      drafts: drafts.map((d) => ({ id: d.id, assignmentId: d.assignment_id, answer: JSON.parse(d.answer_json), createdAt: d.created_at })),
      answers: answers.map((a) => ({
        id: a.id, assignmentId: a.assignment_id, userId: a.user_id, kind: a.kind, round: a.round, answer: JSON.parse(a.answer_json),
        bestEffort: a.best_effort === 1, activeMs: a.active_ms, guidelineVersion: a.guideline_version,
        clientSubmissionId: a.client_submission_id, prelabels: j(a.prelabel_json), createdAt: a.created_at,
      })),
      finals: finals.map((f) => ({
        id: f.id, round: f.round, answer: JSON.parse(f.answer_json), source: f.source, choices: j(f.choices_json), decidedBy: f.decided_by,
        qaAssignmentId: f.qa_assignment_id, guidelineVersion: f.guideline_version, createdAt: f.created_at,
      })),
      escalations: escalations.map((e) => ({
        id: e.id, raisedBy: e.raised_by, assignmentId: e.assignment_id, question: e.question, answer: e.answer, answeredBy: e.answered_by,
        status: e.status, createdAt: e.created_at, answeredAt: e.answered_at,
      })),
    });
  })
  .post('/:projectId/rows/:rowId/reopen', requireUser, projectAccess('lead'), zv('param', rowParam), zv('json', reopenBody), rowShown, async (c) => {
    const b = c.req.valid('json');
    return c.json(await wf.leadReopen(c.var.deps, c.var.user, c.var.project.id, c.req.valid('param').rowId, b.to, b.note ?? null));
  })
  .post('/:projectId/rows/:rowId/priority', requireUser, projectAccess('lead'), zv('param', rowParam), zv('json', priorityBody), rowShown, async (c) =>
    c.json(await leadSetPriority(c.var.deps, c.var.user, c.var.project.id, c.req.valid('param').rowId, c.req.valid('json').priority)))
  .get('/:projectId/escalations', requireUser, projectAccess('lead'), zv('query', escalationsQuery), async (c) => {
    const page = await listEscalations(c.var.deps.db, c.var.project.id, c.req.valid('query'));
    return c.json({
      total: page.total,
      nextCursor: page.nextCursor,
      escalations: page.items.map((e) => ({
        id: e.id, rowId: e.row_id, externalId: e.external_id, raisedBy: e.raised_by, raisedByName: e.raised_by_name, assignmentId: e.assignment_id,
        question: e.question, answer: e.answer, answeredBy: e.answered_by, status: e.status, createdAt: e.created_at, answeredAt: e.answered_at,
        row: { state: e.row_state, round: e.row_round, expertise: JSON.parse(e.row_expertise_json), data: JSON.parse(e.row_data_json) },
      })),
    });
  })
  .post('/:projectId/escalations/:escalationId/answer', requireUser, projectAccess('lead'),
    zv('param', z.object({ projectId: z.string(), escalationId: positiveId('escalation') })), zv('json', answerEscalationBody), async (c) =>
      c.json(await wf.leadAnswerEscalation(c.var.deps, c.var.user, c.var.project.id, c.req.valid('param').escalationId, c.req.valid('json').answer)))
  .post('/:projectId/assignments/:assignmentId/release', requireUser, projectAccess('lead'),
    zv('param', z.object({ projectId: z.string(), assignmentId: positiveId('claim') })), async (c) =>
      c.json(await wf.leadRelease(c.var.deps, c.var.user, c.var.project.id, c.req.valid('param').assignmentId)));
