/**
 * Instance settings read from the environment. Read on use (not once at import) so a test can change
 * one for a single case; each parse is memoised on the raw value. `checkSettings()` reads them all at
 * start, so a mistyped value stops the server with its name instead of failing the first request.
 */

import os from 'node:os';

export class SettingsError extends Error {}

const MB = 1048576;

function memo<T>(parse: (raw: string | undefined) => T): (raw: string | undefined) => T {
  let last: { raw: string | undefined; value: T } | null = null;
  return (raw) => {
    if (!last || last.raw !== raw) last = { raw, value: parse(raw) };
    return last.value;
  };
}

function megabytes(name: string, fallbackMb: number): () => number {
  const parse = memo((raw) => {
    if (raw === undefined || raw.trim() === '') return fallbackMb * MB;
    const mb = Number(raw);
    if (!Number.isFinite(mb) || mb <= 0) throw new SettingsError(`${name}: expected a size in MB (a positive number), got "${raw}"`);
    return Math.floor(mb * MB);
  });
  return () => parse(process.env[name]);
}

/** A body limit: its size in bytes and the variable that sets it, named in every 413. */
export interface Limit { bytes: number; setting: string }

const jsonBytes = megabytes('TRIAD_MAX_JSON_MB', 1);
const guidelineBytes = megabytes('TRIAD_MAX_GUIDELINE_MB', 8);
const importBytes = megabytes('TRIAD_MAX_IMPORT_MB', 1024);
const imageBytes = megabytes('TRIAD_MAX_IMAGE_MB', 50);
const audioBytes = megabytes('TRIAD_MAX_AUDIO_MB', 500);

export const limits = {
  /** Every body not listed below: JSON, and guideline markdown sent raw. */
  json: (): Limit => ({ bytes: jsonBytes(), setting: 'TRIAD_MAX_JSON_MB' }),
  /** A guideline (JSON or raw markdown), held whole: its text is at most 2 million characters. */
  guideline: (): Limit => ({ bytes: guidelineBytes(), setting: 'TRIAD_MAX_GUIDELINE_MB' }),
  /** An import file, streamed to a temporary file. */
  import: (): Limit => ({ bytes: importBytes(), setting: 'TRIAD_MAX_IMPORT_MB' }),
  image: (): Limit => ({ bytes: imageBytes(), setting: 'TRIAD_MAX_IMAGE_MB' }),
  audio: (): Limit => ({ bytes: audioBytes(), setting: 'TRIAD_MAX_AUDIO_MB' }),
};

/** "1 MB", "0.05 MB": in the unit of the settings, so the number can be compared with the setting. */
export function formatSize(bytes: number): string {
  const mb = bytes / MB;
  return `${mb >= 1 ? +mb.toFixed(2) : +mb.toPrecision(2)} MB`;
}

export const tooLargeMessage = (what: string, limit: Limit) =>
  `${what} is too large: the limit is ${formatSize(limit.bytes)} (${limit.setting})`;

const parsePublicUrl = memo((raw): URL | null => {
  if (raw === undefined || raw.trim() === '') return null;
  let url: URL;
  try { url = new URL(raw.trim()); } catch { throw new SettingsError(`TRIAD_PUBLIC_URL: expected the address people open, like https://triad.example.com, got "${raw}"`); }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SettingsError(`TRIAD_PUBLIC_URL: expected an http or https address, got "${raw}"`);
  // The app is served from the root of its host: a path would make cookies and links disagree with it.
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new SettingsError(`TRIAD_PUBLIC_URL: expected an address without path, query or credentials (Triad is served from the root), got "${raw}"`);
  }
  return url;
});

/**
 * The address people open (TRIAD_PUBLIC_URL), set when Triad sits behind a proxy: it decides the allowed
 * Origin of writes and whether the session cookie is Secure. Null when the server is reached directly.
 */
export const publicUrl = (): URL | null => parsePublicUrl(process.env.TRIAD_PUBLIC_URL);

/** Whether people reach the server over https through a TLS-terminating proxy (TRIAD_PUBLIC_URL). */
export const isHttpsPublic = (): boolean => publicUrl()?.protocol === 'https:';

const parseOrigins = memo((raw): string[] => (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
  let url: URL;
  try { url = new URL(s); } catch { throw new SettingsError(`TRIAD_ALLOWED_ORIGINS: "${s}" is not an origin like https://tools.example.com`); }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SettingsError(`TRIAD_ALLOWED_ORIGINS: "${s}" is not an http or https origin`);
  return url.origin;
}));

/** Extra origins allowed to send writes (TRIAD_ALLOWED_ORIGINS, comma separated), normalised to scheme://host[:port]. */
export const allowedOrigins = (): string[] => parseOrigins(process.env.TRIAD_ALLOWED_ORIGINS);

/** The address the server listens on: loopback unless HOST says otherwise, so a first `npm start` is not on the network. */
export const listenHost = (): string => process.env.HOST?.trim() || '127.0.0.1';

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Why people beyond this machine can reach the server (it listens beyond loopback, or sits behind a
 * proxy), as the setting that says so; null when only this machine can.
 */
export function exposure(): string | null {
  const host = listenHost();
  if (!isLoopback(host)) return `HOST=${host}`;
  const url = publicUrl();
  return url ? `TRIAD_PUBLIC_URL=${url.origin}` : null;
}

/** TRIAD_ALLOW_DEMO=1: run a reachable server with the demo's published password anyway (a demo on a LAN). */
export const allowDemo = (): boolean => process.env.TRIAD_ALLOW_DEMO === '1';

const parseTrustProxy = memo((raw): boolean => {
  const v = (raw ?? '').trim();
  if (v === '' || v === '0') return false;
  if (v === '1') return true;
  throw new SettingsError(`TRIAD_TRUST_PROXY: expected 1 (behind a proxy that sets X-Forwarded-For) or 0, got "${raw}"`);
});

/**
 * TRIAD_TRUST_PROXY=1: the server sits behind a proxy that appends the client's address to
 * X-Forwarded-For, so login limits count that address instead of the proxy's.
 */
export const trustProxy = (): boolean => parseTrustProxy(process.env.TRIAD_TRUST_PROXY);

function count(name: string, fallback: () => number): () => number {
  const parse = memo((raw) => {
    if (raw === undefined || raw.trim() === '') return fallback();
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new SettingsError(`${name}: expected a whole number of at least 1, got "${raw}"`);
    return n;
  });
  return () => parse(process.env[name]);
}

/**
 * Password hashes computed at once (TRIAD_HASH_CONCURRENCY): by default half of libuv's thread pool (or of
 * the cores, if fewer), so reading pages and media from disk always finds a free thread.
 */
export const hashConcurrency = count('TRIAD_HASH_CONCURRENCY', () =>
  Math.max(1, Math.floor(Math.min(os.availableParallelism(), Number(process.env.UV_THREADPOOL_SIZE) || 4) / 2)));

/** Sign-ins waiting for a hash slot (TRIAD_HASH_QUEUE) before further ones are answered 503. */
export const hashQueue = count('TRIAD_HASH_QUEUE', () => 32);

const parseProjectCreators = memo((raw): 'allowed' | 'everyone' => {
  const v = (raw ?? '').trim();
  if (v === '' || v === 'allowed') return 'allowed';
  if (v === 'everyone') return 'everyone';
  throw new SettingsError(`TRIAD_PROJECT_CREATORS: expected "allowed" (admins and people an admin allowed) or "everyone", got "${raw}"`);
});

/** Who may start projects: by default admins and people an admin allowed (TRIAD_PROJECT_CREATORS). */
export const projectCreators = (): 'allowed' | 'everyone' => parseProjectCreators(process.env.TRIAD_PROJECT_CREATORS);

/** Reads every setting once; throws SettingsError naming the first bad one. */
export function checkSettings(): void {
  for (const l of Object.values(limits)) l();
  publicUrl();
  allowedOrigins();
  projectCreators();
  trustProxy();
  hashConcurrency();
  hashQueue();
}
