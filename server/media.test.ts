import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, simpleSchema, type Client, type TestEnv } from './test/harness.js';
import { contradicts, imageSize, sniff } from './services/media-store.js';
import { bucketCount, PeakFolder } from './services/peaks.js';

/** A 16-bit mono PCM WAV: a 440 Hz sine at half amplitude for `seconds`, then silence for `silence`. */
export function makeWav(seconds: number, silence = 0, rate = 8000): Buffer {
  const n = Math.round((seconds + silence) * rate);
  const b = Buffer.alloc(44 + n * 2);
  b.write('RIFF', 0, 'latin1'); b.writeUInt32LE(36 + n * 2, 4); b.write('WAVE', 8, 'latin1');
  b.write('fmt ', 12, 'latin1'); b.writeUInt32LE(16, 16); b.writeUInt16LE(1, 20); b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24); b.writeUInt32LE(rate * 2, 28); b.writeUInt16LE(2, 32); b.writeUInt16LE(16, 34);
  b.write('data', 36, 'latin1'); b.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) {
    const v = i < seconds * rate ? Math.round(16383 * Math.sin((2 * Math.PI * 440 * i) / rate)) : 0;
    b.writeInt16LE(v, 44 + i * 2);
  }
  return b;
}

function png(w: number, h: number): Buffer {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8); b.write('IHDR', 12, 'latin1'); b.writeUInt32BE(w, 16); b.writeUInt32BE(h, 20);
  return b;
}
function jpeg(w: number, h: number): Buffer {
  // SOI, an APP0 segment to skip, then SOF0 with the frame size.
  return Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, h >> 8, h & 255, w >> 8, w & 255, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
}

describe('sniffing and headers (pure)', () => {
  it('recognises each supported type from its magic bytes', () => {
    expect(sniff(png(1, 1))!.mime).toBe('image/png');
    expect(sniff(jpeg(1, 1))!.mime).toBe('image/jpeg');
    expect(sniff(Buffer.from('GIF89a\x10\x00\x20\x00', 'latin1'))!.mime).toBe('image/gif');
    expect(sniff(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))!.mime).toBe('image/webp');
    expect(sniff(makeWav(0.01))!.mime).toBe('audio/wav');
    expect(sniff(Buffer.from('ID3\x04\0\0\0\0\0\0', 'latin1'))!.mime).toBe('audio/mpeg');
    expect(sniff(Buffer.from('OggS\0\x02', 'latin1'))!.mime).toBe('audio/ogg');
    expect(sniff(Buffer.from('fLaC\0\0\0\x22', 'latin1'))!.mime).toBe('audio/flac');
    expect(sniff(Buffer.from('<html><body>hello</body></html>'))).toBeNull();
  });
  it('reads image sizes from PNG, JPEG and GIF headers', () => {
    expect(imageSize(png(640, 400), 'image/png')).toEqual({ width: 640, height: 400 });
    expect(imageSize(jpeg(1024, 768), 'image/jpeg')).toEqual({ width: 1024, height: 768 });
    expect(imageSize(Buffer.from('GIF89a\x10\x00\x20\x00', 'latin1'), 'image/gif')).toEqual({ width: 16, height: 32 });
    const seeded = fs.readFileSync('server/seed/media/street-01.png');
    expect(imageSize(seeded, 'image/png')).toEqual({ width: seeded.readUInt32BE(16), height: seeded.readUInt32BE(20) });
  });
  it('treats generic content types as no claim and aliases as the same type', () => {
    const wav = sniff(makeWav(0.01))!;
    expect(contradicts('application/octet-stream', wav)).toBe(false);
    expect(contradicts('audio/x-wav', wav)).toBe(false);
    expect(contradicts('image/png', wav)).toBe(true);
  });
  it('folds peaks into min/max buckets', () => {
    const f = new PeakFolder();
    const ch = new Float32Array(48000);
    for (let i = 0; i < ch.length; i++) ch[i] = i < 24000 ? (i % 2 ? 0.5 : -0.25) : 0;
    f.add([ch], 48000);
    const p = f.finish();
    expect(p.duration).toBe(1);
    // One second: 100 cells of 10 ms, fewer than the 2,000-bucket floor, so one bucket per cell.
    expect(p.peaks[0]).toHaveLength(200);
    expect(p.peaks[0].slice(0, 2)).toEqual([-0.25, 0.5]);
    expect(p.peaks[0].slice(-2)).toEqual([0, 0]);
    expect(bucketCount(3600)).toBe(8000);
    expect(bucketCount(10)).toBe(2000);
  });
});

describe('media upload and serving', () => {
  let env: TestEnv;
  let lead: Client;
  let pid: number;
  beforeEach(async () => {
    env = await createTestEnv();
    await env.user('lead@x.org');
    lead = await env.login('lead@x.org');
    pid = (await lead.post('/api/projects', { name: 'P', schema: simpleSchema })).body.project.id;
  });
  afterEach(async () => env.close());
  const upload = (body: Buffer, type = 'application/octet-stream', c = lead) =>
    c.raw(`/api/projects/${pid}/media?name=f.bin`, { method: 'POST', body, headers: { 'content-type': type } });

  it('lists the project\'s media newest first, paged, for leads only', async () => {
    const ids: string[] = [];
    for (let k = 0; k < 3; k++) {
      const r = await upload(Buffer.concat([png(10 + k, 20), Buffer.alloc(10, k)]), 'image/png');
      ids.push((await r.json() as any).media.id);
      // Distinct upload times so "newest first" is observable (the project's link holds when it uploaded the file).
      await env.deps.db.updateTable('media_projects').set({ added_at: 1_000_000 + k * 1000 }).where('media_id', '=', ids[k]).execute();
    }
    const first = await lead.get(`/api/projects/${pid}/media?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 3, nextOffset: 2 });
    expect(first.body.media.map((m: any) => m.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.media[0]).toEqual({
      id: ids[2], url: `/api/media/${ids[2]}`, name: 'f.bin', mime: 'image/png', size: expect.any(Number), width: 12, height: 20, duration: null, peaks: false,
      createdAt: 1_002_000, uses: { rows: 0, more: false, first: [] },
    });
    const second = await lead.get(`/api/projects/${pid}/media?limit=2&offset=2`);
    expect(second.body).toMatchObject({ total: 3, nextOffset: null, media: [{ id: ids[0] }] });
    expect((await lead.get(`/api/projects/${pid}/media?limit=0`)).status).toBe(400);
    await env.user('ann@x.org');
    await lead.post(`/api/projects/${pid}/members`, { email: 'ann@x.org', roles: ['annotator'] });
    expect((await (await env.login('ann@x.org')).get(`/api/projects/${pid}/media`)).status).toBe(403);
  });

  it('stores an image with its size, content-addressed, and serves it with caching headers and ranges', async () => {
    const bytes = Buffer.concat([png(320, 200), Buffer.alloc(100, 7)]);
    const r = await upload(bytes, 'image/png');
    expect(r.status).toBe(201);
    const { media } = await r.json() as any;
    expect(media).toMatchObject({ mime: 'image/png', width: 320, height: 200, size: bytes.length, url: `/api/media/${media.id}`, peaks: false });
    expect((await (await upload(bytes)).json() as any).media.id).toBe(media.id);
    const got = await lead.raw(media.url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('cache-control')).toMatch(/immutable/);
    expect(got.headers.get('etag')).toBe(`"${media.id}"`);
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await lead.raw(media.url, { headers: { 'if-none-match': `"${media.id}"` } })).status).toBe(304);
    const part = await lead.raw(media.url, { headers: { range: 'bytes=1-3' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1-3/${bytes.length}`);
    expect([...Buffer.from(await part.arrayBuffer())]).toEqual([0x50, 0x4e, 0x47]);
    // An imported row can now reference it.
    const imp = await lead.raw(`/api/projects/${pid}/imports`, { method: 'POST', body: JSON.stringify({ data: { text: 'x', image: media.url } }) });
    expect(imp.status).toBe(200);
  });

  it('refuses unknown types and a content type that contradicts the bytes with 415', async () => {
    const html = await upload(Buffer.from('<!doctype html><html><body>not an image</body></html>'), 'image/png');
    expect(html.status).toBe(415);
    expect((await html.json() as any).error).toMatchObject({ code: 'unsupported_media', message: expect.stringMatching(/unsupported file type/) });
    const lie = await upload(makeWav(0.1), 'image/jpeg');
    expect(lie.status).toBe(415);
    expect((await lie.json() as any).error.message).toBe('the file is WAV (audio/wav) but was sent as image/jpeg');
    expect(await env.deps.db.selectFrom('media').selectAll().execute()).toEqual([]);
    expect(fs.readdirSync(`${env.deps.dataDir}/tmp`)).toEqual([]);
  });

  it('enforces the size limit of the sniffed kind', async () => {
    process.env.TRIAD_MAX_IMAGE_MB = '0.001';
    try {
      const r = await upload(Buffer.concat([png(10, 10), Buffer.alloc(5000)]));
      expect(r.status).toBe(413);
      expect((await r.json() as any).error.message).toMatch(/image files are limited/);
      expect((await upload(makeWav(0.5))).status).toBe(201);
    } finally {
      delete process.env.TRIAD_MAX_IMAGE_MB;
    }
  });

  it('computes peaks of a WAV on upload, and accepts a multipart form', async () => {
    const wav = makeWav(2, 2);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(wav)], { type: 'audio/wav' }), 'tone.wav');
    const r = await lead.raw(`/api/projects/${pid}/media`, { method: 'POST', body: form });
    expect(r.status).toBe(201);
    const { media } = await r.json() as any;
    expect(media).toMatchObject({ mime: 'audio/wav', peaks: true, duration: 4 });
    const row = await env.deps.db.selectFrom('media').select('original_name').where('id', '=', media.id).executeTakeFirstOrThrow();
    expect(row.original_name).toBe('tone.wav');
    const p = await lead.get(`/api/media/${media.id}/peaks`);
    expect(p.status).toBe(200);
    const peaks: number[] = p.body.peaks[0];
    expect(peaks).toHaveLength(400 * 2);
    // First half: the tone at ±0.5; second half: silence.
    expect(Math.max(...peaks.slice(0, 400))).toBeCloseTo(0.5, 2);
    expect(Math.min(...peaks.slice(0, 400))).toBeCloseTo(-0.5, 2);
    expect(peaks.slice(400).every((v) => v === 0)).toBe(true);
  });

  it('computes the peaks of stored audio without them on first request (seeded demo WAVs)', async () => {
    const { storeMedia } = await import('./services/media-store.js');
    const id = await storeMedia(env.deps, { bytes: fs.readFileSync('server/seed/media/speech-01.wav'), mime: 'audio/wav', name: 's.wav', projectId: pid, userId: null });
    const p = await lead.get(`/api/media/${id}/peaks`);
    expect(p.status).toBe(200);
    expect(p.body.duration).toBeGreaterThan(1);
    expect(p.body.peaks[0].length).toBeGreaterThan(100);
    const stored = await env.deps.db.selectFrom('media').select(['peaks_json', 'duration']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.peaks_json!)).toEqual(p.body.peaks);
  });

  it('hides project media from non-members (404) and refuses uploads by non-leads', async () => {
    const { media } = await (await upload(png(2, 2))).json() as any;
    await env.user('out@x.org');
    const out = await env.login('out@x.org');
    expect((await out.raw(media.url)).status).toBe(404);
    expect((await out.get(`/api/media/${media.id}/peaks`)).status).toBe(404);
    expect((await upload(png(3, 3), 'image/png', out)).status).toBe(404);
    await env.user('ann@x.org');
    await lead.post(`/api/projects/${pid}/members`, { email: 'ann@x.org', roles: ['annotator'] });
    const ann = await env.login('ann@x.org');
    expect((await ann.raw(media.url)).status).toBe(200);
    expect((await upload(png(3, 3), 'image/png', ann)).status).toBe(403);
  });
});
