import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { hashConcurrency, hashQueue } from '../settings.js';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;

// OWASP's scrypt floor (N=2^17, r=8, p=1) in its 16 MB form: N=2^14, r=8, p=5 costs the same per guess
// with half the memory of the earlier N=2^15, r=8, p=1 (32 MB), and about the same 150 ms on a small
// server. Parameters are stored with each hash, so older hashes still verify and are upgraded at sign-in.
const N = 1 << 14, R = 8, P = 5, LEN = 32;
const PARAMS = `scrypt$${N}$${R}$${P}$`;
// Enough for N·r up to 2^17·8 (128 MB): any hash this code or an older one wrote.
const MAXMEM = 160 * 1024 * 1024;

/** Thrown when too many hashes are already waiting: the caller answers 503 with `retryAfterS`. */
export class HashingBusy extends Error {
  constructor(readonly retryAfterS: number) {
    super(`the server is busy checking other sign-ins: try again in ${retryAfterS} s`);
  }
}

/**
 * scrypt runs on libuv's small thread pool (4 threads), the same pool that reads static pages and media
 * from disk: unbounded concurrent hashing made `GET /` wait seconds during a login storm. So at most
 * `hashConcurrency()` derivations run at once and at most `hashQueue()` wait, no longer than about
 * MAX_WAIT_MS in all; beyond that a login is refused at once instead of piling up.
 */
const gate = {
  running: 0,
  waiting: [] as Array<() => void>,
  /** Moving average of one derivation, to tell a refused caller how long the queue takes to drain. */
  avgMs: 150,
  derivations: 0,
};

/** The longest a sign-in waits for a hash slot: a person would rather be told to retry. */
const MAX_WAIT_MS = 3000;

function busy(): HashingBusy | null {
  if (gate.running < hashConcurrency()) return null;
  const drainMs = ((gate.waiting.length + 1) / hashConcurrency()) * gate.avgMs;
  if (gate.waiting.length < hashQueue() && drainMs <= MAX_WAIT_MS) return null;
  return new HashingBusy(Math.max(1, Math.ceil(drainMs / 1000)));
}

/** Throws HashingBusy if a sign-in would find the queue full: checked first, so a refusal costs no query. */
export function assertHashingFree(): void {
  const b = busy();
  if (b) throw b;
}

async function derive(password: string, salt: Buffer, len: number, n: number, r: number, p: number, bounded: boolean): Promise<Buffer> {
  if (gate.running < hashConcurrency()) gate.running++;
  else {
    if (bounded) assertHashingFree();
    // The finishing derivation hands its slot straight to us, so no newcomer can slip in between.
    await new Promise<void>((resolve, reject) => {
      // The estimate above trusts past hash times; when hashing slows down (a busy machine), a deadline
      // still keeps the wait bounded.
      const timer = bounded ? setTimeout(() => {
        gate.waiting.splice(gate.waiting.indexOf(go), 1);
        reject(new HashingBusy(Math.max(1, Math.ceil(((gate.waiting.length + 1) / hashConcurrency()) * gate.avgMs / 1000))));
      }, MAX_WAIT_MS) : undefined;
      const go = () => { clearTimeout(timer); resolve(); };
      gate.waiting.push(go);
    });
  }
  gate.derivations++;
  const t0 = performance.now();
  try {
    return await scrypt(password, salt, len, { N: n, r, p, maxmem: MAXMEM });
  } finally {
    gate.avgMs = gate.avgMs * 0.8 + (performance.now() - t0) * 0.2;
    const next = gate.waiting.shift();
    if (next) next();
    else gate.running--;
  }
}

/** What the hashing gate has done: tests assert that every sign-in path pays for one derivation. */
export const hashingStats = () => ({ derivations: gate.derivations, running: gate.running, waiting: gate.waiting.length });

/** Waits its turn without a queue bound: admins and the CLI set passwords rarely and must not be refused. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, LEN, N, R, P, false);
  return `${PARAMS}${salt.toString('base64')}$${hash.toString('base64')}`;
}

/**
 * Throws HashingBusy when the queue is full (sign-ins). `bounded: false` waits its turn however long it
 * takes: checks the server makes of itself (the demo guard at start) must not fail on a busy machine.
 */
export async function verifyPassword(password: string, stored: string, { bounded = true } = {}): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  const params = [Number(n), Number(r), Number(p)];
  if (alg !== 'scrypt' || !salt || !hash || !params.every((x) => Number.isInteger(x) && x > 0)) return false;
  const expected = Buffer.from(hash, 'base64');
  const got = await derive(password, Buffer.from(salt, 'base64'), expected.length, params[0], params[1], params[2], bounded);
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/**
 * Checks a password against a random hash with today's parameters: an unknown or disabled account then
 * costs what a known one does, so answer times do not tell who has an account.
 */
export async function verifyDummy(password: string): Promise<false> {
  await verifyPassword(password, `${PARAMS}${randomBytes(16).toString('base64')}$${randomBytes(LEN).toString('base64')}`);
  return false;
}

/** Whether a stored hash predates today's parameters (re-hashed after the next successful sign-in). */
export const needsRehash = (stored: string): boolean => !stored.startsWith(PARAMS);
