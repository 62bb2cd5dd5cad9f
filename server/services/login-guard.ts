/**
 * Sign-in throttling, in memory per API process. Two limits:
 * - per account (the email as typed, known or not, so a refusal tells nothing about who has an account):
 *   a few failures are free, then each further one locks the account for twice as long as the last;
 * - per client address, a token bucket: every attempt costs a token and a failure costs more, so a whole
 *   office signing in behind one NAT passes while guessing across many accounts is slowed to a trickle.
 * Successful sign-ins clear the account's failures and cost one token, so the many sign-ins of test suites
 * and of a team starting its day pass.
 */

export interface GuardConfig {
  /** Failures of one account before it is locked. */
  freeFailures: number;
  /** First lock; each further failure doubles it, up to lockMaxMs. */
  lockBaseMs: number;
  lockMaxMs: number;
  /** An account's failures are forgotten after this long without one. */
  forgetMs: number;
  /** Tokens per address: the burst of attempts allowed at once. */
  bucketSize: number;
  /** Tokens per address regained each second. */
  refillPerS: number;
  /** Tokens a failed attempt costs in all (one is taken up front). */
  failureCost: number;
  /** Entries kept per map; the least recently used go first, so a flood of names cannot exhaust memory. */
  maxEntries: number;
}

export const GUARD_DEFAULTS: GuardConfig = {
  freeFailures: 5, lockBaseMs: 15_000, lockMaxMs: 15 * 60_000, forgetMs: 60 * 60_000,
  bucketSize: 100, refillPerS: 1, failureCost: 5, maxEntries: 50_000,
};

export type Outcome = 'success' | 'failure' | 'aborted';

export type Verdict =
  | { ok: true; done(outcome: Outcome): void }
  | { ok: false; retryAfterS: number; message: string };

interface Account { failures: number; pending: number; lockedUntil: number; lastFailureAt: number }
interface Bucket { tokens: number; at: number }

/** A Map that forgets its least recently touched entries beyond `max`. */
class LruMap<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get size() { return this.map.size; }
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) { this.map.delete(key); this.map.set(key, v); }
    return v;
  }
  set(key: string, v: V): void {
    this.map.delete(key);
    this.map.set(key, v);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  delete(key: string): void { this.map.delete(key); }
}

/** "40 s", "3 min": a wait a person can plan around. */
export function formatWait(seconds: number): string {
  return seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}

export class LoginGuard {
  private readonly accounts: LruMap<Account>;
  private readonly buckets: LruMap<Bucket>;

  constructor(private readonly now: () => number, private readonly cfg: GuardConfig = GUARD_DEFAULTS) {
    this.accounts = new LruMap(cfg.maxEntries);
    this.buckets = new LruMap(cfg.maxEntries);
  }

  get sizes() { return { accounts: this.accounts.size, addresses: this.buckets.size }; }

  /** Asks to check one password; when allowed, `done` must be told how the check went. */
  attempt(email: string, address: string): Verdict {
    const now = this.now();
    const bucket = this.bucket(address, now);
    const account = this.account(email, now);
    const addressWaitMs = bucket.tokens >= 1 ? 0 : ((1 - bucket.tokens) / this.cfg.refillPerS) * 1000;
    // Once past the free failures, only one guess per account is checked at a time: otherwise a burst of
    // parallel guesses would all be verified before the first failure locked the account.
    const accountWaitMs = Math.max(account.lockedUntil - now,
      account.pending > 0 && account.failures + account.pending >= this.cfg.freeFailures ? 1000 : 0);
    if (addressWaitMs > 0 || accountWaitMs > 0) {
      const retryAfterS = Math.max(1, Math.ceil(Math.max(addressWaitMs, accountWaitMs) / 1000));
      const who = accountWaitMs >= addressWaitMs ? 'for this account' : 'from your network address';
      return { ok: false, retryAfterS, message: `too many sign-in attempts ${who}: try again in ${formatWait(retryAfterS)}` };
    }
    bucket.tokens -= 1;
    account.pending++;
    this.accounts.set(email, account);
    let settled = false;
    return {
      ok: true,
      done: (outcome) => {
        if (settled) return;
        settled = true;
        account.pending--;
        const at = this.now();
        if (outcome === 'aborted') bucket.tokens = Math.min(this.cfg.bucketSize, bucket.tokens + 1);
        else if (outcome === 'success') {
          account.failures = 0;
          account.lockedUntil = 0;
          if (account.pending === 0) this.accounts.delete(email);
        } else {
          bucket.tokens -= this.cfg.failureCost - 1;
          account.failures++;
          account.lastFailureAt = at;
          const over = account.failures - this.cfg.freeFailures;
          if (over >= 0) account.lockedUntil = at + Math.min(this.cfg.lockMaxMs, this.cfg.lockBaseMs * 2 ** over);
        }
      },
    };
  }

  private bucket(address: string, now: number): Bucket {
    let b = this.buckets.get(address);
    if (!b) {
      b = { tokens: this.cfg.bucketSize, at: now };
      this.buckets.set(address, b);
    }
    b.tokens = Math.min(this.cfg.bucketSize, b.tokens + (Math.max(0, now - b.at) / 1000) * this.cfg.refillPerS);
    b.at = now;
    return b;
  }

  private account(email: string, now: number): Account {
    const a = this.accounts.get(email);
    if (a && (a.pending > 0 || now < a.lockedUntil || now - a.lastFailureAt < this.cfg.forgetMs)) return a;
    return { failures: 0, pending: 0, lockedUntil: 0, lastFailureAt: 0 };
  }
}
