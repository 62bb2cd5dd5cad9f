import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, engineName, type TestEnv } from './test/harness.js';
import { workProject, plainRows, csid, pos, neg } from './test/workflow-kit.js';

/**
 * Issue 18 item 10: the dashboard over a date range, in hour, day or week buckets, with QA's decisions per
 * reviewer, and the rows behind each confusion cell. The work goes through the real workflow on a clock.
 */
describe(`dashboard ranges, buckets, QA per reviewer and the rows behind a cell (${engineName()})`, () => {
  let env: TestEnv;
  let w: Awaited<ReturnType<typeof workProject>>;
  const at = (day: number, hour: number, min = 0) => Date.UTC(2026, 10, day, hour, min);
  const row: Record<string, number> = {};

  /** Two labelers label the next row, the first one's answer first. */
  async function label(first: string, a: unknown, second: string, b: unknown, when: number) {
    env.clock.now = when;
    const x = await w.c[first].post(`/api/projects/${w.id}/next`, { role: 'label' });
    const y = await w.c[second].post(`/api/projects/${w.id}/next`, { role: 'label' });
    expect(y.body.row.id).toBe(x.body.row.id);
    for (const [c, claim, answer] of [[w.c[first], x, a], [w.c[second], y, b]] as const) {
      env.clock.now += 60_000;
      const s = await c.post(`/api/assignments/${claim.body.assignment.id}/submit`, { answer, clientSubmissionId: csid() });
      expect(s.status, JSON.stringify(s.body)).toBe(200);
    }
    return x.body.row.externalId as string;
  }
  async function review(who: string, body: Record<string, unknown>, when: number) {
    env.clock.now = when;
    const q = await w.c[who].post(`/api/projects/${w.id}/next`, { role: 'qa' });
    expect(q.status, JSON.stringify(q.body)).toBe(200);
    const r = await w.c[who].post(`/api/assignments/${q.body.assignment.id}/resolve`, body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  const dash = async (query = '') => {
    const r = await w.lead.get(`/api/projects/${w.id}/dashboard${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const person = (d: any, name: string) => d.people.find((p: any) => p.userId === w.ids[name]);

  beforeAll(async () => {
    env = await createTestEnv();
    w = await workProject(env, {
      rows: plainRows(3),
      people: [
        ...['ann', 'bob', 'cal', 'dan'].map((name) => ({ name, roles: ['annotator' as const] })),
        ...['rex', 'ria'].map((name) => ({ name, roles: ['reviewer' as const] })),
      ],
    });
    for (const [id, n] of Object.entries(await Promise.all([1, 2, 3].map(async (i) => (await w.lead.get(`/api/projects/${w.id}/rows?q=row%20${i}`)).body.rows[0].id)))) row[`r${Number(id) + 1}`] = n;
    // Sunday 22 November: r1 pos × neg, accepted by Rex; r2 pos × pos, sent back by Ria.
    expect(await label('ann', pos, 'bob', neg, at(22, 9))).toBe('r1');
    await review('rex', { action: 'accept', answer: pos, clientSubmissionId: csid(), activeMs: 60_000, reason: { reason: 'Guideline misread' } }, at(22, 9, 30));
    expect(await label('ann', pos, 'bob', pos, at(22, 10))).toBe('r2');
    await review('ria', { action: 'send_back', note: 'Read it again.', reason: 'Guideline misread' }, at(22, 10, 15));
    // Monday 23 November: r3 neg × pos, escalated by Rex; r2's second round pos × neg, accepted by Rex.
    expect(await label('ann', neg, 'bob', pos, at(23, 9))).toBe('r3');
    await review('rex', { action: 'escalate', question: 'Which applies?' }, at(23, 14));
    expect(await label('cal', pos, 'dan', neg, at(23, 15))).toBe('r2');
    await review('rex', { action: 'accept', answer: neg, clientSubmissionId: csid(), activeMs: 60_000, reason: { reason: 'Guideline misread' } }, at(23, 16));
  });
  afterAll(() => env.close());

  it('counts each reviewer\'s accepts, send-backs and escalations, per day and in all, beside the labels per person', async () => {
    const d = await dash();
    expect(d).toMatchObject({ range: null, bucket: 'day', buckets: ['2026-11-22', '2026-11-23'], bucketsClipped: false });
    expect(person(d, 'rex')).toMatchObject({
      labels: 0, qa: 2, sentBack: 0, escalated: 1, resolved: 3,
      qaPerBucket: { '2026-11-22': { accepted: 1, sentBack: 0, escalated: 0 }, '2026-11-23': { accepted: 1, sentBack: 0, escalated: 1 } },
    });
    expect(person(d, 'ria')).toMatchObject({ labels: 0, qa: 0, sentBack: 1, escalated: 0, resolved: 1, qaPerBucket: { '2026-11-22': { accepted: 0, sentBack: 1, escalated: 0 } } });
    expect(person(d, 'ann')).toMatchObject({ labels: 3, resolved: 0, perBucket: { '2026-11-22': 2, '2026-11-23': 1 }, qaPerBucket: {} });
    expect(person(d, 'cal').perBucket).toEqual({ '2026-11-23': 1 });
    // Cumulative: rows with a label, submissions, rows final by the end of each day.
    expect(d.overTime).toEqual([
      { start: '2026-11-22', labeled: 2, submitted: 4, finalized: 1 },
      { start: '2026-11-23', labeled: 3, submitted: 8, finalized: 2 },
    ]);
  });

  it('draws hours from the first busy hour to the last, and weeks from Monday', async () => {
    const h = await dash('?bucket=hour');
    expect(h.bucket).toBe('hour');
    expect(h.buckets[0]).toBe('2026-11-22T09:00Z');
    expect(h.buckets.at(-1)).toBe('2026-11-23T16:00Z');
    expect(h.buckets).toHaveLength(24 + 16 - 9 + 1);
    expect(person(h, 'ria').qaPerBucket).toEqual({ '2026-11-22T10:00Z': { accepted: 0, sentBack: 1, escalated: 0 } });
    expect(person(h, 'rex').qaPerBucket).toEqual({
      '2026-11-22T09:00Z': { accepted: 1, sentBack: 0, escalated: 0 }, '2026-11-23T14:00Z': { accepted: 0, sentBack: 0, escalated: 1 },
      '2026-11-23T16:00Z': { accepted: 1, sentBack: 0, escalated: 0 },
    });
    expect(person(h, 'ann').perBucket).toEqual({ '2026-11-22T09:00Z': 1, '2026-11-22T10:00Z': 1, '2026-11-23T09:00Z': 1 });
    const tenOClock = h.overTime.find((p: any) => p.start === '2026-11-22T10:00Z');
    expect(tenOClock).toEqual({ start: '2026-11-22T10:00Z', labeled: 2, submitted: 4, finalized: 1 });
    expect(h.overTime.at(-1)).toMatchObject({ labeled: 3, submitted: 8, finalized: 2 });

    // 22 November 2026 is a Sunday: its week starts on the 16th, the 23rd starts the next.
    const wk = await dash('?bucket=week');
    expect(wk.buckets).toEqual(['2026-11-16', '2026-11-23']);
    expect(person(wk, 'rex').qaPerBucket['2026-11-23']).toEqual({ accepted: 1, sentBack: 0, escalated: 1 });
    expect(person(wk, 'bob').perBucket).toEqual({ '2026-11-16': 2, '2026-11-23': 1 });

    // A range in hours: every hour of its days, empty ones too.
    const day = await dash('?from=2026-11-23&to=2026-11-23&bucket=hour');
    expect(day.buckets).toHaveLength(24);
    expect(day.buckets[0]).toBe('2026-11-23T00:00Z');
    // The cumulative curve starts from what the days before the range left.
    expect(day.overTime[0]).toEqual({ start: '2026-11-23T00:00Z', labeled: 2, submitted: 4, finalized: 1 });
  });

  it('limits every figure to the range: people, QA decisions, agreement and confusion', async () => {
    const d = await dash('?from=2026-11-23&to=2026-11-23');
    expect(d.range).toEqual({ from: '2026-11-23', to: '2026-11-23' });
    expect(d.buckets).toEqual(['2026-11-23']);
    expect(person(d, 'ria')).toBeUndefined();
    expect(person(d, 'rex')).toMatchObject({ qa: 1, sentBack: 0, escalated: 1, resolved: 2 });
    expect(person(d, 'ann')).toMatchObject({ labels: 1 });
    expect(person(d, 'cal')).toMatchObject({ labels: 1, agreementWithFinal: 0, keptByQa: 0 });
    expect(person(d, 'dan')).toMatchObject({ labels: 1, agreementWithFinal: 1, keptByQa: 1 });
    // Pairs completed that day: r3 (neg × pos) and r2's second round (pos × neg).
    expect(d.confusion[0]).toEqual({ questionId: 'sentiment', labels: ['pos', 'neg', '(none)'], matrix: [[0, 1, 0], [1, 0, 0], [0, 0, 0]] });
    expect(d.agreement[0].rows).toBe(2);
    const all = await dash();
    // All time: r1 and r2 pos × neg, r3 neg × pos (r2's first pos × pos pair was replaced by its second round).
    expect(all.confusion[0].matrix).toEqual([[0, 2, 0], [1, 0, 0], [0, 0, 0]]);
    const before = await dash('?from=2026-11-01&to=2026-11-21');
    expect(before.people).toEqual([]);
    expect(before.confusion[0].matrix.flat().every((n: number) => n === 0)).toBe(true);
    expect(before.overTime.every((p: any) => p.labeled === 0)).toBe(true);
  });

  it('refuses a bad range with a message that says what to change', async () => {
    const bad = async (query: string, message: string) => {
      const r = await w.lead.get(`/api/projects/${w.id}/dashboard${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body.error.message).toContain(message);
    };
    await bad('?from=2026-11-23', 'give both dates of the range (from and to), or neither for all time');
    await bad('?from=2026-11-24&to=2026-11-23', 'the range ends (2026-11-23) before it starts (2026-11-24)');
    await bad('?from=2025-01-01&to=2026-11-23', 'a range spans at most 366 days (this one spans 692)');
    await bad('?from=2026-10-01&to=2026-11-23&bucket=hour', 'hours are drawn for ranges of at most 31 days (this one spans 54); pick days or weeks');
    await bad('?from=2026-02-30&to=2026-03-02', 'from: a date as YYYY-MM-DD (a day of the calendar, UTC)');
    await bad('?from=yesterday&to=2026-03-02', 'from: a date as YYYY-MM-DD');
    await bad('?bucket=minute', 'bucket: one of hour, day, week');
  });

  it('lists the rows behind each confusion cell, all time or in the range', async () => {
    const rows = async (query: string) => {
      const r = await w.lead.get(`/api/projects/${w.id}/rows?question=sentiment&${query}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.rows.map((x: any) => x.externalId).sort();
    };
    expect(await rows('label1=pos&label2=neg')).toEqual(['r1', 'r2']);
    expect(await rows('label1=neg&label2=pos')).toEqual(['r3']);
    expect(await rows('label1=pos&label2=pos')).toEqual([]);
    expect(await rows('label1=pos&label2=neg&pairedFrom=2026-11-23&pairedTo=2026-11-23')).toEqual(['r2']);
    expect(await rows('label1=pos&label2=neg&pairedFrom=2026-11-22&pairedTo=2026-11-22')).toEqual(['r1']);
    // With the other filters: r1 is final, r2 too (accepted in its second round).
    expect(await rows('label1=pos&label2=neg&state=final')).toEqual(['r1', 'r2']);
    expect(await rows('label1=neg&label2=pos&state=final')).toEqual([]);
    // Every cell lists as many rows as the matrix counts.
    const d = await dash();
    const { labels, matrix } = d.confusion[0];
    for (const [i, a] of labels.entries()) {
      for (const [j, b] of labels.entries()) expect((await rows(`label1=${encodeURIComponent(a)}&label2=${encodeURIComponent(b)}`)).length, `${a} × ${b}`).toBe(matrix[i][j]);
    }
  });

  it('refuses a cell of a question without a matrix, or half a cell', async () => {
    const get = (q: string) => w.lead.get(`/api/projects/${w.id}/rows?${q}`);
    const nope = await get('question=tone&label1=a&label2=b');
    expect(nope.status).toBe(400);
    expect(nope.body.error.message).toContain('question: "tone" has no confusion matrix in this project');
    const half = await get('question=sentiment&label1=pos');
    expect(half.status).toBe(400);
    expect(half.body.error.message).toContain('a confusion cell needs question, label1 and label2 together');
    const dates = await get('question=sentiment&label1=pos&label2=neg&pairedFrom=2026-11-23&pairedTo=2026-11-22');
    expect(dates.status).toBe(400);
    expect(dates.body.error.message).toContain('the range ends (2026-11-22) before it starts (2026-11-23)');
    // Annotators never see the listing.
    expect((await w.c.ann.get(`/api/projects/${w.id}/rows?question=sentiment&label1=pos&label2=neg`)).status).toBe(403);
  });
});
