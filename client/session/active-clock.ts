import { useEffect, useState } from 'react';
import { activeStretchMs, isIdle } from './idle';

const TICK_MS = 1000;

/**
 * Time a person actually spends on a claim, labeling or reviewing: the clock runs by the idle rule
 * (./idle), so a row left open over lunch does not report an hour of work.
 */
export class ActiveClock {
  private totals = new Map<number, number>();
  private current: number | null = null;
  private lastInput: number;
  private lastTick: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  private listeners = new Set<() => void>();
  private detach: (() => void) | null = null;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.lastInput = now();
    this.lastTick = now();
  }

  /** Starts counting for a claim; time already counted for it (a failed submit came back) is kept. */
  start(assignmentId: number): void {
    this.tick();
    this.current = assignmentId;
    this.lastInput = this.now();
    this.lastTick = this.now();
    if (!this.totals.has(assignmentId)) this.totals.set(assignmentId, 0);
    this.emit();
  }

  ms(assignmentId: number): number {
    if (assignmentId === this.current) this.tick();
    return Math.round(this.totals.get(assignmentId) ?? 0);
  }

  forget(assignmentId: number): void {
    this.totals.delete(assignmentId);
  }

  input(): void {
    const t = this.now();
    // Coming back from idle: the pause itself is not work, only what follows.
    if (isIdle(t, this.lastInput)) this.lastTick = t;
    this.lastInput = t;
  }

  private visible(): boolean {
    return typeof document === 'undefined' || document.visibilityState !== 'hidden';
  }

  /** Adds the time since the last tick when it counted: visible, and not idle for the whole stretch. */
  tick(): void {
    const t = this.now();
    if (this.current !== null) {
      const add = activeStretchMs(this.lastTick, t, this.lastInput, this.visible());
      if (add > 0) this.totals.set(this.current, (this.totals.get(this.current) ?? 0) + add);
    }
    this.lastTick = t;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit() {
    for (const l of this.listeners) l();
  }

  /** Listens for input and visibility on the page; returns the detach function. */
  attach(): () => void {
    if (this.detach) return this.detach;
    const onInput = () => this.input();
    const onVisibility = () => {
      // Hidden time is not counted: close the stretch when hiding, restart it when shown.
      this.tick();
      if (document.visibilityState === 'visible') this.input();
      this.emit();
    };
    const events = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'input'] as const;
    for (const e of events) window.addEventListener(e, onInput, { capture: true, passive: true });
    document.addEventListener('visibilitychange', onVisibility);
    this.timer = setInterval(() => {
      this.tick();
      this.emit();
    }, TICK_MS);
    this.detach = () => {
      for (const e of events) window.removeEventListener(e, onInput, { capture: true });
      document.removeEventListener('visibilitychange', onVisibility);
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      this.detach = null;
    };
    return this.detach;
  }

  /** Whether the clock is running now (for the timer's paused look). */
  running(): boolean {
    return this.current !== null && this.visible() && !isIdle(this.now(), this.lastInput);
  }
}

/** The active time of a claim, re-rendered every tick. */
export function useActiveMs(clock: ActiveClock, assignmentId: number | null): { ms: number; running: boolean } {
  const [, setN] = useState(0);
  useEffect(() => clock.subscribe(() => setN((n) => n + 1)), [clock]);
  return { ms: assignmentId === null ? 0 : clock.ms(assignmentId), running: clock.running() };
}

export function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m % 60)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}
