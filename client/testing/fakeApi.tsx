import type { ReactNode } from 'react';
import { cleanup, render } from '@testing-library/react';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { afterEach, beforeEach, vi } from 'vitest';
import type { SessionUser } from '../api/endpoints';
import { resetStore, useStore } from '../store';

export interface FakeCall {
  method: string;
  path: string;
  body: unknown;
}

/** A reply with a status other than 200; anything else a handler returns is a 200 body. */
export class Reply {
  constructor(readonly status: number, readonly body: unknown) {}
}
type Handler = (call: FakeCall, params: Record<string, string>) => unknown;

/**
 * A fake of the API at the network boundary: `fetch` is replaced by a table of `"METHOD /api/path"`
 * patterns (`:name` segments match anything). A handler returns a body (status 200) or `{status, body}`.
 * Unmatched requests answer 404 in the server's error shape, so a test sees what it forgot to fake.
 */
export function fakeApi(routes: Record<string, Handler>) {
  const calls: FakeCall[] = [];
  const table = Object.entries(routes).map(([key, handler]) => {
    const [method, pattern] = key.split(' ');
    const names: string[] = [];
    const re = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, n: string) => (names.push(n), '([^/]+)'))}$`);
    return { method, re, names, handler };
  });
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://triad.test');
    const method = (init.method ?? 'GET').toUpperCase();
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    const call = { method, path: url.pathname, body };
    calls.push(call);
    for (const r of table) {
      const m = r.method === method ? r.re.exec(url.pathname) : null;
      if (!m) continue;
      const params = Object.fromEntries(r.names.map((n, i) => [n, m[i + 1]]));
      const out = r.handler(call, params);
      const reply = out instanceof Reply ? out : new Reply(200, out);
      return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'content-type': 'application/json' } });
    }
    return new Response(JSON.stringify({ error: { code: 'not_found', message: `no fake for ${method} ${url.pathname}` } }), { status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock, callsTo: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path) };
}

export const apiError = (status: number, code: string, message: string, details?: unknown) =>
  new Reply(status, { error: { code, message, ...(details === undefined ? {} : { details }) } });

/** Renders inside an in-memory router at `path`; `location.history` records every navigation. */
export function renderAt(ui: ReactNode, path = '/') {
  const [pathname, search = ''] = path.split('?');
  const location = memoryLocation({ path: pathname, searchPath: search, record: true });
  const result = render(<Router hook={location.hook} searchHook={location.searchHook}>{ui}</Router>);
  return { ...result, location };
}

export const demoUser = (over: Partial<SessionUser> = {}): SessionUser => ({
  id: 1, email: 'lead@triad.test', name: 'Lena Lead', isAdmin: true, expertise: [], canCreateProjects: true, ...over,
});

/** Each test of the file starts from a fresh store, signed in as `user`, and leaves no DOM or stubbed global behind. */
export function signedInEachTest(user: Partial<SessionUser> = {}): void {
  beforeEach(() => {
    resetStore();
    useStore.setState({ user: demoUser(user), sessionStatus: 'signedIn' });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });
}
