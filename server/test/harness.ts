import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { boot, type Booted } from '../boot.js';
import { dropPgSchema } from '../db/connection.js';
import { hashPassword } from '../services/passwords.js';
import { insertUser, setExpertise } from '../repos/users.js';

/**
 * A fresh migrated database per call: SQLite in a temp directory, or, when DATABASE_URL is set, a new
 * Postgres schema dropped again by `close()`. Every server test file starts from one of these.
 */
export interface TestEnv extends Booted {
  clock: { now: number };
  close(): Promise<void>;
  /**
   * Creates a user directly in the database (fast: tests need many). They may start projects unless
   * `canCreateProjects: false`: most tests need a lead, and the right itself is tested in people-security.test.ts.
   */
  user(email: string, opts?: { admin?: boolean; expertise?: string[]; name?: string; password?: string; canCreateProjects?: boolean }): Promise<number>;
  /** Signs in through the API and returns a client carrying that session cookie. */
  login(email: string, password?: string): Promise<Client>;
  anon: Client;
}

export interface Res<T = any> { status: number; body: T }

export interface Client {
  cookie: string | null;
  get<T = any>(url: string): Promise<Res<T>>;
  post<T = any>(url: string, body?: unknown): Promise<Res<T>>;
  put<T = any>(url: string, body?: unknown): Promise<Res<T>>;
  patch<T = any>(url: string, body?: unknown): Promise<Res<T>>;
  del<T = any>(url: string): Promise<Res<T>>;
  raw(url: string, init?: RequestInit): Promise<Response>;
}

export const TEST_PASSWORD = 'correct horse battery';
let cachedHash: Promise<string> | null = null;

export const engineName = () => (process.env.DATABASE_URL ? 'postgres' : 'sqlite');

/**
 * Stops the env's server (SQLite: one writer per file) and boots a new one on its database, as a restart
 * does. The env's own close later finds its database closed already and only removes its files.
 */
export async function restartOn(env: TestEnv): Promise<Booted> {
  const close = env.database.close;
  let closed: Promise<void> | null = null;
  env.database.close = () => (closed ??= close());
  await env.database.close();
  return boot({ dataDir: env.deps.dataDir, databaseUrl: process.env.DATABASE_URL, pgSchema: env.database.pgSchema, seed: false });
}

/** `sqlite: true` for tests of the embedded database itself, whatever DATABASE_URL says. */
export async function createTestEnv(opts: { seed?: boolean; warmStatsMs?: number; sqlite?: boolean } = {}): Promise<TestEnv> {
  const url = opts.sqlite ? undefined : process.env.DATABASE_URL;
  const pgSchema = url ? `t_${randomUUID().replace(/-/g, '').slice(0, 16)}` : undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-test-'));
  const clock = { now: Date.UTC(2026, 10, 22, 9, 0, 0) };
  const booted = await boot({ dataDir, databaseUrl: url, pgSchema, seed: opts.seed ?? false, now: () => clock.now, warmStatsMs: opts.warmStatsMs });

  const client = (cookie: string | null): Client => {
    const raw = (url: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (cookie) headers.set('cookie', cookie);
      return Promise.resolve(booted.app.request(url, { ...init, headers }));
    };
    const call = async (method: string, url: string, body?: unknown) => {
      const r = await raw(url, {
        method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      const text = await r.text();
      let parsed: unknown = text;
      try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON: keep the text */ }
      return { status: r.status, body: parsed as any };
    };
    return {
      cookie, raw,
      get: (u) => call('GET', u), post: (u, b) => call('POST', u, b ?? {}), put: (u, b) => call('PUT', u, b ?? {}),
      patch: (u, b) => call('PATCH', u, b ?? {}), del: (u) => call('DELETE', u),
    };
  };

  const env: TestEnv = {
    ...booted,
    clock,
    anon: client(null),
    async user(email, o = {}) {
      cachedHash ??= hashPassword(TEST_PASSWORD);
      const passwordHash = o.password ? await hashPassword(o.password) : await cachedHash;
      const id = await insertUser(booted.deps.db, { email, name: o.name ?? email.split('@')[0], passwordHash, isAdmin: o.admin ?? false, canCreateProjects: o.canCreateProjects ?? true, now: clock.now });
      if (o.expertise?.length) await setExpertise(booted.deps.db, id, o.expertise);
      return id;
    },
    async login(email, password = TEST_PASSWORD) {
      const attempt = () => booted.app.request('/api/auth/login', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }),
      });
      let r = await attempt();
      // A loaded machine (CI, parallel test files) can fill the hash queue: wait as the sign-in page does.
      for (let tries = 0; r.status === 503 && tries < 30; tries++) {
        await new Promise((ok) => setTimeout(ok, Number(r.headers.get('retry-after') ?? 1) * 1000));
        r = await attempt();
      }
      if (r.status !== 200) throw new Error(`login of ${email} failed: ${r.status} ${await r.text()}`);
      return client(r.headers.get('set-cookie')!.split(';')[0]);
    },
    async close() {
      await booted.database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (url && pgSchema) await dropPgSchema(url, pgSchema);
    },
  };
  return env;
}

/** A small valid schema for tests that do not care about task types. */
export const simpleSchema = [{
  id: 'sentiment', type: 'classification', title: 'Sentiment',
  config: { field: 'text', labels: [{ value: 'pos', hotkey: '1' }, { value: 'neg', hotkey: '2' }] },
}];
