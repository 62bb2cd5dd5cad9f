/**
 * The one idle rule of labeling and review. Active time is what the work report pays by, so both pages
 * count it the same way: a stretch counts while the tab is visible, up to this long after the last input.
 */
export const IDLE_AFTER_MS = 60_000;

/** Whether nothing came in for long enough that the person is away. */
export const isIdle = (now: number, lastInput: number): boolean => now - lastInput >= IDLE_AFTER_MS;

/**
 * The part of the stretch [from, now] that counts as work: the page was visible, and it runs at most
 * IDLE_AFTER_MS past the last input (an hour over lunch counts one minute, then nothing).
 */
export function activeStretchMs(from: number, now: number, lastInput: number, visible: boolean): number {
  if (!visible) return 0;
  const until = Math.min(now, lastInput + IDLE_AFTER_MS);
  return until > from ? until - from : 0;
}

/** How often a claim's lease is renewed: three times per lease, so one lost beat never loses the row. */
export const heartbeatEveryMs = (leaseMs: number): number => Math.max(10_000, leaseMs / 3);
