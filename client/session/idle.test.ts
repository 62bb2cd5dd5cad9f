import { afterEach, describe, expect, it, vi } from 'vitest';
import { ActiveClock } from './active-clock';
import { activeStretchMs, heartbeatEveryMs, IDLE_AFTER_MS, isIdle } from './idle';

describe('the idle rule (one for labeling and review)', () => {
  it('is one minute', () => {
    expect(IDLE_AFTER_MS).toBe(60_000);
    expect(isIdle(59_999, 0)).toBe(false);
    expect(isIdle(60_000, 0)).toBe(true);
  });

  it('counts a stretch up to one minute after the last input, and nothing while hidden', () => {
    expect(activeStretchMs(0, 10_000, 0, true)).toBe(10_000);
    expect(activeStretchMs(0, 3_600_000, 0, true)).toBe(60_000);
    expect(activeStretchMs(100_000, 200_000, 0, true)).toBe(0);
    expect(activeStretchMs(0, 10_000, 0, false)).toBe(0);
    expect(activeStretchMs(30_000, 120_000, 50_000, true)).toBe(80_000);
  });

  it('renews a lease three times per lease, never more often than every 10 s', () => {
    expect(heartbeatEveryMs(30 * 60_000)).toBe(10 * 60_000);
    expect(heartbeatEveryMs(6_000)).toBe(10_000);
  });
});

describe('ActiveClock', () => {
  afterEach(() => vi.useRealTimers());

  it('stops one minute after the last input and restarts from the next input, not from the pause', () => {
    vi.useFakeTimers();
    const clock = new ActiveClock(() => Date.now());
    const detach = clock.attach();
    clock.start(1);
    vi.advanceTimersByTime(30_000);
    expect(clock.ms(1)).toBe(30_000);
    vi.advanceTimersByTime(10 * 60_000);
    expect(clock.ms(1)).toBe(60_000);
    expect(clock.running()).toBe(false);
    window.dispatchEvent(new KeyboardEvent('keydown'));
    vi.advanceTimersByTime(5_000);
    expect(clock.ms(1)).toBe(65_000);
    expect(clock.running()).toBe(true);
    detach();
  });

  it('keeps each claim apart and forgets a finished one', () => {
    let now = 0;
    const clock = new ActiveClock(() => now);
    clock.start(1);
    now = 20_000;
    clock.start(2);
    now = 25_000;
    expect([clock.ms(1), clock.ms(2)]).toEqual([20_000, 5_000]);
    clock.forget(1);
    expect(clock.ms(1)).toBe(0);
  });
});
