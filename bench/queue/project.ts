/** The queue bench's projects: one classification question, a lead, and people with session cookies. */
import type { Booted } from '../../server/boot';
import type { NewRow } from '../../server/repos/rows';
import type { Worker } from './client';

/** A project with the queue bench's one question, its lead, and people with session cookies. */
export async function makeProject(booted: Booted, name: string, rows: NewRow[], people: { role: 'annotator' | 'reviewer'; expertise?: string[] }[]) {
  const { db } = booted.deps;
  const { insertUser, setExpertise } = await import('../../server/repos/users');
  const { insertProject } = await import('../../server/repos/projects');
  const { setRoles } = await import('../../server/repos/members');
  const { insertRows } = await import('../../server/repos/rows');
  const { schemaSchema } = await import('@shared/tasks/question');
  const { settingsSchema } = await import('@shared/project');
  const now = Date.now();
  const tag = name.replace(/\W+/g, '-');
  const leadId = await insertUser(db, { email: `lead-${tag}@bench.test`, name: 'lead', passwordHash: 'x', isAdmin: false, now });
  const projectId = await insertProject(db, {
    name, description: '', createdBy: leadId, now,
    schema: schemaSchema.parse([{ id: 'sentiment', type: 'classification', title: 'Sentiment', config: { field: 'text', labels: [{ value: 'pos' }, { value: 'neg' }, { value: 'neutral' }] } }]),
    settings: settingsSchema.parse({}),
  });
  await setRoles(db, projectId, leadId, ['lead'], now);
  const workers: Worker[] = [];
  for (const [i, p] of people.entries()) {
    const id = await insertUser(db, { email: `${p.role}${i}-${tag}@bench.test`, name: `${p.role}${i}`, passwordHash: 'x', isAdmin: false, now });
    if (p.expertise?.length) await setExpertise(db, id, p.expertise);
    await setRoles(db, projectId, id, [p.role], now);
    workers.push({ cookie: await cookieOf(booted, id), role: p.role === 'annotator' ? 'label' : 'qa' });
  }
  const t0 = performance.now();
  await db.transaction().execute((tx) => insertRows(tx, projectId, rows, now));
  return { projectId, workers, seedSeconds: (performance.now() - t0) / 1000 };
}

export async function cookieOf(booted: Booted, userId: number): Promise<string> {
  const { createSession } = await import('../../server/repos/sessions');
  const { SESSION_COOKIE } = await import('../../server/middleware');
  return `${SESSION_COOKIE}=${await createSession(booted.deps.db, userId, Date.now(), 24 * 3600_000)}`;
}

