import type { z } from 'zod';
import type { createUserBody, updateUserBody } from '@shared/api/auth';
import type { createProjectBody, updateProjectBody } from '@shared/api/projects';
import type { Role } from '@shared/project';
import { api } from './client';
import type { Answer, Body, Routes } from './routes';

export type { SessionUser } from '@shared/api/auth';

type Auth = Routes['auth'];
type Users = Routes['users'];
type Projects = Routes['projects'];
type Project = Projects[':projectId'];
type Members = Project['members'];

export const authApi = {
  me: () => api.get<Answer<Auth['me']['$get']>>('/auth/me', { redirectOn401: false }),
  login: (email: string, password: string) =>
    api.post<Answer<Auth['login']['$post']>>('/auth/login', { email, password } satisfies Body<Auth['login']['$post']>, { redirectOn401: false }),
  logout: () => api.post<Answer<Auth['logout']['$post']>>('/auth/logout', {}, { redirectOn401: false }),
};

export const usersApi = {
  list: () => api.get<Answer<Users['$get']>>('/users'),
  create: (body: z.input<typeof createUserBody>) => api.post<Answer<Users['$post']>>('/users', body),
  update: (id: number, body: z.input<typeof updateUserBody>) => api.patch<Answer<Users[':id']['$patch']>>(`/users/${id}`, body),
  resetPassword: (id: number, password: string) =>
    api.post<Answer<Users[':id']['password']['$post']>>(`/users/${id}/password`, { password } satisfies Body<Users[':id']['password']['$post']>),
};

export const projectsApi = {
  list: () => api.get<Answer<Projects['$get']>>('/projects'),
  get: (id: number) => api.get<Answer<Project['$get']>>(`/projects/${id}`),
  create: (body: z.input<typeof createProjectBody>) => api.post<Answer<Projects['$post']>>('/projects', body),
  update: (id: number, body: z.input<typeof updateProjectBody>) => api.patch<Answer<Project['$patch']>>(`/projects/${id}`, body),
  remove: (id: number) => api.delete<Answer<Project['$delete']>>(`/projects/${id}`),
};

export const membersApi = {
  list: (projectId: number) => api.get<Answer<Members['$get']>>(`/projects/${projectId}/members`),
  add: (projectId: number, email: string, roles: Role[]) =>
    api.post<Answer<Members['$post']>>(`/projects/${projectId}/members`, { email, roles } satisfies Body<Members['$post']>),
  setRoles: (projectId: number, userId: number, roles: Role[]) =>
    api.put<Answer<Members[':userId']['$put']>>(`/projects/${projectId}/members/${userId}`, { roles } satisfies Body<Members[':userId']['$put']>),
  remove: (projectId: number, userId: number) => api.delete<Answer<Members[':userId']['$delete']>>(`/projects/${projectId}/members/${userId}`),
};
