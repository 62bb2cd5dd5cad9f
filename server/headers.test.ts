import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withEnv } from './test/with-env.js';
import { createTestEnv, type TestEnv } from './test/harness.js';
import { serveClient } from './client-files.js';
import { createApp } from './app.js';

function expectSecurityHeaders(r: Response) {
  const csp = r.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  expect(r.headers.get('x-frame-options')).toBe('DENY');
  expect(r.headers.get('referrer-policy')).toBe('same-origin');
}

describe('security headers and the built client', () => {
  let env: TestEnv;
  let dist: string;
  beforeAll(async () => {
    env = await createTestEnv();
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-dist-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Triad</title><script type="module" src="/assets/app.js"></script>');
    fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
    serveClient(env.app, dist);
  });
  afterAll(async () => {
    await env.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('puts them on JSON answers, errors included', async () => {
    const health = await env.app.request('/api/health');
    expect(health.status).toBe(200);
    expectSecurityHeaders(health);
    const unauthorized = await env.app.request('/api/auth/me');
    expect(unauthorized.status).toBe(401);
    expectSecurityHeaders(unauthorized);
    const tooLarge = await env.app.request('/api/auth/login', { method: 'POST', body: 'x'.repeat(2 * 1048576), headers: { 'content-type': 'application/json' } });
    expect(tooLarge.status).toBe(413);
    expectSecurityHeaders(tooLarge);
  });

  it('puts them on the page and its assets', async () => {
    for (const p of ['/', '/projects/3/label', '/index.html']) {
      const page = await env.app.request(p);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(await page.text()).toContain('<title>Triad</title>');
      expectSecurityHeaders(page);
    }
    // A rebuild while the server runs is picked up on the next page load.
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Triad rebuilt</title>');
    fs.utimesSync(path.join(dist, 'index.html'), new Date(), new Date(Date.now() + 5000));
    expect(await (await env.app.request('/projects/1')).text()).toContain('Triad rebuilt');
    const asset = await env.app.request('/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expectSecurityHeaders(asset);
  });

  it('answers an unknown /api path with 404 JSON, never the page', async () => {
    await env.user('someone@x.org');
    const signedIn = await env.login('someone@x.org');
    const anon = async (p: string, method: string) => env.app.request(p, { method });
    const asked: [Promise<Response>, string][] = [
      [anon('/api/nope', 'GET'), 'GET /api/nope'], [anon('/api', 'GET'), 'GET /api'], [anon('/api/nope/deeper', 'POST'), 'POST /api/nope/deeper'],
      [signedIn.raw('/api/projects/1/nope'), 'GET /api/projects/1/nope'],
    ];
    for (const [answer, what] of asked) {
      const r = await answer;
      expect(r.status, what).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expect((await r.json() as any).error.code).toBe('not_found');
      expectSecurityHeaders(r);
    }
    const missingAsset = await env.app.request('/assets/gone.js');
    expect(missingAsset.status).toBe(404);
    expect(missingAsset.headers.get('content-type')).not.toMatch(/html/);
  });

  it('sends HSTS only when TRIAD_PUBLIC_URL says people come over https', async () => {
    expect((await env.app.request('/api/health')).headers.get('strict-transport-security')).toBeNull();
    await withEnv({ TRIAD_PUBLIC_URL: 'https://triad.example.com' }, async () => {
      const app = createApp(env.deps);
      expect((await app.request('/api/health')).headers.get('strict-transport-security')).toBe('max-age=15552000');
    });
  });

  it('the client page carries no inline script, so script-src self needs no exception', () => {
    const html = fs.readFileSync('client/index.html', 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });
});
