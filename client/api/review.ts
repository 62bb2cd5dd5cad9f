import type { z } from 'zod';
import type { publishGuidelineBody } from '@shared/api/console';
import { api } from './client';
import type { Answer, Body, Query, Routes } from './routes';
import type { NextResult, TaskView } from './work';

// The QA and escalation calls (server/routes/tasks.ts, server/routes/rows.ts, server/routes/guidelines.ts).
type Claim = Routes['assignments'][':id'];
type ProjectRoutes = Routes['projects'][':projectId'];
type Resolve = Claim['resolve']['$post'];
type Escalations = ProjectRoutes['escalations'];
type AnswerEscalation = Escalations[':escalationId']['answer']['$post'];
type Publish = ProjectRoutes['guidelines']['$post'];

/** A QA claim: the label view plus both labels, their agreement and what leads answered about the row. */
export type QaTask = TaskView;
/** Anonymous position: Labeler 1 or Labeler 2, never a name (rule 2 keeps labelers apart, not QA blind). */
export type QaLabel = NonNullable<QaTask['labels']>[number];
export type EmptyReason = Extract<NextResult, { assignment: null }>['reason'];
export type ResolveBody = Body<Resolve>;

/** One page of the leads' inbox: `nextCursor` fetches the following page, `total` counts every match. */
export type EscalationPage = Answer<Escalations['$get']>;
/** An escalation with the row as it is now: what a lead reads to answer. */
export type EscalationDto = EscalationPage['escalations'][number];
export type EscalationSort = NonNullable<Query<Escalations['$get']>['sort']>;
export type RowState = EscalationDto['row']['state'];

export const reviewApi = {
  next: (projectId: number) => api.post<NextResult>(`/projects/${projectId}/next`, { role: 'qa' } satisfies Body<ProjectRoutes['next']['$post']>),
  heartbeat: (assignmentId: number) => api.post<Answer<Claim['heartbeat']['$post']>>(`/assignments/${assignmentId}/heartbeat`, {}),
  resolve: (assignmentId: number, body: ResolveBody) => api.post<Answer<Resolve>>(`/assignments/${assignmentId}/resolve`, body),
  release: (assignmentId: number) => api.post<Answer<Claim['release']['$post']>>(`/assignments/${assignmentId}/release`, {}),
};

export const escalationsApi = {
  list: (projectId: number, status: 'open' | 'answered' = 'open', sort: EscalationSort = 'newest', cursor: number | null = null) =>
    api.get<EscalationPage>(`/projects/${projectId}/escalations?status=${status}&sort=${sort}${cursor === null ? '' : `&cursor=${cursor}`}`),
  answer: (projectId: number, escalationId: number, answer: string) =>
    api.post<Answer<AnswerEscalation>>(`/projects/${projectId}/escalations/${escalationId}/answer`, { answer } satisfies Body<AnswerEscalation>),
};

export const guidelinesApi = {
  get: (projectId: number) => api.get<Answer<ProjectRoutes['guidelines']['$get']>>(`/projects/${projectId}/guidelines`),
  publish: (projectId: number, body: string, note: string) =>
    // The route reads JSON or a markdown body itself, so its body type comes from the shared schema.
    api.post<Answer<Publish>>(`/projects/${projectId}/guidelines`, { body, note } satisfies z.input<typeof publishGuidelineBody>),
};
