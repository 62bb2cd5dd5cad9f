import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withEnv } from './test/with-env.js';
import { createTestEnv, simpleSchema, type Client, type TestEnv } from './test/harness.js';
import { checkSettings, SettingsError } from './settings.js';

const MB = 1048576;


/** A body of `total` bytes produced only as it is read; `pulled()` says how much the server asked for. */
function lazyBody(total: number, head: Buffer = Buffer.alloc(0), chunk = 64 * 1024) {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(ctl) {
      if (sent >= total) return ctl.close();
      const n = Math.min(chunk, total - sent);
      const b = Buffer.alloc(n, 0x61);
      if (sent === 0) head.copy(b);
      sent += n;
      ctl.enqueue(b);
    },
  }, { highWaterMark: 0 });
  return { stream, pulled: () => sent };
}

const png = (w: number, h: number) => {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8); b.write('IHDR', 12, 'latin1'); b.writeUInt32BE(w, 16); b.writeUInt32BE(h, 20);
  return b;
};

/** A multipart form whose file part is produced lazily: the framing, then `fileBytes`, then the closing boundary. */
function lazyForm(fileBytes: number, head: Buffer) {
  const boundary = 'triadboundary';
  const open = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`);
  const close = Buffer.from(`\r\n--${boundary}--\r\n`);
  const file = lazyBody(fileBytes, head);
  const reader = file.stream.getReader();
  let stage = 0;
  const stream = new ReadableStream<Uint8Array>({
    async pull(ctl) {
      if (stage === 0) { stage = 1; return ctl.enqueue(open); }
      if (stage === 1) {
        const r = await reader.read();
        if (!r.done) return ctl.enqueue(r.value);
        stage = 2;
        return ctl.enqueue(close);
      }
      ctl.close();
    },
  }, { highWaterMark: 0 });
  return { stream, pulled: file.pulled, type: `multipart/form-data; boundary=${boundary}` };
}

const post = (c: Client, url: string, body: RequestInit['body'], headers: Record<string, string>) =>
  c.raw(url, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

/**
 * Sends `total` bytes to a real socket, stopping when the answer arrives: how much the client got to
 * send shows how much the server read. `declared` sends Content-Length, otherwise the body is chunked.
 */
function flood(port: number, path: string, total: number, declared: boolean): Promise<{ status: number; body: any; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (declared) headers['content-length'] = total;
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      answered = true;
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => { req.destroy(); resolve({ status: res.statusCode!, body: JSON.parse(text), sent }); });
    });
    req.on('error', (e) => { if (!answered) reject(e); });
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    chunk.write('{"email":"a@b.c","password":"');
    const pump = () => {
      while (!answered && sent < total) {
        const n = Math.min(chunk.length, total - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('request body limits', () => {
  let env: TestEnv;
  let lead: Client;
  let pid: number;
  let server: ReturnType<typeof serve>;
  let port: number;
  beforeAll(async () => {
    env = await createTestEnv();
    await env.user('lead@x.org', { admin: true });
    lead = await env.login('lead@x.org');
    pid = (await lead.post('/api/projects', { name: 'P', schema: simpleSchema })).body.project.id;
    server = serve({ fetch: env.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await env.close();
  });
  const sessions = async () => (await env.deps.db.selectFrom('sessions').select('id').execute()).length;
  const tmpFiles = () => (fs.existsSync(`${env.deps.dataDir}/tmp`) ? fs.readdirSync(`${env.deps.dataDir}/tmp`) : []);

  for (const declared of [true, false]) {
    it(`answers a 300 MB login body (${declared ? 'Content-Length' : 'chunked'}) with 413 after reading at most the limit`, async () => {
      const before = await sessions();
      const r = await flood(port, '/api/auth/login', 300 * MB, declared);
      expect(r.status).toBe(413);
      expect(r.body.error).toEqual({ code: 'too_large', message: 'the request body is too large: the limit is 1 MB (TRIAD_MAX_JSON_MB)' });
      // What the client got into the socket before the answer: the server stopped reading near the 1 MB limit.
      expect(r.sent).toBeLessThan(16 * MB);
      expect(await sessions()).toBe(before);
    });
  }

  it('applies TRIAD_MAX_JSON_MB to every JSON route, and a body under it still passes', async () => {
    await withEnv({ TRIAD_MAX_JSON_MB: '0.05' }, async () => {
      const big = { name: 'x'.repeat(60_000), schema: simpleSchema };
      const r = await post(lead, '/api/projects', JSON.stringify(big), { 'content-type': 'application/json' });
      expect(r.status).toBe(413);
      expect((await r.json() as any).error.message).toBe('the request body is too large: the limit is 0.05 MB (TRIAD_MAX_JSON_MB)');
      const body = lazyBody(10 * MB);
      const chunked = await post(lead, `/api/projects/${pid}/next`, body.stream, { 'content-type': 'application/json' });
      expect(chunked.status).toBe(413);
      expect(body.pulled()).toBeLessThan(MB);
    });
    const ok = await lead.post('/api/auth/login', { email: 'lead@x.org', password: 'x'.repeat(100) });
    expect(ok.status).toBe(401);
  });

  it('bounds a raw markdown guideline by TRIAD_MAX_GUIDELINE_MB, not the JSON limit', async () => {
    const text = '# Guide\n' + 'word '.repeat(300_000);
    const ok = await post(lead, `/api/projects/${pid}/guidelines?note=big`, text, { 'content-type': 'text/markdown' });
    expect(ok.status).toBe(201);
    await withEnv({ TRIAD_MAX_GUIDELINE_MB: '1' }, async () => {
      const body = lazyBody(50 * MB);
      const r = await post(lead, `/api/projects/${pid}/guidelines`, body.stream, { 'content-type': 'text/markdown' });
      expect(r.status).toBe(413);
      expect((await r.json() as any).error.message).toBe('the request body is too large: the limit is 1 MB (TRIAD_MAX_GUIDELINE_MB)');
      expect(body.pulled()).toBeLessThan(2 * MB);
    });
  });

  it('stops an import at TRIAD_MAX_IMPORT_MB, declared or chunked, leaving no rows and no temporary file', async () => {
    await withEnv({ TRIAD_MAX_IMPORT_MB: '1' }, async () => {
      const line = Buffer.from('{"id":"r","data":{"text":"hello"}}\n');
      const body = lazyBody(20 * MB, line);
      const r = await post(lead, `/api/projects/${pid}/imports?format=jsonl`, body.stream, { 'content-type': 'application/x-ndjson' });
      expect(r.status).toBe(413);
      expect((await r.json() as any).error).toEqual({ code: 'too_large', message: 'the request body is too large: the limit is 1 MB (TRIAD_MAX_IMPORT_MB)' });
      expect(body.pulled()).toBeLessThan(2 * MB);

      const declared = lazyBody(20 * MB, line);
      const d = await post(lead, `/api/projects/${pid}/imports?format=jsonl`, declared.stream, { 'content-type': 'application/x-ndjson', 'content-length': String(20 * MB) });
      expect(d.status).toBe(413);
      expect(declared.pulled()).toBe(0);
    });
    expect(await env.deps.db.selectFrom('rows').select('id').where('project_id', '=', pid).execute()).toEqual([]);
    expect(tmpFiles()).toEqual([]);
  });

  it('streams a multipart media upload and stops it at the kind limit, storing nothing', async () => {
    await withEnv({ TRIAD_MAX_IMAGE_MB: '0.1' }, async () => {
      const form = lazyForm(30 * MB, png(10, 10));
      const r = await post(lead, `/api/projects/${pid}/media`, form.stream, { 'content-type': form.type });
      expect(r.status).toBe(413);
      expect((await r.json() as any).error).toEqual({ code: 'too_large', message: 'image files are limited to 0.1 MB (TRIAD_MAX_IMAGE_MB)' });
      expect(form.pulled()).toBeLessThan(MB);
    });
    expect(await env.deps.db.selectFrom('media').select('id').execute()).toEqual([]);
    expect(tmpFiles()).toEqual([]);
  });

  it('caps the whole media body, whatever the form holds, at the larger media limit', async () => {
    await withEnv({ TRIAD_MAX_IMAGE_MB: '0.1', TRIAD_MAX_AUDIO_MB: '0.2' }, async () => {
      const declared = lazyBody(5 * MB, png(10, 10));
      const r = await post(lead, `/api/projects/${pid}/media`, declared.stream, { 'content-type': 'image/png', 'content-length': String(5 * MB) });
      expect(r.status).toBe(413);
      expect((await r.json() as any).error.message).toMatch(/the limit is 0\.26 MB \(TRIAD_MAX_AUDIO_MB\)$/);
      expect(declared.pulled()).toBe(0);
    });
  });

  it('accepts a multipart form with exactly one file, and refuses none or two without storing anything', async () => {
    const one = new FormData();
    one.append('note', 'a field beside the file');
    one.append('file', new Blob([new Uint8Array(png(3, 4))], { type: 'image/png' }), 'tiny.png');
    const ok = await post(lead, `/api/projects/${pid}/media`, one, {});
    expect(ok.status).toBe(201);
    expect((await ok.json() as any).media).toMatchObject({ mime: 'image/png', width: 3, height: 4 });
    expect((await env.deps.db.selectFrom('media').select('original_name').executeTakeFirstOrThrow()).original_name).toBe('tiny.png');

    const two = new FormData();
    two.append('a', new Blob([new Uint8Array(png(5, 5))], { type: 'image/png' }), 'a.png');
    two.append('b', new Blob([new Uint8Array(png(6, 6))], { type: 'image/png' }), 'b.png');
    const r2 = await post(lead, `/api/projects/${pid}/media`, two, {});
    expect(r2.status).toBe(400);
    expect((await r2.json() as any).error.message).toBe('file: send exactly one file (got 2)');

    const none = new FormData();
    none.append('note', 'no file');
    const r0 = await post(lead, `/api/projects/${pid}/media`, none, {});
    expect(r0.status).toBe(400);
    expect((await r0.json() as any).error.message).toBe('file: send exactly one file (got 0)');

    const broken = await post(lead, `/api/projects/${pid}/media`, 'not a form', { 'content-type': 'multipart/form-data; boundary=zz' });
    expect(broken.status).toBe(400);
    expect((await broken.json() as any).error.message).toMatch(/^the multipart form could not be read/);

    expect((await env.deps.db.selectFrom('media').select('id').execute()).length).toBe(1);
    expect(tmpFiles()).toEqual([]);
  });

  it('refuses a mistyped limit setting at start, naming it', () => withEnv({ TRIAD_MAX_JSON_MB: 'lots' }, () => {
    expect(() => checkSettings()).toThrow(SettingsError);
    expect(() => checkSettings()).toThrow('TRIAD_MAX_JSON_MB: expected a size in MB (a positive number), got "lots"');
  }));
});
