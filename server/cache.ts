/**
 * Short-lived in-process caches for what nearly every request reads before its work: the session's user
 * (with expertise), the caller's roles in a project, a project's parsed schema, settings and current
 * guideline version, and the guideline versions a person acknowledged.
 *
 * Consistency: this process's own writes invalidate the affected entries at once (the repos that write
 * sessions, users, expertise, members, projects and guidelines call the `forget*` functions below), so
 * logout, disabling a user, a password reset, a role change or a project edit takes effect on the very next
 * request here. On Postgres every change, whichever process or script made it, is also announced when it
 * commits (migration 2026-12-07T17-cache-notify) and each process drops the entries concerned as the
 * announcement arrives (`followChanges`); entries then live SHARED_CACHE_TTL_MS, a backstop only. Without
 * the announcements (SQLite, where the CLI may write beside the server, or while the listening connection
 * is down) entries live CACHE_TTL_MS: writes made behind a process's back are seen within that. A person
 * labeling sends a request every few seconds, so only the long life spares their requests these reads.
 * Session expiry never waits for the TTL: every hit re-checks `expires_at` against the request's clock.
 * Only positive results are cached: an unknown session or a non-member is always read from the database.
 */
import type { Kysely } from 'kysely';
import type { DB } from './db/types.js';
import type { SessionUser } from './context.js';
import type { Role } from '@shared/project.js';
import type { ChangeHandlers } from './db/change-feed.js';

export const CACHE_TTL_MS = 1500;
export const SHARED_CACHE_TTL_MS = 60_000;
// Bounds memory if many sessions or projects are touched; clearing everything then is simpler than LRU and rare.
const MAX_ENTRIES = 50_000;

class TtlMap<K, V> {
  private m = new Map<K, { v: V; at: number }>();

  constructor(private readonly ttlMs: () => number) {}

  get(k: K): V | undefined {
    const e = this.m.get(k);
    if (!e) return undefined;
    // Monotonic real time, not the request clock: tests move `deps.now()` freely, the TTL must not follow it.
    if (performance.now() - e.at > this.ttlMs()) {
      this.m.delete(k);
      return undefined;
    }
    return e.v;
  }

  set(k: K, v: V): void {
    if (this.m.size >= MAX_ENTRIES) this.m.clear();
    this.m.set(k, { v, at: performance.now() });
  }

  delete(k: K): void {
    this.m.delete(k);
  }

  deleteWhere(pred: (k: K, v: V) => boolean): void {
    for (const [k, e] of this.m) if (pred(k, e.v)) this.m.delete(k);
  }

  clear(): void {
    this.m.clear();
  }
}

export interface CachedProject<P> { project: P; guidelineVersion: number | null }

interface Caches {
  /** By raw session token: the token never leaves this process's memory, and a hit then needs no hash. */
  sessions: TtlMap<string, { user: SessionUser; expiresAt: number }>;
  roles: TtlMap<string, Role[]>;
  projects: TtlMap<number, CachedProject<unknown>>;
  /** API tokens by the SHA-256 of the secret: only live ones, with their owner. */
  tokens: TtlMap<string, CachedToken>;
  /**
   * Guideline versions people acknowledged, as `project:user:version`: a fact that stays true (nothing
   * withdraws an acknowledgement), so kept without a TTL; only a deleted project's go (forgetProject).
   */
  acks: Set<string>;
  /** CACHE_TTL_MS, or SHARED_CACHE_TTL_MS while this database's changes are announced to this process. */
  ttlMs: number;
}

/** A live API token as a request uses it: its owner, its limits and when it stops working. */
export interface CachedToken {
  id: number;
  user: SessionUser;
  projectId: number | null;
  readOnly: boolean;
  expiresAt: number;
}

// Per database: tests run many databases in one process and their ids overlap.
const byDb = new WeakMap<Kysely<DB>, Caches>();
// Invalidations come from repos that may hold a transaction rather than the database they belong to, so
// they apply to every live cache: a few needless misses in tests, and exactly one cache in a server.
const live = new Set<WeakRef<Caches>>();

/**
 * Bumped by every invalidation. A load that began before an invalidation may have read the old value; it
 * is then not stored (it is still returned: that request raced the write and may see either side of it).
 */
let epoch = 0;

function cachesOf(db: Kysely<DB>): Caches {
  let c = byDb.get(db);
  if (!c) {
    const ttl = () => c!.ttlMs;
    c = { sessions: new TtlMap(ttl), roles: new TtlMap(ttl), projects: new TtlMap(ttl), tokens: new TtlMap(ttl), acks: new Set(), ttlMs: CACHE_TTL_MS };
    byDb.set(db, c);
    live.add(new WeakRef(c));
  }
  return c;
}

function each(fn: (c: Caches) => void): void {
  epoch++;
  for (const ref of live) {
    const c = ref.deref();
    if (c) fn(c);
    else live.delete(ref);
  }
}

async function through<K, V>(map: TtlMap<K, V>, key: K, load: () => Promise<V | undefined>): Promise<V | undefined> {
  const hit = map.get(key);
  if (hit !== undefined) return hit;
  const started = epoch;
  const v = await load();
  if (v !== undefined && started === epoch) map.set(key, v);
  return v;
}

export async function cachedSession(
  db: Kysely<DB>, token: string, now: number, load: () => Promise<{ user: SessionUser; expiresAt: number } | undefined>,
): Promise<SessionUser | undefined> {
  const map = cachesOf(db).sessions;
  const hit = map.get(token);
  if (hit) {
    if (hit.expiresAt > now) return hit.user;
    map.delete(token);
    return undefined;
  }
  const s = await through(map, token, load);
  return s && s.expiresAt > now ? s.user : undefined;
}

export async function cachedRoles(db: Kysely<DB>, projectId: number, userId: number, load: () => Promise<Role[]>): Promise<Role[]> {
  return (await through(cachesOf(db).roles, `${projectId}:${userId}`, async () => {
    const r = await load();
    return r.length ? r : undefined;
  })) ?? [];
}

export async function cachedProject<P>(db: Kysely<DB>, id: number, load: () => Promise<CachedProject<P> | undefined>): Promise<CachedProject<P> | undefined> {
  return through(cachesOf(db).projects as TtlMap<number, CachedProject<P>>, id, load);
}

/**
 * A token by its digest: a hit is re-checked against the request's clock, as a session is; only live tokens
 * are cached, so an unknown, revoked or expired one is read (and explained) from the database every time.
 */
export async function cachedToken(db: Kysely<DB>, digest: string, now: number, load: () => Promise<CachedToken | undefined>): Promise<CachedToken | undefined> {
  const map = cachesOf(db).tokens;
  const hit = map.get(digest);
  if (hit && hit.expiresAt > now) return hit;
  // An expired hit is read again, so the caller can say "expired" rather than "unknown".
  if (hit) map.delete(digest);
  const t = await through(map, digest, load);
  return t && t.expiresAt > now ? t : undefined;
}

/**
 * Whether the person acknowledged this guideline version (the workbench asks on every task and submit).
 * Once they have, it is remembered; until then every call reads, so an acknowledgement made through any
 * process counts at once.
 */
export async function cachedAck(db: Kysely<DB>, projectId: number, userId: number, version: number, load: () => Promise<boolean>): Promise<boolean> {
  const acks = cachesOf(db).acks;
  const key = `${projectId}:${userId}:${version}`;
  if (acks.has(key)) return true;
  const yes = await load();
  if (yes) {
    if (acks.size >= MAX_ENTRIES) acks.clear();
    acks.add(key);
  }
  return yes;
}

/** A token was revoked. */
export function forgetToken(digest: string): void {
  each((c) => c.tokens.delete(digest));
}

/** A session ended (logout). */
export function forgetSession(token: string): void {
  each((c) => c.sessions.delete(token));
}

/** A user changed (name, admin, disabled, expertise, password, sessions dropped): all their sessions reload. */
export function forgetUser(userId: number): void {
  each((c) => {
    c.sessions.deleteWhere((_, s) => s.user.id === userId);
    c.tokens.deleteWhere((_, t) => t.user.id === userId);
  });
}

/** Someone's roles in a project changed. */
export function forgetMember(projectId: number, userId: number): void {
  each((c) => c.roles.delete(`${projectId}:${userId}`));
}

/** A project's schema, settings or guideline changed, or it was deleted (then its memberships go too). */
export function forgetProject(projectId: number): void {
  const prefix = `${projectId}:`;
  each((c) => {
    c.projects.delete(projectId);
    c.roles.deleteWhere((k) => k.startsWith(prefix));
    // A deleted project's id may come back on SQLite: its acknowledgements must not.
    for (const k of c.acks) if (k.startsWith(prefix)) c.acks.delete(k);
  });
}

/**
 * Applies a database's change announcements (db/change-feed.ts) to its caches. While announcements flow,
 * entries live long; whenever they may have been missed (before listening, after a lost connection),
 * everything cached is dropped and entries live CACHE_TTL_MS again.
 */
export function followChanges(db: Kysely<DB>): ChangeHandlers {
  const reset = (ttlMs: number) => {
    epoch++;
    const c = cachesOf(db);
    c.ttlMs = ttlMs;
    for (const m of [c.sessions, c.roles, c.projects, c.tokens]) m.clear();
  };
  return {
    up: () => reset(SHARED_CACHE_TTL_MS),
    down: () => reset(CACHE_TTL_MS),
    change: (payload) => {
      const [kind, a, b] = payload.split(':');
      if (kind === 'u') forgetUser(Number(a));
      else if (kind === 'm') forgetMember(Number(a), Number(b));
      else if (kind === 'p') forgetProject(Number(a));
      else if (kind === 't') forgetToken(payload.slice(2));
    },
  };
}
