import type { PeopleQualityDto, PauseDto } from '@shared/api/quality';
import { api } from './client';

/** Gold rows and per-person quality (server/routes/quality.ts): a lead's calls. */
export const qualityApi = {
  people: (projectId: number, signal?: AbortSignal) => api.get<PeopleQualityDto>(`/projects/${projectId}/quality`, { signal }),
  csvUrl: (projectId: number) => `/api/projects/${projectId}/quality.csv`,
  pauses: (projectId: number) => api.get<{ pauses: PauseDto[] }>(`/projects/${projectId}/pauses`),
  resume: (projectId: number, userId: number) => api.post<{ resumed: boolean }>(`/projects/${projectId}/pauses/${userId}/resume`, {}),
  promote: (projectId: number, rowId: number) => api.post<{ rowId: number; state: 'gold' }>(`/projects/${projectId}/rows/${rowId}/gold`, {}),
};
