import type { CreateTokenBody } from '@shared/api/tokens';
import { api } from './client';
import type { Answer, Body, Routes } from './routes';

type Tokens = Routes['tokens'];

/** Personal API tokens: one's own (account page) and, for administrators, everyone's live ones (Users page). */
export const tokensApi = {
  list: () => api.get<Answer<Tokens['$get']>>('/tokens'),
  create: (body: CreateTokenBody) => api.post<Answer<Tokens['$post']>>('/tokens', body satisfies Body<Tokens['$post']>),
  revoke: (id: number) => api.delete<Answer<Tokens[':id']['$delete']>>(`/tokens/${id}`),
  listAll: () => api.get<Answer<Tokens['all']['$get']>>('/tokens/all'),
};
