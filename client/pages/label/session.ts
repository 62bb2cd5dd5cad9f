import { createStore, type StoreApi } from 'zustand';
import { emptyRowAnswer, isRowComplete, type RowAnswer } from '@shared/tasks/question';
import { ApiError, messageOf } from '../../api/client';
import { isTask, workApi, type EmptyQueue, type TaskView } from '../../api/work';
import { createAnswerStore, type AnswerStore } from '../../tasks/answer-store';
import { ActiveClock } from '../../session/active-clock';
import { clearLocalDraft, DraftSaver, restoredDraft, type SaveState } from '../../session/drafts';
import { preloadEditors } from './editors';
import { panelShowsRichText } from './DataPanel';
import { preloadHint, rememberPreloadHint } from './preload-hints';
import { takePrefetchedClaim } from './claim-prefetch';
import { preloadRichText } from '../../components/rich/RichText';
import { moduleOf } from '../../tasks/registry';
import { newSubmissionId } from '../../session/submission-id';
import { IntegrityLog, listenForPastes } from '../../session/integrity-log';

export interface WorkbenchState {
  phase: 'loading' | 'ready' | 'empty' | 'error';
  task: TaskView | null;
  /** The claimed-ahead row shown the moment the current one is submitted. */
  ahead: TaskView | null;
  empty: EmptyQueue | null;
  error: string | null;
  /** Why the last submit (or skip) did not go through; the row and its answer are back on screen. */
  actionError: string | null;
  /** The current claim lapsed (no heartbeat for a lease): the server's words, and a way back. */
  expired: string | null;
  bestEffort: boolean;
  /** A submit without a claimed-ahead row is waiting for the server. */
  submitting: boolean;
  /** Submits sent optimistically and not confirmed yet. */
  inFlight: number;
  save: { state: SaveState; message?: string };
  /** Where the opening answer of this row came from. */
  restored: 'local' | 'server' | null;
  /** Rows submitted in this visit. */
  done: number;
}

const initial: WorkbenchState = {
  phase: 'loading', task: null, ahead: null, empty: null, error: null, actionError: null, expired: null,
  bestEffort: false, submitting: false, inFlight: 0, save: { state: 'saved' }, restored: null, done: 0,
};

export interface WorkbenchOptions {
  /** Submit attempts on a network failure before the row comes back with the error. */
  submitRetries?: number;
  retryDelayMs?: number;
  draftDelayMs?: number;
  uuid?: () => string;
  onNotice?(kind: 'success' | 'error' | 'info', text: string): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const retryable = (e: unknown) => !(e instanceof ApiError) || e.status === 0 || e.status >= 500;

/** Warms the cache with what the next row shows: its editors' code, its image, its waveform peaks. */
export function preloadRow(view: TaskView): void {
  void preloadEditors(view.schema);
  for (const q of view.schema) moduleOf(q).preload(q.config, view.row.data);
  if (panelShowsRichText(view.schema, view.row.data)) void preloadRichText().catch(() => undefined);
}

/** Starts fetching what this project's last row needed, before its claim has answered. */
function preloadFromHint(projectId: number): void {
  const hint = preloadHint(projectId);
  if (!hint) return;
  void preloadEditors(hint.types.map((type) => ({ type })));
  if (hint.rich) void preloadRichText().catch(() => undefined);
}

/**
 * One labeling session on one project: the claim on screen, the one claimed ahead, the answer with its
 * autosave, and the actions of the top bar. Plain TypeScript around a zustand store so the component
 * stays a view and the tests can drive it through the page.
 */
export class Workbench {
  readonly store: StoreApi<WorkbenchState> = createStore<WorkbenchState>()(() => ({ ...initial }));
  readonly answers: AnswerStore = createAnswerStore();
  readonly clock = new ActiveClock();
  private saver: DraftSaver | null = null;
  private resetting = false;
  private aheadBusy = false;
  /** The server answered the ahead request with the claim already on screen: it does not claim ahead. */
  private aheadUnsupported = false;
  /** One client submission id per claim and answer: a retry of the same answer reuses it. */
  private submissionIds = new Map<number, { id: string; answer: string }>();
  /** Answers of claims taken off screen, so going back shows what was typed even before it was saved. */
  private memo = new Map<number, { answer: RowAnswer; bestEffort: boolean }>();
  private unsubscribe: () => void;
  private disposed = false;
  /** Paste events, load and view times of each claim, sent with its submission (integrity signals). */
  readonly integrity = new IntegrityLog();
  private stopPastes: () => void = () => {};

  constructor(
    readonly projectId: number,
    private readonly opts: WorkbenchOptions = {},
  ) {
    this.unsubscribe = this.answers.subscribe((s, prev) => {
      if (this.resetting || s.answers === prev.answers) return;
      this.saver?.change(s.answers);
      this.set({ actionError: null });
    });
    if (typeof document !== 'undefined') {
      this.stopPastes = listenForPastes(document, (question, chars) => {
        const id = this.state.task?.assignment.id;
        if (id !== undefined) this.integrity.paste(id, question, chars);
      });
    }
  }

  get state(): WorkbenchState {
    return this.store.getState();
  }

  private set(p: Partial<WorkbenchState>) {
    if (!this.disposed) this.store.setState(p);
  }

  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
    this.stopPastes();
    this.saver?.dispose();
    this.saver = null;
  }

  /** The tab is going away: whatever is unsaved goes out with keepalive (and stays on the device). */
  pageHide(): void {
    if (this.saver?.dirty) this.saver.flushOnUnload();
  }

  /** Takes (or resumes) the person's claim and shows it. */
  async start(): Promise<void> {
    // After a submit the finished row stays on screen (dimmed by `submitting`) until the next one arrives.
    this.set({ phase: this.state.task ? this.state.phase : 'loading', error: null, expired: null, actionError: null });
    try {
      const asked = performance.now();
      const claim = takePrefetchedClaim(this.projectId) ?? workApi.next(this.projectId);
      preloadFromHint(this.projectId);
      const r = await claim;
      if (this.disposed) return;
      if (isTask(r)) this.show(r, undefined, performance.now() - asked);
      else this.set({ phase: 'empty', empty: r, task: null });
    } catch (e) {
      this.set({ phase: 'error', error: messageOf(e) });
    }
  }

  private show(view: TaskView, kept?: { answer: RowAnswer; bestEffort: boolean }, loadMs?: number): void {
    this.saver?.dispose();
    const id = view.assignment.id;
    this.integrity.shown(id, loadMs);
    rememberPreloadHint(this.projectId, { types: view.schema.map((q) => q.type), rich: panelShowsRichText(view.schema, view.row.data) });
    const remembered = kept ?? this.memo.get(id);
    this.memo.delete(id);
    const restored = remembered ? { answer: remembered.answer, source: null } : restoredDraft(id, view.draft);
    const answer = { ...emptyRowAnswer(view.schema), ...(restored.answer ?? {}) };
    this.resetting = true;
    try {
      this.answers.getState().reset(answer);
    } finally {
      this.resetting = false;
    }
    this.saver = new DraftSaver(id, {
      delayMs: this.opts.draftDelayMs,
      onState: (state, message) => {
        if (this.state.task?.assignment.id === id) this.set({ save: { state, message } });
      },
    });
    this.clock.start(id);
    this.set({
      phase: 'ready', task: view, empty: null, bestEffort: remembered?.bestEffort ?? false, restored: restored.source,
      save: { state: this.saver.dirty ? 'pending' : 'saved' }, expired: null,
    });
    void this.claimAhead();
  }

  /** Claims the next row in the background, once one is on screen. */
  async claimAhead(): Promise<void> {
    const { task, ahead } = this.state;
    if (this.aheadBusy || this.aheadUnsupported || ahead || !task || this.disposed) return;
    this.aheadBusy = true;
    try {
      const r = await workApi.nextAhead(this.projectId);
      if (this.disposed) return;
      if (!isTask(r)) return;
      const current = this.state.task?.assignment.id;
      if (r.assignment.id === current) {
        this.aheadUnsupported = true;
        return;
      }
      this.set({ ahead: r });
      preloadRow(r);
    } catch {
      // Prefetching is an optimisation: without it submit simply waits for the next row.
    } finally {
      this.aheadBusy = false;
    }
  }

  complete(): boolean {
    const t = this.state.task;
    return !!t && isRowComplete(t.schema, this.answers.getState().answers, t.row.data);
  }

  needsAcknowledgement(): boolean {
    const g = this.state.task?.guideline;
    return !!g && !g.acknowledged;
  }

  setBestEffort(on: boolean): void {
    this.set({ bestEffort: on });
  }

  /** After POST acknowledge: this claim and the one ahead were opened under the version now read. */
  acknowledged(version: number): void {
    const mark = (v: TaskView | null) =>
      v && v.guideline && v.guideline.version <= version ? { ...v, guideline: { ...v.guideline, acknowledged: true } } : v;
    this.set({ task: mark(this.state.task), ahead: mark(this.state.ahead) });
  }

  private submissionId(id: number, answer: RowAnswer): string {
    // By content: the answer comes back from memory as a new object after a failed attempt.
    const key = JSON.stringify(answer);
    const known = this.submissionIds.get(id);
    if (known && known.answer === key) return known.id;
    const fresh = (this.opts.uuid ?? newSubmissionId)();
    this.submissionIds.set(id, { id: fresh, answer: key });
    return fresh;
  }

  private async send(view: TaskView, answer: RowAnswer, bestEffort: boolean): Promise<void> {
    const id = view.assignment.id;
    const body = { answer, clientSubmissionId: this.submissionId(id, answer), bestEffort, activeMs: this.clock.ms(id), integrity: this.integrity.report(id) };
    const tries = (this.opts.submitRetries ?? 3) + 1;
    for (let i = 0; ; i++) {
      try {
        await workApi.submit(id, body);
        return;
      } catch (e) {
        if (i + 1 >= tries || !retryable(e)) throw e;
        await sleep((this.opts.retryDelayMs ?? 500) * 2 ** i);
      }
    }
  }

  /** Submits the row; with a row claimed ahead, that row is on screen before the server has answered. */
  async submit(): Promise<void> {
    const s = this.state;
    const view = s.task;
    if (!view || s.submitting || !this.complete() || this.needsAcknowledgement() || s.expired) return;
    const answer = this.answers.getState().answers;
    const bestEffort = s.bestEffort;
    const id = view.assignment.id;
    this.saver?.dispose();
    this.saver = null;

    if (s.ahead) {
      const next = s.ahead;
      this.set({ ahead: null, inFlight: s.inFlight + 1, done: s.done + 1, actionError: null });
      this.show(next);
      try {
        await this.send(view, answer, bestEffort);
        this.finished(id);
        this.set({ inFlight: this.state.inFlight - 1 });
      } catch (e) {
        this.set({ inFlight: this.state.inFlight - 1, done: this.state.done - 1 });
        this.goBack(view, answer, bestEffort, e);
      }
      return;
    }

    this.set({ submitting: true, actionError: null });
    try {
      await this.send(view, answer, bestEffort);
    } catch (e) {
      this.set({ submitting: false });
      this.goBack(view, answer, bestEffort, e);
      return;
    }
    this.finished(id);
    this.set({ submitting: false, done: this.state.done + 1 });
    await this.start();
  }

  private finished(id: number) {
    clearLocalDraft(id);
    this.integrity.forget(id);
    this.clock.forget(id);
    this.submissionIds.delete(id);
  }

  /** A submit failed: its row comes back with the answer as it was; a row shown meanwhile waits ahead again. */
  private goBack(view: TaskView, answer: RowAnswer, bestEffort: boolean, e: unknown) {
    const shown = this.state.task;
    const extra = this.state.ahead;
    // A claim taken ahead of the row shown meanwhile: one row ahead is enough, give it back now rather
    // than let it hold a slot until its lease runs out.
    if (extra && extra.assignment.id !== view.assignment.id && extra.assignment.id !== shown?.assignment.id) {
      void workApi.release(extra.assignment.id).catch(() => undefined);
      this.set({ ahead: null });
    }
    if (shown && shown.assignment.id !== view.assignment.id) {
      this.memo.set(shown.assignment.id, { answer: this.answers.getState().answers, bestEffort: this.state.bestEffort });
      if (this.saver?.dirty) void this.saver.flush();
      this.set({ ahead: shown });
    }
    this.show(view, { answer, bestEffort });
    // The answer came back from memory: make sure the server and the device have it as a draft again.
    this.saver?.change(answer);
    const expired = e instanceof ApiError && e.status === 409 && /expired/.test(e.message);
    this.set({ actionError: `Not submitted: ${messageOf(e)}`, expired: expired ? messageOf(e) : null });
    this.opts.onNotice?.('error', `Not submitted: ${messageOf(e)}`);
  }

  /** Gives the row back to the pool (Skip) and moves on. */
  async skip(): Promise<void> {
    const s = this.state;
    const view = s.task;
    if (!view || s.submitting) return;
    this.set({ submitting: true, actionError: null });
    try {
      await workApi.release(view.assignment.id);
    } catch (e) {
      this.set({ submitting: false, actionError: `Not skipped: ${messageOf(e)}` });
      return;
    }
    this.saver?.dispose();
    this.saver = null;
    this.finished(view.assignment.id);
    this.set({ submitting: false });
    const ahead = this.state.ahead;
    if (ahead) {
      this.set({ ahead: null });
      this.show(ahead);
    } else await this.start();
  }

  async flag(domain: string, note?: string): Promise<string[]> {
    const view = this.state.task!;
    const { expertise } = await workApi.flag(view.assignment.id, domain, note);
    const now = this.state.task;
    if (now && now.assignment.id === view.assignment.id) this.set({ task: { ...now, row: { ...now.row, expertise } } });
    return expertise;
  }

  async escalate(question: string): Promise<void> {
    await workApi.escalate(this.state.task!.assignment.id, question);
  }

  /** Keeps the lease alive; a lapsed lease is reported so the person can take the row back. */
  async heartbeat(): Promise<void> {
    const view = this.state.task;
    if (!view) return;
    try {
      const { expiresAt } = await workApi.heartbeat(view.assignment.id);
      const now = this.state.task;
      if (now && now.assignment.id === view.assignment.id) {
        this.set({ task: { ...now, assignment: { ...now.assignment, expiresAt } } });
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && this.state.task?.assignment.id === view.assignment.id) {
        this.set({ expired: messageOf(e) });
      }
    }
  }
}
