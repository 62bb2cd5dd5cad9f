import fc from 'fast-check';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaSchema } from '@shared/tasks/question.js';
import { DEFAULT_SETTINGS } from '@shared/project.js';
import { createTestEnv, simpleSchema, type Client, type TestEnv } from './test/harness.js';
import { hostileValue, mutated, toText } from './test/hostile-json.js';
import { jsonArrayItems, jsonlItems, type SourceItem } from './services/import/sources.js';
import { csvItems } from './services/import/csv.js';
import { checkShape, isForbiddenName, parseLine } from './services/import/limits.js';
import { labelStudioTaskToRow } from './services/import/labelstudio.js';
import { makeRowValidator } from './services/import/validate.js';
import { sampleConfigs } from '@shared/tasks/arbitraries.js';

/**
 * Property-based fuzzing of every import parser (issue 12): generated files of valid rows, mutated rows
 * and junk (random text, BOMs, CRLF, quotes, reserved keys, deep nesting). Parsers called directly take
 * thousands of inputs; through the HTTP route, fewer. Nothing may throw or answer 500; mode=all imports
 * all or nothing; mode=valid lists every skipped record by line, and imported + skipped = records read.
 */

const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const runs = (n: number) => Math.round(n * SCALE);

const schema = schemaSchema.parse([...simpleSchema, { id: 'summary', type: 'text', title: 'Summary', config: { field: 'text' } }]);
const validate = makeRowValidator(schema, { ...DEFAULT_SETTINGS, expertiseRules: [{ field: 'domain', equals: 'finance', domain: 'finance' }] });

async function collect(g: AsyncIterable<SourceItem>): Promise<SourceItem[]> { const out: SourceItem[] = []; for await (const x of g) out.push(x); return out; }
// At most ~500 chunks: tiny chunks exercise every split point of short files without making long ones slow.
async function* chunked(s: string, size: number) {
  const step = Math.max(size, Math.ceil(s.length / 500));
  for (let i = 0; i < s.length; i += step) yield Buffer.from(s.slice(i, i + step));
}
const isBlank = (s: string) => s.trim() === '';

const validRow = fc.record({
  id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
  data: fc.record({ text: fc.string({ minLength: 1, maxLength: 20 }), domain: fc.constantFrom('finance', 'cs', 'x') }),
  prelabels: fc.constantFrom({ sentiment: { labels: ['pos'] } }, { summary: { text: 'short' } }, {}),
  priority: fc.integer({ min: -5, max: 5 }),
  expertise: fc.constantFrom([], ['cs'], ['finance', 'cs']),
}, { requiredKeys: ['data'] });

// Results of every kind the converter reads, so mutations reach each branch (ids match lsSchema below).
const lsResults = [
  { type: 'choices', from_name: 'sentiment', to_name: 'text', value: { choices: ['neg'] } },
  { type: 'taxonomy', from_name: 'sentiment', to_name: 'text', value: { taxonomy: [['a', 'pos']] } },
  { type: 'textarea', from_name: 'summary', to_name: 'text', value: { text: ['a', 'b'] } },
  { type: 'labels', from_name: 'ents', to_name: 'text', value: { start: 0, end: 1, labels: ['PER', 'ORG'], text: 'x' } },
  { id: 'b1', type: 'rectanglelabels', from_name: 'boxes', to_name: 'image', original_width: 100, original_height: 80, value: { x: 10, y: 10, width: 5, height: 5, rotation: 30, rectanglelabels: ['car'] } },
  { type: 'rating', from_name: 'score', to_name: 'text', value: { rating: 3 } },
  { type: 'number', from_name: 'score', to_name: 'text', value: { number: 2 } },
  { type: 'textarea', from_name: 'score_rationale', to_name: 'text', value: { text: 'why' } },
  { type: 'pairwise', from_name: 'pref', to_name: 'text', value: { selected: 'left' } },
  { type: 'ranker', from_name: 'pref', to_name: 'text', value: { ranker: { rank: [1, 0] } } },
  { type: 'rating', from_name: 'pref_strength', to_name: 'text', value: { rating: 2 } },
  { id: 's1', type: 'labels', from_name: 'clip', to_name: 'audio', value: { start: 0.1, end: 0.5, labels: ['speech'] } },
  { id: 's1', type: 'textarea', from_name: 'clip_transcript', to_name: 'audio', value: { text: ['hello'] } },
  { type: 'choices', from_name: 'clip_matches', to_name: 'audio', value: { choices: ['yes'] } },
  { type: 'polygonlabels', from_name: 'poly', to_name: 'image', value: { points: [[1, 2]] } },
];
const lsTask = fc.record({
  id: fc.integer({ min: 1, max: 8 }),
  data: fc.record({ text: fc.string({ minLength: 1, maxLength: 20 }) }),
  meta: fc.constantFrom({}, { external_id: 'm1', priority: 2, expertise: ['cs'] }, { external_id: null, triad_row_id: 3 }),
  predictions: fc.subarray(lsResults, { maxLength: 4 }).map((result) => [{ result, model_version: 'v1', score: 0.5 }]),
  annotations: fc.subarray(lsResults, { maxLength: 4 }).map((result) => [{ result, was_cancelled: false, updated_at: '2024-01-01T00:00:00Z' }]),
}, { requiredKeys: ['data'] });
const lsSchema = schemaSchema.parse([
  ...schema,
  { id: 'ents', type: 'ner', title: 'Entities', config: { field: 'text', labels: ['PER', 'ORG'] } },
  { id: 'boxes', type: 'bbox', title: 'Boxes', config: { field: 'image', labels: ['car'] } },
  { id: 'score', type: 'rating', title: 'Score', config: sampleConfigs.rating[0] },
  { id: 'pref', type: 'ranking', title: 'Preference', config: sampleConfigs.ranking[0] },
  { id: 'clip', type: 'audio', title: 'Clip', config: sampleConfigs.audio[0] },
]);
const validateLs = makeRowValidator(lsSchema, DEFAULT_SETTINGS);

/** A record: a valid row, a mutation of one (wrong types, reserved keys, deep nesting, huge strings), or any value. */
const record = (valid: fc.Arbitrary<unknown>) => fc.oneof(
  { weight: 4, arbitrary: valid },
  { weight: 5, arbitrary: valid.chain((v) => mutated(v)) },
  { weight: 1, arbitrary: hostileValue },
);
/** Junk that is not JSON, on one line. */
const junkLine = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('{oops', '{"a":', '\uFEFF{}', 'null', '"x"', '[1,2', '\u0000')).map((s) => s.replace(/[\r\n]/g, ' '));

/** What the import sends the validator: the line parsed and shape-checked. */
function validated(text: string) {
  const p = parseLine(text, '(line)');
  return p.error ? undefined : validate(p.value);
}

describe('parsers called directly', () => {
  it('JSONL: one item per non-blank line, with its number, whatever the bytes and chunking', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.oneof(record(validRow).map(toText), junkLine, fc.constantFrom('', ' ', '\t')), { maxLength: 12 }),
      fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 64 }),
      async (lines, bom, crlf, size) => {
        const text = (bom ? '\uFEFF' : '') + lines.join(crlf ? '\r\n' : '\n');
        const items = await collect(jsonlItems(chunked(text, size)));
        const expected = lines.flatMap((l, i) => (isBlank(l) ? [] : [i + 1]));
        expect(items.map((x) => x.line)).toEqual(expected);
        for (const x of items) if (!x.error) expect(checkShape(x.value)).toBeNull();
      }), { numRuns: runs(1000) });
  });

  it('JSONL: random bytes (invalid UTF-8, NULs, lone CRs) never throw', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 1, max: 50 }), async (bytes, size) => {
      const chunks = async function* () { for (let i = 0; i < bytes.length; i += size) yield Buffer.from(bytes.subarray(i, i + size)); };
      await collect(jsonlItems(chunks()));
    }), { numRuns: runs(1500) });
  });

  it('JSON arrays: one item per element, equal to parsing it alone, at any chunking', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.oneof(record(validRow).map(toText), fc.constantFrom('nope', '{bad}', '[1,]', '"str,]"', '-1.5e3', 'true')), { maxLength: 8 }),
      fc.constantFrom(',', ', ', ',\n', '\r\n,\t'), fc.integer({ min: 1, max: 64 }),
      async (elements, sep, size) => {
        const items = await collect(jsonArrayItems(chunked(`\uFEFF [${elements.join(sep)}]\n`, size)));
        expect(items.length).toBe(elements.length);
        items.forEach((x, i) => {
          const alone = parseLine(elements[i], '(item)');
          if (alone.error) expect(x.error?.message).toBe(alone.error.message);
          else expect(x.value).toEqual(alone.value);
        });
      }), { numRuns: runs(600) });
  });

  it('JSON: arbitrary text never throws and always ends (unclosed arrays, stray brackets)', async () => {
    const alphabet = fc.constantFrom('[', ']', '{', '}', '"', '\\', ',', ':', '1', 'a', ' ', '\n', '\uFEFF');
    await fc.assert(fc.asyncProperty(fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')), fc.integer({ min: 1, max: 16 }), async (text, size) => {
      const items = await collect(jsonArrayItems(chunked(text, size)));
      for (const x of items) expect(x.line).toBeGreaterThanOrEqual(1);
    }), { numRuns: runs(2000) });
  });

  it('CSV: one item per non-blank record, on the line it starts, whatever the quoting and line ends', async () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 12 }).map((s) => s.replace(/^[[{\s]+/, '')),
      fc.constantFrom('', '"', '""', 'a,b', 'two\nlines', 'cr\rlf\r\n', ' ', '=1+1'),
    );
    await fc.assert(fc.asyncProperty(
      fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), fc.integer({ min: 1, max: 32 }),
      async (records, newline, bom, size) => {
        const header = ['id', 'text', 'note'];
        const text = (bom ? '\uFEFF' : '') + Papa.unparse([header, ...records], { newline, quotes: false }) + newline;
        const items = await collect(csvItems(chunked(text, size)));
        let line = 2;
        const expected: Array<[number, string[]]> = [];
        for (const r of records) {
          if (r.some((c) => !isBlank(c))) expected.push([line, r]);
          line += r.join(',').split(/\r\n|\r|\n/).length - 1 + 1;
        }
        expect(items.map((x) => x.line)).toEqual(expected.map(([l]) => l));
        items.forEach((x, i) => {
          const cells = expected[i][1];
          if (x.error) return;
          const v = x.value as { external_id?: string; data: Record<string, unknown> };
          expect(v.external_id ?? '').toBe(cells[0]);
          expect(v.data).toEqual({ text: cells[1], note: cells[2] });
        });
      }), { numRuns: runs(1500) });
  });

  it('CSV: arbitrary text never throws', async () => {
    const alphabet = fc.constantFrom('"', ',', ';', '\t', '\n', '\r', 'a', ' ', '[', '{', '}', '\uFEFF', '_');
    await fc.assert(fc.asyncProperty(fc.array(alphabet, { maxLength: 80 }).map((a) => a.join('')), fc.integer({ min: 1, max: 16 }), async (text, size) => {
      await collect(csvItems(chunked(`a,b\n${text}`, size)));
      await collect(csvItems(chunked(text, size)));
    }), { numRuns: runs(2000) });
  });

  it('rows: whatever the validator accepts is stored exactly as given (nothing silently dropped)', () => {
    fc.assert(fc.property(record(validRow), (value) => {
      const r = validated(toText(value));
      if (!r?.row) return;
      const v = JSON.parse(toText(value));
      const given = Object.hasOwn(v, 'data') ? v.data : Object.fromEntries(Object.entries(v).filter(([k]) => !['id', 'external_id', 'externalId', 'prelabels', 'expertise', 'priority', 'final'].includes(k)));
      expect(JSON.stringify(r.row.data)).toBe(JSON.stringify(given));
      expect(Object.keys(r.row.data).some(isForbiddenName)).toBe(false);
    }), { numRuns: runs(2000) });
  });

  it('Label Studio tasks of every result kind: conversion and validation never throw', () => {
    fc.assert(fc.property(record(lsTask), fc.constantFrom<'prelabels' | 'ignore'>('prelabels', 'ignore'), (value, annotations) => {
      const p = parseLine(toText(value), '(item)');
      if (p.error) return;
      const conv = labelStudioTaskToRow(p.value, lsSchema, { annotations, modelVersion: 'v1' });
      if (conv.value && conv.issues.length === 0) validateLs(conv.value);
    }), { numRuns: runs(2000) });
  });
});

describe('POST /api/projects/:id/imports, every format and both modes', () => {
  let env: TestEnv;
  let lead: Client;
  let pid: number;
  beforeAll(async () => {
    env = await createTestEnv();
    await env.user('lead@x.org', { admin: true });
    lead = await env.login('lead@x.org');
    const p = await lead.post('/api/projects', { name: 'Fuzz import', schema, settings: { expertiseRules: [{ field: 'domain', equals: 'finance', domain: 'finance' }] } });
    if (p.status !== 201) throw new Error(JSON.stringify(p.body));
    pid = p.body.project.id;
  });
  afterAll(async () => env.close());

  const rowCount = async () => Number((await env.deps.db.selectFrom('rows').select((eb) => eb.fn.countAll().as('n')).where('project_id', '=', pid).executeTakeFirstOrThrow()).n);

  /** Sends the file in both modes and checks the report against the database and the number of records. */
  async function check(file: string, format: string, records: number, maxLine: number) {
    const before = await rowCount();
    const all = await lead.raw(`/api/projects/${pid}/imports?format=${format}&mode=all`, { method: 'POST', body: file });
    const a = await all.json() as any;
    expect(all.status, JSON.stringify(a).slice(0, 300)).toBeLessThan(500);
    if (all.status === 200) {
      expect(a.report.errorCount).toBe(0);
      expect(a.report.total).toBe(records);
      expect(await rowCount()).toBe(before + a.report.imported);
    } else {
      expect(all.status).toBe(400);
      expect(await rowCount()).toBe(before);
      if (a.error.details) {
        expect(a.error.details.committed).toBe(false);
        expect(a.error.details.errorCount).toBeGreaterThan(0);
        for (const e of a.error.details.errors) expect(e.line).toBeGreaterThanOrEqual(1);
      }
    }

    const mid = await rowCount();
    const valid = await lead.raw(`/api/projects/${pid}/imports?format=${format}&mode=valid`, { method: 'POST', body: file });
    const v = await valid.json() as any;
    expect(valid.status, JSON.stringify(v).slice(0, 300)).toBeLessThan(500);
    // A file without a single record is refused in both modes, with nothing written.
    if (records === 0) { expect(valid.status).toBe(400); expect(await rowCount()).toBe(mid); return; }
    expect(valid.status, JSON.stringify(v).slice(0, 300)).toBe(200);
    const r = v.report;
    expect(r.imported + r.updated + r.unchanged + r.skipped.length).toBe(r.total);
    expect(r.total).toBe(records);
    for (const s of r.skipped) { expect(s.line).toBeGreaterThanOrEqual(1); expect(s.line).toBeLessThanOrEqual(maxLine); }
    expect(await rowCount()).toBe(mid + r.imported);
  }

  it('JSONL', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.oneof(record(validRow).map(toText), junkLine, fc.constant('')), { minLength: 1, maxLength: 10 }), fc.boolean(), fc.boolean(),
      async (lines, bom, crlf) => {
        const file = (bom ? '\uFEFF' : '') + lines.join(crlf ? '\r\n' : '\n');
        await check(file, 'jsonl', lines.filter((l) => !isBlank(l)).length, lines.length);
      }), { numRuns: runs(30) });
  }, 120_000);

  it('JSON array', async () => {
    await fc.assert(fc.asyncProperty(fc.array(record(validRow).map(toText), { maxLength: 10 }), async (elements) => {
      await check(`[\n${elements.join(',\n')}\n]`, 'json', elements.length, elements.length + 2);
    }), { numRuns: runs(30) });
  }, 120_000);

  it('Label Studio', async () => {
    await fc.assert(fc.asyncProperty(fc.array(record(lsTask).map(toText), { maxLength: 8 }), async (tasks) => {
      await check(`[\n${tasks.join(',\n')}\n]`, 'labelstudio', tasks.length, tasks.length + 2);
    }), { numRuns: runs(30) });
  }, 120_000);

  it('CSV', async () => {
    const cell = fc.oneof(
      { weight: 3, arbitrary: fc.string({ maxLength: 10 }) },
      { weight: 1, arbitrary: hostileValue.map((x) => (typeof x === 'string' ? x : toText(x))) },
      { weight: 1, arbitrary: fc.constantFrom('{"labels":["pos"]}', '{"__proto__":{"x":1}}', '[[[[1]]]]', 'finance,cs', '1e9', '-3', 'a\nb', '"') },
    );
    await fc.assert(fc.asyncProperty(fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'), async (rows, newline) => {
      const header = ['id', 'text', 'priority', 'expertise', 'prelabels.sentiment'];
      const file = Papa.unparse([header, ...rows], { newline }) + newline;
      const records = rows.filter((r) => r.some((c) => !isBlank(c))).length;
      await check(file, 'csv', records, file.split(/\r\n|\n/).length);
    }), { numRuns: runs(30) });
  }, 120_000);
});
