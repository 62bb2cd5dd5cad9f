import type { RowAnswer } from '@shared/tasks/question';
import { ApiError } from '../api/client';
import { saveDraftOnUnload, workApi } from '../api/work';

/**
 * A local copy of an answer the server has not confirmed yet. It is written on every change, before the
 * network is tried, so a crash or a closed tab between a keystroke and the save loses nothing; the server's
 * confirmation removes it, so a copy that is still here is by definition newer than the server's draft.
 */
export interface LocalDraft {
  answer: RowAnswer;
  savedAt: number;
}

const PREFIX = 'triad:draft:';
export const draftKey = (assignmentId: number) => `${PREFIX}${assignmentId}`;

export function readLocalDraft(assignmentId: number): LocalDraft | null {
  try {
    const raw = localStorage.getItem(draftKey(assignmentId));
    if (!raw) return null;
    const v = JSON.parse(raw) as LocalDraft;
    return v && typeof v.answer === 'object' && v.answer !== null ? v : null;
  } catch {
    return null;
  }
}

export function writeLocalDraft(assignmentId: number, answer: RowAnswer, now = Date.now()): void {
  try {
    localStorage.setItem(draftKey(assignmentId), JSON.stringify({ answer, savedAt: now } satisfies LocalDraft));
  } catch {
    // A full or disabled storage only costs the crash safety net; the server save still runs.
  }
}

export function clearLocalDraft(assignmentId: number): void {
  try {
    localStorage.removeItem(draftKey(assignmentId));
  } catch {
    /* see writeLocalDraft */
  }
}

/** The answer a claim opens with: an unconfirmed local copy, else the server's draft, else nothing. */
export function restoredDraft(assignmentId: number, serverDraft: RowAnswer | null): { answer: RowAnswer | null; source: 'local' | 'server' | null } {
  const local = readLocalDraft(assignmentId);
  if (local) return { answer: local.answer, source: 'local' };
  if (serverDraft) return { answer: serverDraft, source: 'server' };
  return { answer: null, source: null };
}

export type SaveState = 'saved' | 'pending' | 'saving' | 'offline' | 'failed';

export interface DraftSaverOptions {
  delayMs?: number;
  /** Retry delays after a failed save grow from this, doubling, up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  onState?(state: SaveState, message?: string): void;
}

/**
 * Saves one claim's answer a moment after each change (one request per pause, not per keystroke), keeps
 * the local copy until the server has it, and retries with backoff while the network is down. A refusal
 * that retrying cannot fix (the claim expired, the answer is invalid) stops the retries and says why.
 */
export class DraftSaver {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private latest: RowAnswer | null = null;
  private inFlight = false;
  private failures = 0;
  private disposed = false;
  private readonly delayMs: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    readonly assignmentId: number,
    private readonly opts: DraftSaverOptions = {},
  ) {
    this.delayMs = opts.delayMs ?? 800;
    this.backoffMs = opts.backoffMs ?? 1000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 30_000;
    // A copy left by a previous visit (offline, crashed) is sent as soon as the claim is open again.
    const left = readLocalDraft(assignmentId);
    if (left) {
      this.latest = left.answer;
      this.schedule(0);
    }
  }

  /** Records a change: locally now, to the server after the pause. */
  change(answer: RowAnswer): void {
    if (this.disposed) return;
    this.latest = answer;
    writeLocalDraft(this.assignmentId, answer);
    this.opts.onState?.('pending');
    this.failures = 0;
    this.schedule(this.delayMs);
  }

  /** Whether the server lacks the latest answer. */
  get dirty(): boolean {
    return this.latest !== null;
  }

  /** Sends the latest answer now (a submit is about to happen, or the page is going away). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.save();
  }

  /** The tab is closing: hand the latest answer to the browser so it completes after unload. */
  flushOnUnload(): void {
    if (this.latest) saveDraftOnUnload(this.assignmentId, this.latest);
  }

  /** The claim is over (submitted, released): nothing more to save, and its local copy goes. */
  finish(): void {
    this.dispose();
    clearLocalDraft(this.assignmentId);
  }

  /** Stops timers; the local copy stays for the next visit. */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, ms);
  }

  private async save(): Promise<void> {
    if (this.disposed || this.inFlight || this.latest === null) return;
    const sent = this.latest;
    this.inFlight = true;
    this.opts.onState?.('saving');
    try {
      await workApi.draft(this.assignmentId, sent);
      this.failures = 0;
      if (this.latest === sent) {
        this.latest = null;
        clearLocalDraft(this.assignmentId);
        if (!this.disposed) this.opts.onState?.('saved');
      }
    } catch (e) {
      if (this.disposed) return;
      const retryable = !(e instanceof ApiError) || e.status === 0 || e.status >= 500 || e.status === 429;
      if (!retryable) {
        this.opts.onState?.('failed', e instanceof Error ? e.message : String(e));
        return;
      }
      this.failures++;
      const wait = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (this.failures - 1));
      this.opts.onState?.('offline', `not saved to the server yet (kept on this device); retrying in ${Math.round(wait / 1000)} s`);
      this.schedule(wait);
    } finally {
      this.inFlight = false;
    }
    // Changes made while the request was out go in the next save.
    if (!this.disposed && this.latest !== null && this.latest !== sent && this.timer === null) this.schedule(this.delayMs);
  }
}
