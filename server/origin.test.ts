import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withEnv } from './test/with-env.js';
import { createTestEnv, type TestEnv } from './test/harness.js';

/** A write (logout needs no session) from `origin` to the server at `url`; the status says whether the Origin check let it through. */
async function write(env: TestEnv, origin: string, url = 'http://localhost/api/auth/logout', headers: Record<string, string> = {}) {
  const r = await env.app.request(url, { method: 'POST', headers: { origin, ...headers } });
  return { status: r.status, message: r.status === 200 ? null : ((await r.json()) as any).error.message as string };
}


describe('the Origin check compares scheme, host and port', () => {
  let env: TestEnv;
  beforeAll(async () => { env = await createTestEnv(); });
  afterAll(async () => env.close());

  it('without TRIAD_PUBLIC_URL, accepts only the request\'s own origin', async () => {
    expect((await write(env, 'http://localhost')).status).toBe(200);
    expect((await write(env, 'http://localhost:80')).status).toBe(200);
    expect((await write(env, 'http://localhost:3000', 'http://localhost:3000/api/auth/logout')).status).toBe(200);
    const https = await write(env, 'https://localhost');
    expect(https.status).toBe(403);
    expect(https.message).toBe('cross-origin write from https://localhost refused: this server is http://localhost (behind a proxy, set TRIAD_PUBLIC_URL to the address people open)');
    expect((await write(env, 'http://localhost:8080')).status).toBe(403);
    expect((await write(env, 'http://evil.example')).status).toBe(403);
    expect((await write(env, 'http://localhost:3000', 'http://localhost:3001/api/auth/logout')).status).toBe(403);
  });

  it('does not take the scheme from X-Forwarded-Proto, which anyone can send', async () => {
    expect((await write(env, 'https://localhost', undefined, { 'x-forwarded-proto': 'https' })).status).toBe(403);
  });

  it('refuses opaque and malformed origins, and lets Origin-less clients through', async () => {
    expect((await write(env, 'null')).status).toBe(403);
    expect((await write(env, 'not a url')).status).toBe(403);
    expect((await env.app.request('http://localhost/api/auth/logout', { method: 'POST' })).status).toBe(200);
  });

  it('with TRIAD_PUBLIC_URL, accepts exactly its origin (behind a TLS proxy the connection itself is http)', async () => {
    await withEnv({ TRIAD_PUBLIC_URL: 'https://triad.example.com' }, async () => {
      expect((await write(env, 'https://triad.example.com')).status).toBe(200);
      expect((await write(env, 'https://triad.example.com:443')).status).toBe(200);
      const plain = await write(env, 'http://triad.example.com');
      expect(plain.status).toBe(403);
      expect(plain.message).toBe('cross-origin write from http://triad.example.com refused: this server is https://triad.example.com (open Triad at that address, or add this origin to TRIAD_ALLOWED_ORIGINS)');
      expect((await write(env, 'https://triad.example.com:8443')).status).toBe(403);
      // The request's own origin no longer counts: people must come through the proxy's address.
      expect((await write(env, 'http://localhost')).status).toBe(403);
    });
  });

  it('adds TRIAD_ALLOWED_ORIGINS, compared as origins too', async () => {
    await withEnv({ TRIAD_PUBLIC_URL: 'https://triad.example.com', TRIAD_ALLOWED_ORIGINS: 'https://tools.example.com, http://localhost:5173/' }, async () => {
      expect((await write(env, 'https://tools.example.com')).status).toBe(200);
      expect((await write(env, 'http://localhost:5173')).status).toBe(200);
      expect((await write(env, 'http://tools.example.com')).status).toBe(403);
      expect((await write(env, 'http://localhost:5174')).status).toBe(403);
    });
  });
});
