import type { RowAnswer } from '@shared/tasks/question';
import { api, type RequestOptions } from './client';
import type { Answer, Body, Routes } from './routes';

// The labeler's side of the workflow API (server/routes/tasks.ts, server/routes/guidelines.ts).
type Claim = Routes['assignments'][':id'];
type ProjectWork = Routes['projects'][':projectId'];
type Next = ProjectWork['next']['$post'];
type Draft = Claim['draft']['$post'];
type Submit = Claim['submit']['$post'];
type Flag = Claim['flag']['$post'];
type Escalate = Claim['escalate']['$post'];
type Acknowledge = ProjectWork['guidelines']['acknowledge']['$post'];

/** A claim with its row, the schema, prelabels, the last draft and the guideline state. */
export type TaskView = Answer<Claim['$get']>;
export type NextResult = Answer<Next>;
export type EmptyQueue = Extract<NextResult, { assignment: null }>;

export const isTask = (r: NextResult): r is Exclude<NextResult, EmptyQueue> => r.assignment !== null;

export type SubmitBody = Body<Submit>;

/** Rows waiting for the caller per role they hold (null: not their role); counts stop at `cap`. */
export type QueueCounts = Answer<ProjectWork['queue']['$get']>;

export const workApi = {
  queue: (projectId: number) => api.get<QueueCounts>(`/projects/${projectId}/queue`),
  /** The caller's labels today (since `since`, their local midnight) and in all. */
  myCounts: (projectId: number, since: number) => api.get<Answer<ProjectWork['my-counts']['$get']>>(`/projects/${projectId}/my-counts?since=${since}`),
  /** The caller's active claim, or a fresh one. */
  next: (projectId: number) => api.post<NextResult>(`/projects/${projectId}/next`, { role: 'label' } satisfies Body<Next>),
  /**
   * A second claim held while the current row is labeled, so submit can show it at once. Its lease runs
   * like any claim and lapses if the person stops.
   */
  nextAhead: (projectId: number) =>
    api.post<NextResult>(`/projects/${projectId}/next`, { role: 'label', ahead: true } satisfies Body<Next>),
  get: (id: number) => api.get<TaskView>(`/assignments/${id}`),
  heartbeat: (id: number) => api.post<Answer<Claim['heartbeat']['$post']>>(`/assignments/${id}/heartbeat`),
  draft: (id: number, answer: RowAnswer, opts?: RequestOptions) =>
    api.post<Answer<Draft>>(`/assignments/${id}/draft`, { answer } satisfies Body<Draft>, opts),
  submit: (id: number, body: SubmitBody) => api.post<Answer<Submit>>(`/assignments/${id}/submit`, body),
  release: (id: number) => api.post<Answer<Claim['release']['$post']>>(`/assignments/${id}/release`),
  flag: (id: number, domain: string, note?: string) =>
    api.post<Answer<Flag>>(`/assignments/${id}/flag`, (note ? { domain, note } : { domain }) satisfies Body<Flag>),
  escalate: (id: number, question: string) =>
    api.post<Answer<Escalate>>(`/assignments/${id}/escalate`, { question } satisfies Body<Escalate>),
  guidelines: (projectId: number) => api.get<Answer<ProjectWork['guidelines']['$get']>>(`/projects/${projectId}/guidelines`),
  acknowledge: (projectId: number, version: number) =>
    api.post<Answer<Acknowledge>>(`/projects/${projectId}/guidelines/acknowledge`, { version } satisfies Body<Acknowledge>),
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
