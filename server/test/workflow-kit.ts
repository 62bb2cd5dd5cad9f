import type { TestEnv, Client } from './harness.js';
import { simpleSchema } from './harness.js';
import { insertRows, type NewRow } from '../repos/rows.js';
import type { Role } from '@shared/project.js';

/** Test scaffolding shared by the workflow API tests, the blinding test and the simulation. */
export interface Person { name: string; roles: Role[]; expertise?: string[] }

export async function workProject(env: TestEnv, o: {
  people: Person[]; rows: NewRow[]; settings?: Record<string, unknown>; schema?: unknown;
}) {
  await env.user('lead@t.test', { name: 'lead' });
  const lead = await env.login('lead@t.test');
  const p = await lead.post('/api/projects', { name: 'Work', schema: o.schema ?? simpleSchema, settings: o.settings ?? {} });
  if (p.status !== 201) throw new Error(`project: ${JSON.stringify(p.body)}`);
  const id = p.body.project.id as number;
  const c: Record<string, Client> = {};
  const ids: Record<string, number> = {};
  for (const person of o.people) {
    ids[person.name] = await env.user(`${person.name}@t.test`, { expertise: person.expertise, name: person.name });
    const m = await lead.post(`/api/projects/${id}/members`, { email: `${person.name}@t.test`, roles: person.roles });
    if (m.status !== 201) throw new Error(`member: ${JSON.stringify(m.body)}`);
    c[person.name] = await env.login(`${person.name}@t.test`);
  }
  const rowIds = await insertRows(env.deps.db, id, o.rows, env.clock.now);
  return { id, lead, c, ids, rowIds };
}

export const plainRows = (n: number, extra: (i: number) => Partial<NewRow> = () => ({})): NewRow[] =>
  Array.from({ length: n }, (_, i) => ({ externalId: `r${i + 1}`, data: { text: `row ${i + 1}` }, ...extra(i) }));

export const pos = { sentiment: { labels: ['pos'] } };
export const neg = { sentiment: { labels: ['neg'] } };

let seq = 0;
export const csid = () => `sub-${Date.now().toString(36)}-${(seq++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
