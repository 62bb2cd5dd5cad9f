import type { CreateWebhookBody, UpdateWebhookBody } from '@shared/api/webhooks';
import { api } from './client';
import type { Answer, Body, Routes } from './routes';

// A project's webhooks and their delivery log (server/routes/webhooks.ts): the console's Webhooks tab.
type Hooks = Routes['projects'][':projectId']['webhooks'];
type One = Hooks[':webhookId'];

export const webhooksApi = {
  list: (projectId: number) => api.get<Answer<Hooks['$get']>>(`/projects/${projectId}/webhooks`),
  create: (projectId: number, body: CreateWebhookBody) =>
    api.post<Answer<Hooks['$post']>>(`/projects/${projectId}/webhooks`, body satisfies Body<Hooks['$post']>),
  update: (projectId: number, id: number, body: UpdateWebhookBody) =>
    api.patch<Answer<One['$patch']>>(`/projects/${projectId}/webhooks/${id}`, body satisfies Body<One['$patch']>),
  remove: (projectId: number, id: number) => api.delete<Answer<One['$delete']>>(`/projects/${projectId}/webhooks/${id}`),
  test: (projectId: number, id: number) => api.post<Answer<One['test']['$post']>>(`/projects/${projectId}/webhooks/${id}/test`),
  deliveries: (projectId: number, q: { webhookId?: number; before?: number; limit?: number } = {}) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined) p.set(k, String(v));
    const s = p.toString();
    return api.get<Answer<Hooks['deliveries']['$get']>>(`/projects/${projectId}/webhooks/deliveries${s ? `?${s}` : ''}`);
  },
};
