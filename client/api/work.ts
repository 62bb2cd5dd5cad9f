import type { ProjectSchema, RowAnswer } from '@shared/tasks/question';
import type { GuidelinesDto } from '@shared/api/console';
import { api, type RequestOptions } from './client';

/**
 * The labeler's side of the workflow API (server/routes/tasks.ts, server/routes/guidelines.ts). The shapes
 * mirror server/services/workflow/service.ts `TaskView`; the client keeps its own copy because the server
 * module imports the database layer.
 */
export interface ClaimDto {
  id: number;
  kind: 'label' | 'qa';
  round: number;
  claimedAt: number;
  expiresAt: number;
}

export interface TaskView {
  assignment: ClaimDto;
  row: { id: number; externalId: string | null; data: Record<string, unknown>; expertise: string[]; roundNote: string | null };
  schema: ProjectSchema;
  prelabels: RowAnswer | null;
  draft: RowAnswer | null;
  guideline: { version: number; acknowledged: boolean } | null;
}

export type EmptyQueueReason = 'not_a_member_role' | 'waiting_for_expert' | 'waiting_for_others' | 'all_done';
export interface EmptyQueue {
  assignment: null;
  reason: EmptyQueueReason;
  message: string;
}
export type NextResult = TaskView | EmptyQueue;

export const isTask = (r: NextResult): r is TaskView => r.assignment !== null;

export interface SubmitBody {
  answer: RowAnswer;
  clientSubmissionId: string;
  bestEffort: boolean;
  activeMs: number;
}
export interface SubmitResult {
  assignmentId: number;
  answerId: number;
  duplicate: boolean;
}

/** Rows waiting for the caller per role they hold (null: not their role); counts stop at `cap`. */
export interface QueueCounts { label: number | null; qa: number | null; cap: number }

export const workApi = {
  queue: (projectId: number) => api.get<QueueCounts>(`/projects/${projectId}/queue`),
  /** The caller's active claim, or a fresh one. */
  next: (projectId: number) => api.post<NextResult>(`/projects/${projectId}/next`, { role: 'label' }),
  /**
   * A second claim held while the current row is labeled, so submit can show it at once. Its lease runs
   * like any claim and lapses if the person stops.
   */
  nextAhead: (projectId: number) => api.post<NextResult>(`/projects/${projectId}/next`, { role: 'label', ahead: true }),
  get: (id: number) => api.get<TaskView>(`/assignments/${id}`),
  heartbeat: (id: number) => api.post<{ expiresAt: number }>(`/assignments/${id}/heartbeat`),
  draft: (id: number, answer: RowAnswer, opts?: RequestOptions) =>
    api.post<{ revisionId: number; expiresAt: number }>(`/assignments/${id}/draft`, { answer }, opts),
  submit: (id: number, body: SubmitBody) => api.post<SubmitResult>(`/assignments/${id}/submit`, body),
  release: (id: number) => api.post<{ released: true }>(`/assignments/${id}/release`),
  flag: (id: number, domain: string, note?: string) =>
    api.post<{ expertise: string[] }>(`/assignments/${id}/flag`, note ? { domain, note } : { domain }),
  escalate: (id: number, question: string) => api.post<{ escalationId: number }>(`/assignments/${id}/escalate`, { question }),
  guidelines: (projectId: number) => api.get<GuidelinesDto>(`/projects/${projectId}/guidelines`),
  acknowledge: (projectId: number, version: number) =>
    api.post<{ acknowledged: number | null }>(`/projects/${projectId}/guidelines/acknowledge`, { version }),
};

/**
 * A draft save that outlives the page (closing the tab, a reload): `keepalive` lets the browser finish the
 * request after unload, which the fetch wrapper cannot express.
 */
export function saveDraftOnUnload(id: number, answer: RowAnswer): void {
  try {
    void fetch(`/api/assignments/${id}/draft`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ answer }),
      credentials: 'same-origin',
      keepalive: true,
    }).catch(() => undefined);
  } catch {
    // The local copy is already written; the next visit sends it.
  }
}
