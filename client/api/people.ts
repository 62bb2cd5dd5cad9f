import type { z } from 'zod';
import type { assessmentBody, attemptBody } from '@shared/api/assessments';
import type { profilePatch } from '@shared/api/people';
import type { signalsQuery } from '@shared/api/integrity';
import { api } from './client';
import type { Answer, Body, Routes } from './routes';

// Skills assessments, grading, profiles, candidates and integrity signals (issue 16).

type Assessments = Routes['assessments'];
type One = Assessments[':id'];
type Grading = Routes['grading'];
type Attempt = Grading['attempts'][':attemptId'];
type Project = Routes['projects'][':projectId'];

export const assessmentsApi = {
  list: () => api.get<Answer<Assessments['$get']>>('/assessments'),
  get: (id: number) => api.get<Answer<One['$get']>>(`/assessments/${id}`),
  create: (body: z.input<typeof assessmentBody>) => api.post<Answer<Assessments['$post']>>('/assessments', body),
  update: (id: number, body: z.input<typeof assessmentBody>) => api.put<Answer<One['$put']>>(`/assessments/${id}`, body),
  setGraders: (id: number, userIds: number[]) =>
    api.put<Answer<One['graders']['$put']>>(`/assessments/${id}/graders`, { userIds } satisfies Body<One['graders']['$put']>),
  save: (id: number, body: z.input<typeof attemptBody>) => api.put<Answer<One['attempt']['$put']>>(`/assessments/${id}/attempt`, body),
  submit: (id: number, body: z.input<typeof attemptBody>) => api.post<Answer<One['attempt']['submit']['$post']>>(`/assessments/${id}/attempt/submit`, body),
  deleteAttempt: (id: number) => api.delete<Answer<One['attempt']['$delete']>>(`/assessments/${id}/attempt`),
};

export const gradingApi = {
  list: () => api.get<Answer<Grading['$get']>>('/grading'),
  get: (attemptId: number) => api.get<Answer<Attempt['$get']>>(`/grading/attempts/${attemptId}`),
  grade: (attemptId: number, questionId: string, score: number, note: string) =>
    api.put<Answer<Attempt['grades'][':questionId']['$put']>>(`/grading/attempts/${attemptId}/grades/${encodeURIComponent(questionId)}`,
      { score, note } satisfies Body<Attempt['grades'][':questionId']['$put']>),
};

export const profileApi = {
  mine: () => api.get<Answer<Routes['profile']['$get']>>('/profile'),
  setLanguages: (languages: string[]) => api.put<Answer<Routes['profile']['$put']>>('/profile', { languages }),
  /** Administrators: a person's level, task types and languages. */
  set: (userId: number, body: z.input<typeof profilePatch>) => api.put<Answer<Routes['users'][':id']['profile']['$put']>>(`/users/${userId}/profile`, body),
};

export interface CandidateFilters { expertise?: string; taskTypes?: string; languages?: string; level?: string; skill?: string; minScore?: string }

const query = (f: Record<string, string | number | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

export const candidatesApi = {
  list: (projectId: number, f: CandidateFilters = {}) =>
    api.get<Answer<Project['candidates']['$get']>>(`/projects/${projectId}/candidates${query({ ...f })}`),
};

export const integrityApi = {
  people: (projectId: number) => api.get<Answer<Project['integrity']['$get']>>(`/projects/${projectId}/integrity`),
  signals: (projectId: number, f: z.input<typeof signalsQuery> = {}) =>
    api.get<Answer<Project['integrity']['signals']['$get']>>(`/projects/${projectId}/integrity/signals${query(f as Record<string, string | number | undefined>)}`),
};
