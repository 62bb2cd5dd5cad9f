import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { projectCommands } from './cli/projects.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportEnv, type ExportEnv } from './test/export-env.js';
import { giveRow } from './test/fixtures-final.js';
import { EXPORT_ID_LIMIT } from '@shared/api/console.js';

const day = (iso: string) => Date.parse(`${iso}T12:00:00Z`);

describe('filtered exports (API): every filter alone, together, in every format, paged', () => {
  let x: ExportEnv;
  let pid: number;
  let ids: Map<string, number>;
  beforeEach(async () => {
    x = await exportEnv();
    pid = await x.project([
      { id: 'sentiment', type: 'classification', title: 'S', config: { field: 'text', labels: ['pos', 'neg', 'mixed'] } },
      { id: 'ents', type: 'ner', title: 'E', config: { field: 'text', labels: ['PER', 'ORG'] } },
      { id: 'quality', type: 'rating', title: 'Q', config: { field: 'text', criteria: [{ id: 'clarity', title: 'Clarity' }] } },
    ]);
    ids = await x.addRows(pid, [
      { id: 'a', data: { text: 'Ada paid.' }, expertise: ['finance'] },
      { id: 'b', data: { text: 'Bob left.' } },
      { id: 'c', data: { text: 'Acme sold.' }, expertise: ['cs'] },
      { id: 'd', data: { text: 'Open.' } },
      { id: 'e', data: { text: 'In QA.' } },
    ]);
    const answer = (sentiment: string, ents: Array<[number, number, string]>, clarity: number) => ({
      sentiment: { labels: [sentiment] }, ents: { spans: ents.map(([start, end, label]) => ({ start, end, label, text: '' })) }, quality: { scores: { clarity }, rationale: '' },
    });
    // a agrees on everything (1); b disagrees on sentiment only (mean 2/3); c agrees (1).
    await x.finalize(pid, ids.get('a')!, answer('pos', [[0, 3, 'PER']], 5), { at: day('2026-01-05') });
    await x.finalize(pid, ids.get('b')!, answer('pos', [[0, 3, 'PER']], 3), { at: day('2026-02-10'), l2: answer('neg', [[0, 3, 'PER']], 3) });
    await x.finalize(pid, ids.get('c')!, answer('neg', [[0, 4, 'ORG']], 4), { at: day('2026-03-01') });
    // e waits for QA, its labels disagreeing on sentiment; d is still being labeled (updated when added, 2026-11-22).
    await giveRow(x.env.deps.db, { projectId: pid, rowId: ids.get('e')!, at: day('2026-03-02'), labels: [{ userId: x.users[0], answer: answer('pos', [], 2) }, { userId: x.users[1], answer: answer('mixed', [], 2) }] });
  });
  afterEach(async () => x.env.close());

  const exported = async (query: string) => (await x.lines(pid, `format=jsonl&${query}`)).map((l) => l.external_id);
  const refused = async (query: string) => {
    const r = await x.download(pid, query.startsWith('format=') ? query : `format=jsonl&${query}`);
    expect(r.status, query).toBe(400);
    return ((await r.json()) as any).error.message as string;
  };

  it('by state (unchanged): finalized by default, one state, or all', async () => {
    expect(await exported('')).toEqual(['a', 'b', 'c']);
    expect(await exported('state=qa')).toEqual(['e']);
    expect(await exported('state=all')).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('by a question\'s final answer, in each task type\'s terms, and refuses what the question cannot hold', async () => {
    expect(await exported('answer=sentiment:neg')).toEqual(['c']);
    expect(await exported('answer=ents:PER')).toEqual(['a', 'b']);
    expect(await exported('answer=quality:clarity=5')).toEqual(['a']);
    // Rows without a final have no final answer to match.
    expect(await exported('state=all&answer=sentiment:pos')).toEqual(['a', 'b']);
    expect(await refused('answer=nope:x')).toBe('answer: no question "nope" in this project');
    expect(await refused('answer=sentiment:angry')).toMatch(/"angry" is not a label of sentiment \(its labels: pos, neg, mixed\)/);
    expect(await refused('answer=quality:depth=3')).toMatch(/no criterion "depth"/);
    expect(await refused('answer=sentiment')).toMatch(/^answer: expected question:value/);
  });

  it('by agreement below or above a value (the mean of the questions\' scores); rows not yet double-labeled never match', async () => {
    expect(await exported('agreementBelow=0.8')).toEqual(['b']);
    expect(await exported('agreementAbove=0.8')).toEqual(['a', 'c']);
    expect(await exported('state=all&agreementBelow=0.8')).toEqual(['b', 'e']);
    expect(await exported('agreementAbove=0.5&agreementBelow=0.7')).toEqual(['b']);
    expect(await refused('agreementAbove=0.9&agreementBelow=0.5')).toMatch(/agreementAbove must be lower than agreementBelow/);
    expect(await refused('agreementBelow=2')).toMatch(/between 0 and 1/);
    expect(await refused('agreementBelow=high')).toMatch(/agreementBelow/);
  });

  it('by expertise the row needs (any of a list)', async () => {
    expect(await exported('expertise=finance')).toEqual(['a']);
    expect(await exported('expertise=finance,cs')).toEqual(['a', 'c']);
    expect(await refused('expertise=not a domain!')).toMatch(/^expertise/);
  });

  it('by date: finalized between (whole days, UTC), or last updated between', async () => {
    expect(await exported('since=2026-02-01')).toEqual(['b', 'c']);
    expect(await exported('since=2026-02-01&until=2026-02-28')).toEqual(['b']);
    expect(await exported('until=2026-01-05')).toEqual(['a']);
    expect(await exported('since=2026-03-01T12:00:00Z&until=2026-03-01T12:00:01Z')).toEqual(['c']);
    // Rows that are not final are dated by their last change: the default for a non-final state.
    expect(await exported('state=all&since=2026-11-01')).toEqual(['d']);
    expect(await exported('state=all&since=2026-03-01&dateOf=finalized')).toEqual(['c']);
    expect(await refused('since=2026-02-30')).toMatch(/not a calendar date/);
    expect(await refused('since=yesterday')).toMatch(/expected a date/);
    expect(await refused('since=2026-03-01&until=2026-02-01')).toMatch(/until must be after since/);
  });

  it('by explicit ids: your external ids and Triad row ids, bounded', async () => {
    expect(await exported('ids=c,a,zz')).toEqual(['a', 'c']);
    expect(await exported(`rowIds=${ids.get('b')}`)).toEqual(['b']);
    expect(await exported(`state=all&ids=d&rowIds=${ids.get('e')}`)).toEqual(['d', 'e']);
    expect(await refused(`ids=${Array.from({ length: EXPORT_ID_LIMIT + 1 }, (_, i) => `x${i}`).join(',')}`)).toMatch(/^ids: at most 500 ids/);
    expect(await refused('rowIds=1,two')).toMatch(/^rowIds/);
  });

  it('combines filters (all must hold) and applies them to every format', async () => {
    expect(await exported('answer=sentiment:pos&agreementAbove=0.9&expertise=finance&since=2026-01-01')).toEqual(['a']);
    const csv = Papa.parse<Record<string, string>>((await (await x.download(pid, 'format=csv&answer=ents:PER')).text()).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    expect(csv.data.map((r) => r.external_id)).toEqual(['a', 'b']);
    expect((await x.lines(pid, 'format=sagemaker&agreementBelow=0.8')).map((l) => l['external-id'])).toEqual(['b']);
    const ls = await (await x.download(pid, 'format=labelstudio&ids=c')).json() as any[];
    expect(ls.map((t) => t.data.text)).toEqual(['Acme sold.']);
    const conll = await (await x.download(pid, 'format=conll&ids=a')).text();
    expect(conll).toContain('Ada -X- _ B-PER');
    expect(conll).not.toContain('Bob');
    const r = await x.download(pid, 'format=jsonl&ids=a');
    expect(r.headers.get('content-disposition')).toMatch(/-jsonl-final-filtered-\d{4}-\d\d-\d\d\.jsonl"$/);
    expect(await refused('format=workreport&ids=a')).toMatch(/row filters do not apply/);
  });

  it('the CLI takes the same filters as flags and names the flag in an error', async () => {
    const cmd = projectCommands.find((c) => c.verb === 'export')!;
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'triad-cli-')), 'x.jsonl');
    const run = (flags: Record<string, string>) => cmd.run(x.env.deps, { project: String(pid), out, ...flags });
    const log = console.log;
    console.log = () => {};
    try {
      await run({ state: 'all', 'agreement-below': '0.8', expertise: 'finance,cs', since: '2026-01-01', ids: 'a,b,c,e', 'row-ids': String(ids.get('b')) });
      // b and e are below 0.8 but need no expertise; a and c need it but agree: nothing holds all.
      expect(fs.readFileSync(out, 'utf8')).toBe('');
      await run({ answer: 'sentiment:pos', 'agreement-above': '0.9', 'date-of': 'finalized', until: '2026-01-31' });
      expect(fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l).external_id)).toEqual(['a']);
      await expect(run({ 'agreement-below': 'high' })).rejects.toThrow(/^--agreement-below: expected a number between 0 and 1/);
      await expect(run({ answer: 'sentiment:angry' })).rejects.toThrow(/"angry" is not a label of sentiment/);
    } finally {
      console.log = log;
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });

  it('previews how many rows a query exports, with the first few', async () => {
    const p = await x.lead.get(`/api/projects/${pid}/exports/preview?state=all&agreementBelow=0.8`);
    expect(p.status).toBe(200);
    expect(p.body).toEqual({ rows: 2, sample: [{ id: ids.get('b'), externalId: 'b', state: 'final' }, { id: ids.get('e'), externalId: 'e', state: 'qa' }] });
    expect((await x.lead.get(`/api/projects/${pid}/exports/preview?format=coco`)).status).toBe(400);
    expect((await x.lead.get(`/api/projects/${pid}/exports/preview?since=nope`)).status).toBe(400);
  });
});

describe('filtered exports page through large projects', () => {
  let x: ExportEnv;
  afterEach(async () => x.env.close());

  it('finds filtered rows on every page of the row loader (1000 rows a page)', async () => {
    x = await exportEnv();
    const pid = await x.project([{ id: 's', type: 'classification', title: 'S', config: { labels: ['y', 'n'] } }]);
    const ids = await x.addRows(pid, Array.from({ length: 2300 }, (_, i) => ({ id: `r${i}`, data: { n: i }, expertise: i % 1000 === 999 ? ['finance'] : [] })));
    expect(ids.size).toBe(2300);
    const got = async (q: string) => (await x.lines(pid, `format=jsonl&state=all&${q}`)).map((l) => l.external_id);
    expect(await got('expertise=finance')).toEqual(['r999', 'r1999']);
    expect(await got('ids=r2299,r3,r1500')).toEqual(['r3', 'r1500', 'r2299']);
    expect(await got(`rowIds=${ids.get('r1001')},${ids.get('r2001')}`)).toEqual(['r1001', 'r2001']);
  });
});
