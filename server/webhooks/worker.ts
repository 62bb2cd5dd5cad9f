import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { dueDeliveries, lockDelivery, pruneDeliveries, recordAttempt, releaseDelivery, type DueDelivery } from '../repos/webhooks.js';
import { onEmitted } from './events.js';
import { postJson } from './send.js';
import { signatureHeader } from './signing.js';
import { webhookAllowList, webhookSettings, type AllowList } from './settings.js';

export interface WorkerOptions {
  /** How often the outbox is read when nothing was emitted in this process (another process may have). */
  pollMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
  /** The first retry's delay; each later one doubles, up to maxBackoffMs, with jitter. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  allow?: AllowList;
  /** How long delivered and given-up deliveries stay in the log (TRIAD_WEBHOOK_LOG_DAYS). */
  logMs?: number;
  /** Delivery timing runs on the wall clock (tests move the app's clock, not time itself). */
  clock?: () => number;
}

export interface WebhookWorker {
  /** Look for due deliveries now (after an emit or "send test"). */
  kick(): void;
  /** Stops taking deliveries, aborts those in flight (given back untried) and waits for them. */
  stop(): Promise<void>;
}

/**
 * The delay before attempt `n + 1` after `n` failed ones: exponential, capped, with "equal jitter" (half
 * fixed, half random) so receivers coming back from an outage are not hit by every sender at once.
 */
export function backoffDelay(failed: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, failed - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/**
 * Sends the outbox (webhook_deliveries) in the background: started by boot() with the server, stopped by
 * its close. Several processes may run one against the same database: a delivery is locked by a
 * conditional update before it is sent, for longer than a request may take, so a crashed worker's
 * delivery is taken up again after its lock lapses (receivers may see it twice: X-Triad-Delivery says so).
 */
export function startWebhookWorker(db: Kysely<DB>, opts: WorkerOptions = {}): WebhookWorker {
  const env = webhookSettings();
  const pollMs = opts.pollMs ?? 2000;
  const maxAttempts = opts.maxAttempts ?? env.maxAttempts;
  const timeoutMs = opts.timeoutMs ?? env.timeoutMs;
  const backoffMs = opts.backoffMs ?? env.backoffMs;
  const maxBackoffMs = opts.maxBackoffMs ?? 6 * 3600_000;
  const concurrency = opts.concurrency ?? 4;
  const clock = opts.clock ?? Date.now;
  const logMs = opts.logMs ?? env.logMs;
  let prunedAt = -Infinity;
  const abort = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  async function deliver(d: DueDelivery) {
    const at = clock();
    const ts = Math.floor(at / 1000);
    const r = await postJson(d.url, d.payload_json, {
      'user-agent': 'Triad-Webhooks/1', 'x-triad-event': d.event, 'x-triad-delivery': d.delivery_uid,
      'x-triad-signature': signatureHeader(d.secret, ts, d.payload_json),
    }, { allow: opts.allow ?? webhookAllowList(), timeoutMs, signal: abort.signal });
    if (abort.signal.aborted && !r.ok) return releaseDelivery(db, d.id);
    const failed = d.attempts + 1;
    const end = clock();
    if (r.ok) return recordAttempt(db, d.id, { at: end, statusCode: r.statusCode, error: null, status: 'delivered', nextAt: null });
    const giveUp = failed >= maxAttempts;
    const nextAt = giveUp ? null : end + backoffDelay(failed, backoffMs, maxBackoffMs);
    await recordAttempt(db, d.id, {
      at: end, statusCode: r.statusCode, status: giveUp ? 'failed' : 'pending',
      error: giveUp ? `${r.error} (gave up after ${failed} attempt${failed === 1 ? '' : 's'})` : r.error,
      nextAt,
    });
    // A retry due before the next poll is looked at when it falls due.
    if (nextAt !== null && nextAt - clock() < pollMs && !stopped) setTimeout(tick, Math.max(0, nextAt - clock())).unref?.();
  }

  async function round() {
    // Hourly, and at start: the log would otherwise grow with every event for ever.
    if (clock() - prunedAt >= 3600_000) {
      prunedAt = clock();
      await pruneDeliveries(db, prunedAt - logMs);
    }
    while (!stopped) {
      const room = concurrency - inFlight.size;
      if (room <= 0) { await Promise.race(inFlight); continue; }
      const now = clock();
      const due = await dueDeliveries(db, now, room);
      let took = 0;
      for (const d of due) {
        if (stopped) break;
        if (!(await lockDelivery(db, d.id, d.attempts, now, now + timeoutMs + 30_000))) continue;
        took++;
        const p: Promise<void> = deliver(d)
          .catch((e) => console.error(`webhook delivery ${d.id} could not be recorded:`, e))
          .finally(() => { inFlight.delete(p); });
        inFlight.add(p);
      }
      if (!took) break;
    }
  }

  function tick() {
    if (stopped) return;
    if (running) { again = true; return; }
    if (timer) { clearTimeout(timer); timer = null; }
    running = round()
      .catch((e) => { if (!stopped) console.error('webhook worker:', e); })
      .finally(() => {
        running = null;
        if (stopped) return;
        if (again) { again = false; timer = setTimeout(tick, 0); return; }
        // Sooner while requests are in flight: their retries may fall due before the next poll.
        timer = setTimeout(tick, pollMs);
      });
  }

  const unsubscribe = onEmitted(() => {
    if (stopped) return;
    // The emitting transaction commits within a moment; a poll picks up whatever this misses.
    setTimeout(tick, 50).unref?.();
  });
  timer = setTimeout(tick, 0);

  return {
    kick: () => { if (!stopped) setTimeout(tick, 50).unref?.(); },
    async stop() {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      abort.abort();
      await running;
      await Promise.allSettled([...inFlight]);
    },
  };
}
