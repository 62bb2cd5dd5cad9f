import { useEffect, useMemo, useRef, useState } from 'react';
import { wordDiff, type DiffPart } from './word-diff';
import type { DiffReply, DiffRequest } from './word-diff.worker';

/**
 * Texts this long together (characters) are diffed during render: a few milliseconds at most. Longer
 * ones go to a worker, so typing in a 20,000-character rewrite never waits for its diff.
 */
export const SYNC_DIFF_LIMIT = 4000;
/** After the first diff, a long text is diffed again once typing pauses this long (ms). */
export const DIFF_DEBOUNCE_MS = 150;

export interface WordDiffResult {
  /** The diff, or null while the first one of long texts is computed. */
  parts: readonly DiffPart[] | null;
  /** The parts shown are of earlier texts: a newer diff is on its way. */
  stale: boolean;
}

interface Job { from: string; to: string; done(parts: DiffPart[]): void }

/**
 * One diff at a time, the newest waiting: while a long diff runs, requests made in the meantime collapse
 * into the last one, so a burst of typing costs one more diff rather than a queue of them. Runs in a
 * worker where the browser has one; elsewhere (tests, a worker that failed to load) on the main thread
 * after a yield.
 */
class DiffRunner {
  private worker: Worker | null | undefined;
  private current: (Job & { id: number }) | null = null;
  private next: Job | null = null;
  private seq = 0;
  private disposed = false;

  request(job: Job) {
    if (this.current) this.next = job;
    else this.start(job);
  }

  dispose() {
    this.disposed = true;
    this.worker?.terminate();
  }

  private start(job: Job) {
    const current = { ...job, id: ++this.seq };
    this.current = current;
    const worker = this.workerOrNull();
    if (worker) worker.postMessage({ id: current.id, from: job.from, to: job.to } satisfies DiffRequest);
    else setTimeout(() => this.finish(current.id, wordDiff(job.from, job.to)), 0);
  }

  private finish(id: number, parts: DiffPart[]) {
    const job = this.current;
    if (this.disposed || !job || job.id !== id) return;
    this.current = null;
    job.done(parts);
    const next = this.next;
    this.next = null;
    if (next) this.start(next);
  }

  private workerOrNull(): Worker | null {
    if (this.worker !== undefined) return this.worker;
    if (typeof Worker === 'undefined') return (this.worker = null);
    try {
      const w = new Worker(new URL('./word-diff.worker.ts', import.meta.url), { type: 'module' });
      w.onmessage = (e: MessageEvent<DiffReply>) => this.finish(e.data.id, e.data.parts);
      w.onerror = (e) => {
        // A worker that cannot load (blocked, offline chunk) must not leave the diff blank: redo the job here.
        e.preventDefault();
        w.terminate();
        this.worker = null;
        const job = this.current;
        if (job) setTimeout(() => this.finish(job.id, wordDiff(job.from, job.to)), 0);
      };
      return (this.worker = w);
    } catch {
      return (this.worker = null);
    }
  }
}

/** The word diff from `from` to `to`, at once for short texts, off the main thread and debounced for long ones. */
export function useWordDiff(from: string, to: string): WordDiffResult {
  const small = from.length + to.length <= SYNC_DIFF_LIMIT;
  const now = useMemo(() => (small ? wordDiff(from, to) : null), [small, from, to]);
  const [later, setLater] = useState<{ from: string; to: string; parts: DiffPart[] } | null>(null);
  const runner = useRef<DiffRunner | null>(null);
  // The texts of the last diff asked for: an effect run with the same texts (a re-render) asks nothing.
  const asked = useRef<{ from: string; to: string } | null>(null);

  useEffect(() => {
    if (small || (asked.current?.from === from && asked.current.to === to)) return;
    // The first diff starts at once; later ones wait for a pause in the typing.
    const timer = setTimeout(() => {
      asked.current = { from, to };
      // An earlier diff arriving after newer texts is still shown (marked stale) until its successor lands.
      (runner.current ??= new DiffRunner()).request({ from, to, done: (parts) => setLater({ from, to, parts }) });
    }, asked.current ? DIFF_DEBOUNCE_MS : 0);
    return () => clearTimeout(timer);
  }, [small, from, to]);

  useEffect(() => () => {
    runner.current?.dispose();
    runner.current = null;
    asked.current = null;
  }, []);

  const parts = now ?? later?.parts ?? null;
  const stale = now === null && (later === null || later.from !== from || later.to !== to);
  // One object per result, so a memoized view of it skips the re-render while the person types elsewhere.
  return useMemo(() => ({ parts, stale }), [parts, stale]);
}
