import type { GuidelinesDto, GuidelineDto } from '@shared/api/console';
import type { ProjectSchema, RowAnswer } from '@shared/tasks/question';
import { api } from './client';

/**
 * The QA and escalation calls. Shapes mirror server/services/workflow/service.ts (TaskView, NextResult)
 * and server/routes/rows.ts; the client cannot import server types, so they are restated here.
 */

export interface QaLabel {
  /** Anonymous position: Labeler 1 or Labeler 2, never a name (rule 2 keeps labelers apart, not QA blind). */
  slot: 1 | 2;
  answer: RowAnswer;
  bestEffort: boolean;
  /** The labeler has a domain the row needs. */
  expert: boolean;
  expertDomains: string[];
}

export interface QaTask {
  assignment: { id: number; kind: 'label' | 'qa'; round: number; claimedAt: number; expiresAt: number };
  row: { id: number; externalId: string | null; data: Record<string, unknown>; expertise: string[]; roundNote: string | null };
  schema: ProjectSchema;
  prelabels: RowAnswer | null;
  draft: RowAnswer | null;
  guideline: { version: number; acknowledged: boolean } | null;
  labels?: QaLabel[];
  agreement?: Record<string, { score: number; agree: boolean }> | null;
  escalations?: { question: string; answer: string | null }[];
}

export type EmptyReason = 'all_done' | 'waiting_for_others' | 'waiting_for_expert' | 'not_a_member_role';
export type QaNext = QaTask | { assignment: null; reason: EmptyReason; message: string };

export type ResolveBody =
  | { action: 'accept'; answer: RowAnswer; clientSubmissionId: string; activeMs: number }
  | { action: 'send_back'; note: string }
  | { action: 'escalate'; question: string };

export type ResolveResult =
  | { action: 'accept'; finalId: number | null; duplicate: boolean; choices?: Record<string, 'l1' | 'l2' | 'edited' | 'agreed'> }
  | { action: 'send_back'; round: number }
  | { action: 'escalate'; escalationId: number; rowState?: 'escalated' };

export interface EscalationDto {
  id: number;
  rowId: number;
  externalId: string | null;
  raisedBy: number;
  raisedByName: string;
  assignmentId: number | null;
  question: string;
  answer: string | null;
  answeredBy: number | null;
  status: 'open' | 'answered';
  createdAt: number;
  answeredAt: number | null;
  /** The row as it is now: what a lead reads to answer. */
  row: Pick<LeadRowDto, 'state' | 'round' | 'expertise' | 'data'>;
}

/** A lead's view of one row (GET /rows/:rowId as a lead). */
export interface LeadRowDto {
  id: number;
  externalId: string | null;
  state: 'labeling' | 'qa' | 'escalated' | 'final';
  round: number;
  expertise: string[];
  data: Record<string, unknown>;
  prelabels: RowAnswer | null;
  roundNote: string | null;
}

export const reviewApi = {
  next: (projectId: number) => api.post<QaNext>(`/projects/${projectId}/next`, { role: 'qa' }),
  heartbeat: (assignmentId: number) => api.post<{ expiresAt: number }>(`/assignments/${assignmentId}/heartbeat`, {}),
  resolve: (assignmentId: number, body: ResolveBody) => api.post<ResolveResult>(`/assignments/${assignmentId}/resolve`, body),
  release: (assignmentId: number) => api.post<{ released: true }>(`/assignments/${assignmentId}/release`, {}),
};

/** One page of the leads' inbox: `nextCursor` fetches the following page, `total` counts every match. */
export interface EscalationPage { escalations: EscalationDto[]; nextCursor: number | null; total: number }
export type EscalationSort = 'newest' | 'oldest';

export const escalationsApi = {
  list: (projectId: number, status: 'open' | 'answered' = 'open', sort: EscalationSort = 'newest', cursor: number | null = null) =>
    api.get<EscalationPage>(`/projects/${projectId}/escalations?status=${status}&sort=${sort}${cursor === null ? '' : `&cursor=${cursor}`}`),
  answer: (projectId: number, escalationId: number, answer: string) =>
    api.post<{ escalationId: number; rowState: LeadRowDto['state'] }>(`/projects/${projectId}/escalations/${escalationId}/answer`, { answer }),
};

export const guidelinesApi = {
  get: (projectId: number) => api.get<GuidelinesDto>(`/projects/${projectId}/guidelines`),
  publish: (projectId: number, body: string, note: string) => api.post<GuidelineDto>(`/projects/${projectId}/guidelines`, { body, note }),
};
