import type { z } from 'zod';
import type { SessionUser, UserDto, createUserBody, updateUserBody } from '@shared/api/auth';
import type { MemberDto, ProjectDto, createProjectBody, updateProjectBody } from '@shared/api/projects';
import type { Role } from '@shared/project';
import { api } from './client';

export type { SessionUser } from '@shared/api/auth';

export const authApi = {
  me: () => api.get<{ user: SessionUser }>('/auth/me', { redirectOn401: false }),
  login: (email: string, password: string) =>
    api.post<{ user: SessionUser }>('/auth/login', { email, password }, { redirectOn401: false }),
  logout: () => api.post<{ ok: true }>('/auth/logout', {}, { redirectOn401: false }),
};

export const usersApi = {
  list: () => api.get<{ users: UserDto[] }>('/users'),
  create: (body: z.input<typeof createUserBody>) => api.post<{ user: UserDto }>('/users', body),
  update: (id: number, body: z.input<typeof updateUserBody>) => api.patch<{ user: UserDto }>(`/users/${id}`, body),
  resetPassword: (id: number, password: string) => api.post<{ ok: true }>(`/users/${id}/password`, { password }),
};

export const projectsApi = {
  list: () => api.get<{ projects: ProjectDto[] }>('/projects'),
  get: (id: number) => api.get<{ project: ProjectDto }>(`/projects/${id}`),
  create: (body: z.input<typeof createProjectBody>) => api.post<{ project: ProjectDto }>('/projects', body),
  update: (id: number, body: z.input<typeof updateProjectBody>) => api.patch<{ project: ProjectDto }>(`/projects/${id}`, body),
  remove: (id: number) => api.delete<{ ok: true }>(`/projects/${id}`),
};

export const membersApi = {
  list: (projectId: number) => api.get<{ members: MemberDto[] }>(`/projects/${projectId}/members`),
  add: (projectId: number, email: string, roles: Role[]) =>
    api.post<{ members: MemberDto[] }>(`/projects/${projectId}/members`, { email, roles }),
  setRoles: (projectId: number, userId: number, roles: Role[]) =>
    api.put<{ members: MemberDto[] }>(`/projects/${projectId}/members/${userId}`, { roles }),
  remove: (projectId: number, userId: number) => api.delete<{ members: MemberDto[] }>(`/projects/${projectId}/members/${userId}`),
};
