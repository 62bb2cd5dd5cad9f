import { afterEach, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './test/harness.js';
import { plainRows, workProject } from './test/workflow-kit.js';
import { ImportJob } from './services/import/stage.js';

/**
 * A row an import is still writing does not exist for anyone yet, a lead included: every route that takes
 * a row id answers it exactly as it answers an id that was never a row (404, same message), and changes
 * nothing. Once the import publishes, the same calls reach the row.
 */
let env: TestEnv | null = null;
afterEach(async () => { await env?.close(); env = null; });

describe('a row still being imported, asked for by its id', () => {
  it('is not found by the row page, history, reopen, priority and gold routes, as a missing row is, until the import publishes', async () => {
    env = await createTestEnv();
    const e = env;
    const w = await workProject(e, { people: [{ name: 'ann', roles: ['annotator'] }], rows: plainRows(1) });
    const job = await ImportJob.start(e.deps.db, w.id);
    try {
      await job.stage([{ line: 1, row: { externalId: 'hidden', data: { text: 'not yet' }, prelabels: null, gold: null, expertise: [], priority: 0, sameRowId: null, mediaRefs: [] } }], [], e.clock.now);
      const hidden = Number((await e.deps.db.selectFrom('rows').select('id').where('external_id', '=', 'hidden').executeTakeFirstOrThrow()).id);
      const missing = hidden + 1000;
      const base = `/api/projects/${w.id}/rows`;
      const calls = {
        page: (id: number) => w.lead.get(`${base}/${id}`),
        history: (id: number) => w.lead.get(`${base}/${id}/history`),
        reopen: (id: number) => w.lead.post(`${base}/${id}/reopen`, { to: 'labeling', note: 'again' }),
        priority: (id: number) => w.lead.post(`${base}/${id}/priority`, { priority: 7 }),
        gold: (id: number) => w.lead.post(`${base}/${id}/gold`, {}),
        // A member with no slot on it: the same answer as for a row of theirs that does not exist.
        annotatorPage: (id: number) => w.c.ann.get(`${base}/${id}`),
        // A bad body is refused before anything is looked up, for either.
        badPriority: (id: number) => w.lead.post(`${base}/${id}/priority`, { priority: 'high' }),
      };
      for (const [name, call] of Object.entries(calls)) {
        const [h, m] = [await call(hidden), await call(missing)];
        expect({ name, status: h.status, body: h.body }).toEqual({ name, status: m.status, body: m.body });
        if (name !== 'badPriority') expect({ name, ...m.body }).toEqual({ name, error: { code: 'not_found', message: 'row not found' } });
        else expect(m.status).toBe(400);
      }
      const row = await e.deps.db.selectFrom('rows').select(['priority', 'state', 'round']).where('id', '=', hidden).executeTakeFirstOrThrow();
      expect(row).toEqual({ priority: 0, state: 'labeling', round: 1 });
      expect(await e.deps.db.selectFrom('audit_log').select('action').where('row_id', '=', hidden).execute()).toEqual([]);

      await e.deps.db.transaction().execute((tx) => job.publishNew(tx));
      // Published: each route now meets the row itself (a labeling row is neither final nor gold-able).
      expect((await calls.page(hidden)).status).toBe(200);
      expect((await calls.history(hidden)).status).toBe(200);
      expect((await calls.priority(hidden)).body).toEqual({ rowId: hidden, priority: 7 });
      expect((await calls.reopen(hidden)).status).toBe(409);
      expect((await calls.gold(hidden)).status).toBe(409);
    } finally {
      await job.discard();
    }
  });
});
