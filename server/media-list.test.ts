import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaListDto, MediaListItemDto } from '@shared/api/console.js';
import { createTestEnv, engineName, type Client, type TestEnv } from './test/harness.js';

const file = (name: string) => fs.readFileSync(`server/seed/media/${name}`);
const schema = [{ id: 'objects', type: 'bbox', title: 'Objects', config: { field: 'image', labels: ['car'] } }];

let env: TestEnv;
let lead: Client, ann: Client, outsider: Client, otherLead: Client;
let pid: number, other: number;
const ids: Record<string, string> = {};

const upload = async (c: Client, project: number, bytes: Buffer, name: string, type: string) => {
  const r = await c.raw(`/api/projects/${project}/media?name=${encodeURIComponent(name)}`, { method: 'POST', body: bytes, headers: { 'content-type': type } });
  expect(r.status).toBe(201);
  return ((await r.json()) as { media: MediaListItemDto }).media;
};
const importRows = async (lines: object[]) => {
  const r = await lead.raw(`/api/projects/${pid}/imports?format=jsonl`, { method: 'POST', body: lines.map((l) => JSON.stringify(l)).join('\n') });
  expect(r.status).toBe(200);
};
const list = async (query = '') => {
  const r = await lead.get<MediaListDto>(`/api/projects/${pid}/media${query}`);
  expect(r.status).toBe(200);
  return r.body;
};

beforeAll(async () => {
  env = await createTestEnv();
  for (const u of ['lead@x.test', 'ann@x.test', 'out@x.test', 'other@x.test']) await env.user(u);
  [lead, ann, outsider, otherLead] = await Promise.all(['lead@x.test', 'ann@x.test', 'out@x.test', 'other@x.test'].map((u) => env.login(u)));
  pid = (await lead.post('/api/projects', { name: 'Streets', schema })).body.project.id;
  other = (await otherLead.post('/api/projects', { name: 'Other', schema })).body.project.id;
  await lead.post(`/api/projects/${pid}/members`, { email: 'ann@x.test', roles: ['annotator', 'reviewer'] });
  // Uploaded a minute apart, so newest first is a known order.
  for (const [name, type] of [['street-01.png', 'image/png'], ['speech-01.wav', 'audio/wav'], ['street-02.png', 'image/png'], ['Night 50%_off.png', 'image/png']] as const) {
    const bytes = file(name === 'Night 50%_off.png' ? 'street-03.png' : name);
    ids[name] = (await upload(lead, pid, bytes, name, type)).id;
    env.clock.now += 60_000;
  }
});
afterAll(() => env.close());

describe(`the Media tab's listing (${engineName()})`, () => {
  it('lists every file newest first with its name, size, kind, pixel size or audio length, and upload time', async () => {
    const l = await list();
    expect(l.total).toBe(4);
    expect(l.nextOffset).toBeNull();
    expect(l.media.map((m) => m.name)).toEqual(['Night 50%_off.png', 'street-02.png', 'speech-01.wav', 'street-01.png']);
    const wav = l.media.find((m) => m.name === 'speech-01.wav')!;
    expect(wav.mime).toBe('audio/wav');
    expect(wav.size).toBe(file('speech-01.wav').length);
    // Measured at upload, from the decoded samples: 16-bit mono PCM is two bytes a sample.
    const header = file('speech-01.wav');
    expect(wav.duration).toBeCloseTo((header.length - 44) / header.readUInt32LE(28), 1);
    const png = l.media.find((m) => m.name === 'street-01.png')!;
    expect([png.width, png.height]).toEqual([file('street-01.png').readUInt32BE(16), file('street-01.png').readUInt32BE(20)]);
    expect(png.duration).toBeNull();
    expect(png.url).toBe(`/api/media/${png.id}`);
    expect(l.media[0].createdAt - png.createdAt).toBe(3 * 60_000);
  });

  it('says which rows use each file: a count and the first rows, whatever form the URL takes in the data', async () => {
    await importRows([
      { id: 'corner-a', data: { image: `/api/media/${ids['street-01.png']}` } },
      { id: 'corner-b', data: { image: `/api/media/${ids['street-01.png']}`, note: 'same corner' } },
      { id: 'corner-c', data: { image: `/api/media/${ids['street-02.png']}`, also: [`/api/media/${ids['street-01.png']}`] } },
      { id: 'corner-d', data: { image: `/api/media/${ids['street-02.png']}` } },
      { id: 'audio-1', data: { image: `/api/media/${ids['street-02.png']}`, audio: `/api/media/${ids['speech-01.wav']}` } },
    ]);
    const byName = new Map((await list()).media.map((m) => [m.name, m.uses]));
    expect(byName.get('street-01.png')).toEqual({ rows: 3, more: false, first: [
      expect.objectContaining({ externalId: 'corner-a' }), expect.objectContaining({ externalId: 'corner-b' }), expect.objectContaining({ externalId: 'corner-c' }),
    ] });
    expect(byName.get('street-02.png')!.rows).toBe(3);
    expect(byName.get('speech-01.wav')).toEqual({ rows: 1, more: false, first: [expect.objectContaining({ externalId: 'audio-1' })] });
    expect(byName.get('Night 50%_off.png')).toEqual({ rows: 0, more: false, first: [] });
    // Another project's rows holding the same id do not count here.
    await upload(otherLead, other, file('street-01.png'), 'theirs.png', 'image/png');
    const r = await otherLead.raw(`/api/projects/${other}/imports?format=jsonl`, { method: 'POST', body: JSON.stringify({ id: 'x', data: { image: `/api/media/${ids['street-01.png']}` } }) });
    expect(r.status).toBe(200);
    expect(new Map((await list()).media.map((m) => [m.name, m.uses.rows])).get('street-01.png')).toBe(3);
  });

  it('stops counting at 1,000 rows and says there are more', async () => {
    const lines = Array.from({ length: 1001 }, (_, i) => ({ id: `bulk-${i}`, data: { image: `/api/media/${ids['Night 50%_off.png']}` } }));
    await importRows(lines);
    const uses = (await list('?q=night')).media[0].uses;
    expect(uses).toMatchObject({ rows: 1000, more: true });
    expect(uses.first.map((f) => f.externalId)).toEqual(['bulk-0', 'bulk-1', 'bulk-2']);
  });

  it('searches by file name, case-insensitively and with % and _ taken literally, or by a pasted URL or id', async () => {
    expect((await list('?q=STREET')).media.map((m) => m.name)).toEqual(['street-02.png', 'street-01.png']);
    expect((await list('?q=50%25_')).media.map((m) => m.name)).toEqual(['Night 50%_off.png']);
    expect((await list('?q=5_%25')).total).toBe(0);
    expect((await list(`?q=${encodeURIComponent(`https://triad.example/api/media/${ids['speech-01.wav']}`)}`)).media.map((m) => m.name)).toEqual(['speech-01.wav']);
    expect((await list(`?q=${ids['street-02.png'].slice(0, 10)}`)).media.map((m) => m.name)).toEqual(['street-02.png']);
    expect((await list('?q=nothing-like-this')).media).toEqual([]);
  });

  it('keeps images or audio only, and pages with a total and the next offset', async () => {
    expect((await list('?kind=audio')).media.map((m) => m.name)).toEqual(['speech-01.wav']);
    expect((await list('?kind=image')).total).toBe(3);
    const first = await list('?limit=3');
    expect([first.media.length, first.total, first.nextOffset]).toEqual([3, 4, 3]);
    const second = await list('?limit=3&offset=3');
    expect(second.media.map((m) => m.name)).toEqual(['street-01.png']);
    expect(second.nextOffset).toBeNull();
  });

  it('shows another project the name and time it uploaded the same bytes under, not the first uploader\'s', async () => {
    const theirs = (await otherLead.get<MediaListDto>(`/api/projects/${other}/media`)).body.media;
    expect(theirs.map((m) => [m.id, m.name])).toEqual([[ids['street-01.png'], 'theirs.png']]);
    const mine = (await list('?q=street-01')).media[0];
    expect(theirs[0].createdAt).toBeGreaterThan(mine.createdAt);
    // Uploading it again keeps the project's first name for it.
    expect((await upload(lead, pid, file('street-01.png'), 'renamed.png', 'image/png')).name).toBe('street-01.png');
  });

  it('is for the project\'s leads: a labeler is refused, an outsider does not learn the project exists', async () => {
    const a = await ann.get(`/api/projects/${pid}/media`);
    expect(a.status).toBe(403);
    expect(JSON.stringify(a.body)).not.toContain('street');
    expect((await outsider.get(`/api/projects/${pid}/media`)).status).toBe(404);
    expect((await otherLead.get(`/api/projects/${pid}/media?q=street`)).status).toBe(404);
  });

  it('answers a bad query with a 400 naming the parameter', async () => {
    for (const [q, word] of [['?limit=0', 'limit'], ['?limit=1000', 'limit'], ['?offset=-1', 'offset'], ['?kind=video', 'kind'], [`?q=${'x'.repeat(201)}`, 'q']]) {
      const r = await lead.get(`/api/projects/${pid}/media${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.message).toContain(word);
    }
  });
});
