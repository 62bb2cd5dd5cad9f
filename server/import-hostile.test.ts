import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, simpleSchema, type Client, type TestEnv } from './test/harness.js';
import { MAX_DEPTH, MAX_LINE_CHARS } from './services/import/limits.js';
import { jsonArrayItems, lines } from './services/import/sources.js';
import { csvItems } from './services/import/csv.js';

/**
 * Import files written to break the server (issue 12, finding 8): keys that reach Object.prototype,
 * nesting deep enough to overflow a recursive walk, Label Studio result names that index plain objects,
 * lines too long to hold. Each is a line error naming the line and what is wrong: mode=all writes
 * nothing (400), mode=valid imports the other lines and lists the refused one.
 */

let env: TestEnv;
let lead: Client;
let pid: number;

beforeAll(async () => {
  env = await createTestEnv();
  await env.user('lead@x.org');
  lead = await env.login('lead@x.org');
});
afterAll(async () => env.close());

const schema = [
  ...simpleSchema,
  { id: 'summary', type: 'text', title: 'Summary', config: { field: 'text' } },
];
const newProject = async () => {
  const r = await lead.post('/api/projects', { name: `P${Date.now()}${Math.random()}`, schema });
  expect(r.status).toBe(201);
  pid = r.body.project.id;
};
beforeEach(newProject);

type Format = 'jsonl' | 'json' | 'csv' | 'labelstudio';
const send = async (body: string, format: Format, mode: 'all' | 'valid') => {
  const r = await lead.raw(`/api/projects/${pid}/imports?format=${format}&mode=${mode}`, { method: 'POST', body });
  return { status: r.status, body: await r.json() as any };
};
const rowCount = async () => Number((await env.deps.db.selectFrom('rows').select((eb) => eb.fn.countAll().as('n')).where('project_id', '=', pid).executeTakeFirstOrThrow()).n);

/** The file is refused whole in mode=all and imports its `good` other lines in mode=valid. */
async function expectLineRefused(body: string, format: Format, want: { line: number; field: string | RegExp; message: RegExp; good: number }) {
  await newProject();
  const all = await send(body, format, 'all');
  expect(all.status).toBe(400);
  expect(all.body.error.message).toMatch(new RegExp(`nothing imported \\(first: line ${want.line}, `));
  const err = all.body.error.details.errors[0];
  expect(err.line).toBe(want.line);
  if (typeof want.field === 'string') expect(err.field).toBe(want.field);
  else expect(err.field).toMatch(want.field);
  expect(err.message).toMatch(want.message);
  expect(await rowCount()).toBe(0);

  const valid = await send(body, format, 'valid');
  expect(valid.status).toBe(200);
  expect(valid.body.report.imported).toBe(want.good);
  expect(valid.body.report.skipped).toEqual([expect.objectContaining({ line: want.line, reason: 'invalid', message: expect.stringMatching(want.message) })]);
  expect(await rowCount()).toBe(want.good);
}

const deep = (n: number, leaf = '1') => '['.repeat(n) + leaf + ']'.repeat(n);
const jsonl = (...lines: string[]) => lines.join('\n') + '\n';
const good = (id: string) => JSON.stringify({ id, data: { text: 'fine' } });

describe('reserved keys', () => {
  it('a flat JSONL row with a __proto__ key is refused, not stored as {}', async () => {
    await expectLineRefused(jsonl(good('a'), '{"id":"p","text":"hi","__proto__":{"polluted":true}}'), 'jsonl',
      { line: 2, field: '__proto__', message: /"__proto__" is not allowed/, good: 1 });
    const rows = await env.deps.db.selectFrom('rows').select('data_json').where('project_id', '=', pid).execute();
    expect(rows.map((r) => JSON.parse(r.data_json))).toEqual([{ text: 'fine' }]);
  });
  it('constructor and prototype keys anywhere in a line name their path', async () => {
    await expectLineRefused(jsonl('{"id":"c","data":{"text":"hi","meta":{"x":[{"constructor":1}]}}}', good('a')), 'jsonl',
      { line: 1, field: 'data.meta.x.0.constructor', message: /"constructor" is not allowed/, good: 1 });
    await expectLineRefused(jsonl(good('b'), '', '{"id":"q","data":{"text":"hi"},"prelabels":{"prototype":{}}}'), 'jsonl',
      { line: 3, field: 'prelabels.prototype', message: /"prototype" is not allowed/, good: 1 });
  });
  it('a JSON array element with a __proto__ key is refused with the line it starts on', async () => {
    const file = `[\n  ${good('a')},\n  {"id": "p", "data": {"text": "hi", "__proto__": {"x": 1}}}\n]`;
    await expectLineRefused(file, 'json', { line: 3, field: 'data.__proto__', message: /"__proto__" is not allowed/, good: 1 });
  });
  it('a CSV header naming __proto__ (or prelabels.constructor) refuses the file at line 1', async () => {
    for (const col of ['__proto__', 'prelabels.constructor']) {
      const r = await send(`id,text,${col}\n1,hi,"{""a"":1}"\n`, 'csv', 'all');
      expect(r.status).toBe(400);
      expect(r.body.error.details.errors[0]).toMatchObject({ line: 1, field: '(header)', message: expect.stringMatching(/is not allowed/) });
      const v = await send(`id,text,${col}\n1,hi,"{""a"":1}"\n`, 'csv', 'valid');
      expect(v.status).toBe(200);
      expect(v.body.report).toMatchObject({ imported: 0, skipped: [{ line: 1, reason: 'invalid' }] });
      expect(await rowCount()).toBe(0);
    }
  });
  it('a CSV cell holding JSON with a __proto__ key is refused on its line', async () => {
    const file = 'id,text,meta\n1,fine,\n2,hi,"{""__proto__"":{""x"":1}}"\n';
    await expectLineRefused(file, 'csv', { line: 3, field: 'data.meta.__proto__', message: /"__proto__" is not allowed/, good: 1 });
  });
  it('Label Studio results typed or named __proto__ / constructor are line errors, not 500s', async () => {
    const task = (id: number, result: unknown[]) => ({ id, data: { text: 'hi' }, predictions: [{ result }] });
    const ok = task(1, [{ type: 'choices', from_name: 'sentiment', value: { choices: ['pos'] } }]);
    for (const [i, r] of [
      { type: '__proto__', from_name: 'sentiment', value: { choices: ['pos'] } },
      { type: 'constructor', from_name: 'x', value: {} },
      { type: 'textarea', from_name: 'constructor', value: { text: ['a'] } },
      { type: 'rating', from_name: 'summary___proto__', value: { rating: 1 } },
    ].entries()) {
      const key = i === 0 ? '__proto__' : i === 3 ? '__proto__' : 'constructor';
      await expectLineRefused(`[\n${JSON.stringify(ok)},\n${JSON.stringify(task(2, [r]))}\n]`, 'labelstudio',
        { line: 3, field: /^predictions\.0\.result\.0\.(type|from_name)$/, message: new RegExp(`"${key}" is not allowed`), good: 1 });
    }
  });
  it('Label Studio values whose toString/valueOf are JSON keys do not crash the conversion', async () => {
    const evil = { toString: 1, valueOf: 1 };
    const file = JSON.stringify([
      { id: 1, data: { text: 'hi' }, predictions: [{ result: [{ type: 'textarea', from_name: 'summary', value: { text: [evil] } }] }] },
      { id: 2, data: { text: 'hi' }, predictions: [{ result: [{ type: 'textarea', from_name: 'summary', value: { text: evil } }] }] },
      { id: evil, data: { text: 'hi' } },
      { id: 4, data: { text: 'hi' }, predictions: [null, { result: [null, 7, { type: 'choices', value: null }] }], annotations: [null] },
      { id: 5, data: { text: 'hi' }, predictions: [{ result: [{ type: evil, from_name: 'x', value: {} }, { type: 'taxonomy', from_name: 'sentiment', value: { taxonomy: [[evil, 'pos']] } }] }] },
    ]);
    const r = await send(file, 'labelstudio', 'valid');
    expect(r.status).toBe(200);
    expect(r.body.report.imported).toBe(3);
    expect(r.body.report.skipped.map((s: any) => s.message)).toEqual(['a task id must be a string or a number', 'expected a result object']);
  });
  it('a question whose id is "constructor" gets a line error for its prelabels, never a lookup on Object', async () => {
    const p = await lead.post('/api/projects', { name: 'ctor', schema: [{ id: 'constructor', type: 'classification', title: 'C', config: { field: 'text', labels: ['a', 'b'] } }] });
    expect(p.status).toBe(201);
    pid = p.body.project.id;
    const r = await send(JSON.stringify([{ id: 1, data: { text: 'x' }, predictions: [{ result: [{ type: 'choices', from_name: 'constructor', value: { choices: ['a'] } }] }] }]), 'labelstudio', 'all');
    expect(r.status).toBe(400);
    expect(r.body.error.details.errors).toEqual([{ line: 1, field: 'predictions.0.result.0.from_name', message: expect.stringMatching(/"constructor" is not allowed/) }]);
    expect(await rowCount()).toBe(0);
  });
});

describe('control characters', () => {
  it('an external id holding NUL (which PostgreSQL text refuses) is a line error, not a 500', async () => {
    await expectLineRefused(jsonl(good('a'), JSON.stringify({ id: 'x\u0000y', data: { text: 'hi' } })), 'jsonl',
      { line: 2, field: 'id', message: /no control characters/, good: 1 });
  });
});

describe('nesting', () => {
  it(`20,000-deep JSONL nesting is a line error at depth ${MAX_DEPTH}`, async () => {
    await expectLineRefused(jsonl(good('a'), `{"id":"d","data":{"text":"hi","deep":${deep(20_000)}}}`), 'jsonl',
      { line: 2, field: /^data\.deep(\.0)+$/, message: new RegExp(`nested more than ${MAX_DEPTH} levels`), good: 1 });
  });
  it('deep nesting in a JSON array element, a CSV cell and a Label Studio task', async () => {
    await expectLineRefused(`[${good('a')},\n{"id":"d","data":{"text":"hi","deep":${deep(20_000)}}}]`, 'json',
      { line: 2, field: /^data\.deep/, message: /nested more than/, good: 1 });
    await expectLineRefused(`id,text,deep\n1,fine,\n2,hi,${deep(20_000)}\n`, 'csv',
      { line: 3, field: /^data\.deep/, message: /nested more than/, good: 1 });
    await expectLineRefused(JSON.stringify([{ id: 1, data: { text: 'a' } }]).slice(0, -1) + `,{"id":2,"data":{"text":"b"},"predictions":${deep(20_000, '{}')}}]`, 'labelstudio',
      { line: 1, field: /^predictions/, message: /nested more than/, good: 1 });
  });
  it(`nesting of exactly ${MAX_DEPTH} levels is accepted`, async () => {
    const r = await send(jsonl(`{"id":"d","data":{"text":"hi","deep":${deep(MAX_DEPTH - 2)}}}`), 'jsonl', 'all');
    expect(r.status).toBe(200);
    expect(r.body.report.imported).toBe(1);
  });
});

describe('line length', () => {
  const huge = 'x'.repeat(MAX_LINE_CHARS + 10);
  it('a JSONL line longer than the limit is refused without stopping the file', async () => {
    await expectLineRefused(jsonl(good('a'), `{"id":"big","data":{"text":"${huge}"}}`, good('b')), 'jsonl',
      { line: 2, field: '(line)', message: /longer than 16 MB/, good: 2 });
  });
  it('a JSON array element longer than the limit is refused, the next one read', async () => {
    await expectLineRefused(`[${good('a')},\n{"id":"big","data":{"text":"${huge}"}},\n${good('b')}]`, 'json',
      { line: 2, field: '(item)', message: /longer than/, good: 2 });
  });
  it('a CSV record whose quote never closes is refused once, not buffered whole', async () => {
    await expectLineRefused(`id,text\n1,fine\n2,"${huge}\nstill,inside\n`, 'csv', { line: 3, field: '(line)', message: /longer than/, good: 1 });
  });
});

describe('CSV records', () => {
  it('reports the line a record starts on, across quoted line breaks', async () => {
    const file = 'id,text\n1,"two\nlines"\n\n2,\n';
    await expectLineRefused(file, 'csv', { line: 5, field: 'data.text', message: /missing/, good: 1 });
  });
  it('a record with more cells than the header is refused', async () => {
    await expectLineRefused('id,text\n1,fine\n2,hi,there\n', 'csv', { line: 3, field: '(line)', message: /3 cells, but the header names 2 columns/, good: 1 });
  });
});

describe('bounded reading (small limits, every chunk size)', () => {
  async function collect<T>(g: AsyncIterable<T>): Promise<T[]> { const out: T[] = []; for await (const x of g) out.push(x); return out; }
  async function* chunked(s: string, size: number) { for (let i = 0; i < s.length; i += size) yield s.slice(i, i + size); }

  it('a line over the limit is reported once, wherever the chunks split it, with or without a final newline', async () => {
    for (const size of [1, 3, 7, 100]) {
      expect(await collect(lines(chunked('ab\n0123456789\ncd', size), 5))).toEqual([{ line: 1, text: 'ab' }, { line: 2, text: '', tooLong: true }, { line: 3, text: 'cd' }]);
      expect(await collect(lines(chunked('ab\r\n0123456789', size), 5))).toEqual([{ line: 1, text: 'ab' }, { line: 2, text: '', tooLong: true }]);
    }
  });
  it('JSON array elements: scalars, strings with brackets, an element over the limit', async () => {
    const text = '[1, "a]\\"", {"t":"0123456789"}, [2], true]';
    for (const size of [1, 2, 5, 100]) {
      const got = await collect(jsonArrayItems(chunked(text, size), 12));
      expect(got.map((g) => g.error?.message.replace(/ is longer.*/, '') ?? g.value)).toEqual([1, 'a]"', 'this array element', [2], true]);
    }
    expect((await collect(jsonArrayItems(chunked('[{"a":1}] [2]', 4)))).at(-1)!.error!.message).toMatch(/after the closing \]/);
  });
  it('CSV: CR, LF and CRLF records, quoted breaks counted as lines, a record over the limit', async () => {
    const text = 'id,text\r1,"a\r\nb"\r\n2,"0123456789012345"\n3,c';
    for (const size of [1, 2, 5, 100]) {
      const got = await collect(csvItems(chunked(text, size), 12));
      expect(got.map((g) => [g.line, g.error ? g.error.message.replace(/ is longer.*/, '') : (g.value as any).data.text])).toEqual([[2, 'a\r\nb'], [4, 'this record'], [5, 'c']]);
    }
  });
});
