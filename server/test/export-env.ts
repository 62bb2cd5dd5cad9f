import { expect } from 'vitest';
import { createTestEnv, type Client, type TestEnv } from './harness.js';
import { giveRow, rowIds, type GivenAnswer } from './fixtures-final.js';
import { insertRows } from '../repos/rows.js';

/** A lead, two labelers (one a finance expert) and a reviewer, with helpers to build and export a project. */
export interface ExportEnv {
  env: TestEnv;
  lead: Client;
  users: [number, number, number];
  project(schema: unknown, settings?: unknown): Promise<number>;
  /** Adds rows straight to the database (media references unchecked: these tests are about exports), by external id. */
  addRows(pid: number, rows: Array<{ id: string; data: Record<string, unknown>; expertise?: string[] }>): Promise<Map<string, number>>;
  /** Finalizes a row: both labelers give `l1`/`l2` (default: the final), the reviewer the final. */
  finalize(pid: number, rowId: number, final: Record<string, unknown>, o?: { l1?: Record<string, unknown>; l2?: Record<string, unknown>; at?: number }): Promise<void>;
  download(pid: number, query: string): Promise<Response>;
  lines(pid: number, query: string): Promise<any[]>;
}

export async function exportEnv(): Promise<ExportEnv> {
  const env = await createTestEnv();
  await env.user('lead@x.org', { name: 'Lea Lead' });
  const users: [number, number, number] = [
    await env.user('ann1@x.org', { name: 'Ann One', expertise: ['finance'] }), await env.user('ann2@x.org', { name: 'Ann Two' }), await env.user('qa@x.org', { name: 'Quinn QA' }),
  ];
  const lead = await env.login('lead@x.org');
  const download = (pid: number, query: string) => lead.raw(`/api/projects/${pid}/exports?${query}`);
  return {
    env, lead, users, download,
    async project(schema, settings = {}) {
      const r = await lead.post('/api/projects', { name: 'Export Project', schema, settings });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.project.id as number;
    },
    async addRows(pid, rows) {
      await insertRows(env.deps.db, pid, rows.map((r) => ({ externalId: r.id, data: r.data, expertise: r.expertise })), env.clock.now);
      return rowIds(env.deps.db, pid);
    },
    async finalize(pid, rowId, final, o = {}) {
      const label = (userId: number, answer: Record<string, unknown>): GivenAnswer => ({ userId, answer });
      await giveRow(env.deps.db, {
        projectId: pid, rowId, at: o.at, labels: [label(users[0], o.l1 ?? final), label(users[1], o.l2 ?? final)],
        qa: label(users[2], final), final: { answer: final, at: o.at === undefined ? undefined : o.at + 1000 },
      });
    },
    async lines(pid, query) {
      const r = await download(pid, query);
      const text = await r.text();
      expect(r.status, text.slice(0, 500)).toBe(200);
      return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
    },
  };
}
