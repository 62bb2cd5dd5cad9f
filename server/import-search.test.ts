import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './test/harness.js';
import { workProject } from './test/workflow-kit.js';
import { importFile } from './services/import/run.js';
import { ImportJob } from './services/import/stage.js';
import { insertRows } from './repos/rows.js';

/**
 * An import writes its rows' search entries itself (repos/import-rows.ts), from the values it parsed, not
 * through the insert trigger every other row goes through (migration 2026-12-07T20). A person searching
 * must not tell the two apart: the same rows are found by the same words either way, and an imported row
 * is found from the moment it is visible, not before.
 */
let env: TestEnv | null = null;
afterEach(async () => { await env?.close(); env = null; });

const rows = [
  { externalId: 'doc-5', data: { text: 'Quarterly revenue grew', meta: { source: 'Reuters', tags: ['finance', 'q3.2024'] } } },
  { externalId: null, data: { text: 'Café déjà vu: naïve façade', n: 42, ok: true, nothing: null } },
  { externalId: 'cjk', data: { text: '東京タワー and 北京', list: [['deep', ['deeper']], { k: 'inside' }] } },
  { externalId: 'punct', data: { text: "it's a_b c++ e-mail@example.org (x/y) #tag 50%", other: 'Second—field' } },
  { externalId: 'numbers-only', data: { text: '-', a: 1, b: [2, 3] } },
  { externalId: 'keys', data: { 2: 'two first', text: 'then a', 1: 'one' } },
  // Plain ASCII words, whose lexemes an import on PostgreSQL tells without the server's parser, and a run
  // starting with digits, which that parser cuts in two (`1e5e5`: `1e5` and `e5`).
  { externalId: 'ASCII', data: { text: 'MiXeD Case x1E5 ABC123 007 9000 mixed', long: `${'w'.repeat(2046)} ${'z'.repeat(2047)} tail` } },
  { externalId: 'float', data: { text: 'value 1e5e5 here' } },
  // U+0000, which PostgreSQL's jsonb cannot hold (its JSON text reaches the database as the escape \u0000).
  { externalId: 'nul', data: { text: 'before\u0000after zero' } },
];
const queries = ['doc', '5', 'doc 5', 'quarterly', 'reuters', 'q3', '2024', 'finance', 'café', 'deja', 'déjà', 'naïve', 'façade', '42', 'true',
  '東京タワー', '北京', 'deeper', 'inside', 'it', 's', 'a', 'b', 'c', 'mail', 'example', 'org', 'tag', '50', 'second', 'field', 'numbers', 'only',
  'two first', 'one', 'cjk', 'punct', 'keys', 'e mail example', 'mixed case', 'MIXED', 'x1e5', 'abc123', '007', '7', '9000', 'tail',
  'ascii', '1e5e5', 'value here', 'before after', 'zero', 'nul'];

const search = async (lead: { get(u: string): Promise<{ status: number; body: any }> }, pid: number, q: string) => {
  const r = await lead.get(`/api/projects/${pid}/rows?q=${encodeURIComponent(q)}&limit=50`);
  expect(r.status).toBe(200);
  return (r.body.rows as Array<{ externalId: string | null; id: number }>).map((x) => x.externalId ?? '(none)').sort();
};

describe('search over imported rows', () => {
  it('finds the same rows by the same words as for rows added any other way', async () => {
    env = await createTestEnv();
    const e = env;
    const w = await workProject(e, { people: [], rows });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'triad-import-search-')), 'rows.jsonl');
    fs.writeFileSync(file, rows.map((r) => JSON.stringify({ ...(r.externalId ? { id: r.externalId } : {}), data: r.data })).join('\n'));
    const p2 = (await w.lead.post('/api/projects', { name: 'Imported', schema: (await w.lead.get(`/api/projects/${w.id}`)).body.project.schema, settings: {} })).body.project.id as number;
    const report = await importFile(e.deps, { projectId: p2, userId: null, file, format: 'jsonl', mode: 'all' });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ committed: true, imported: rows.length });
    const unanswered: string[] = [];
    for (const q of queries) {
      const [byTrigger, byImport] = [await search(w.lead, w.id, q), await search(w.lead, p2, q)];
      expect({ q, found: byImport }).toEqual({ q, found: byTrigger });
      if (!byImport.length) unanswered.push(q);
    }
    // Not a comparison of empty answers: only these find nothing, either way (accents are kept; numbers and
    // booleans are not text; `007` is not `7`).
    expect(unanswered).toEqual(['deja', '42', 'true', '7']);
    expect(await search(w.lead, p2, 'reuters')).toEqual(['doc-5']);
    expect(await search(w.lead, p2, 'naïve')).toEqual(['(none)']);
    expect(await search(w.lead, p2, 'deeper')).toEqual(['cjk']);
  });

  it('finds an imported row from the moment the import publishes, and not while it is written', async () => {
    env = await createTestEnv();
    const e = env;
    const w = await workProject(e, { people: [], rows: [] });
    const job = await ImportJob.start(e.deps.db, w.id);
    try {
      await job.stage(rows.map((r, i) => ({ line: i + 1, row: { ...r, prelabels: null, gold: null, expertise: [], priority: 0, sameRowId: null, mediaRefs: [] } })), [], e.clock.now);
      expect(await search(w.lead, w.id, 'reuters')).toEqual([]);
      await e.deps.db.transaction().execute((tx) => job.publishNew(tx));
      expect(await search(w.lead, w.id, 'reuters')).toEqual(['doc-5']);
      expect(await search(w.lead, w.id, 'inside')).toEqual(['cjk']);
    } finally {
      await job.discard();
    }
    // A row added afterwards the ordinary way is still indexed by the trigger.
    await insertRows(e.deps.db, w.id, [{ externalId: 'later', data: { text: 'zebra crossing' } }], e.clock.now);
    expect(await search(w.lead, w.id, 'zebra')).toEqual(['later']);
    // A row's data changed to hold U+0000 is indexed again by the update trigger (on PostgreSQL it once
    // failed the update: jsonb cannot hold U+0000).
    await e.deps.db.updateTable('rows').set({ data_json: JSON.stringify({ text: 'walrus\u0000tusk' }) }).where('external_id', '=', 'later').where('project_id', '=', w.id).execute();
    expect(await search(w.lead, w.id, 'tusk walrus')).toEqual(['later']);
    expect(await search(w.lead, w.id, 'zebra')).toEqual([]);
  });
});
