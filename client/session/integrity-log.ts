import type { IntegrityReport } from '@shared/api/integrity';
import type { PasteEvent } from '@shared/api/assessments';

/**
 * What the workbench and the assessment page report of how an answer was made (issue 16): paste events
 * into a question's inputs, how long the row took to show and how long it was on screen before the
 * submit. The server reads them as integrity signals for leads; nothing here stops anyone.
 */
export class IntegrityLog {
  private byClaim = new Map<number, { shownAt: number; loadMs?: number; pastes: PasteEvent[] }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The claim's row is on screen; `loadMs`: how long it took from asking for it. */
  shown(id: number, loadMs?: number): void {
    const known = this.byClaim.get(id);
    // Shown again (back after a failed submit): the first showing counts.
    if (known) return;
    this.byClaim.set(id, { shownAt: this.now(), loadMs: loadMs === undefined ? undefined : Math.round(loadMs), pastes: [] });
  }

  paste(id: number, question: string, chars: number): void {
    const c = this.byClaim.get(id);
    // The server keeps the first ones; more would only weigh on the submission.
    if (c && c.pastes.length < 100) c.pastes.push({ question, chars });
  }

  report(id: number): NonNullable<IntegrityReport> | undefined {
    const c = this.byClaim.get(id);
    if (!c) return undefined;
    return { pastes: c.pastes, shownMs: Math.max(0, Math.round(this.now() - c.shownAt)), ...(c.loadMs === undefined ? {} : { loadMs: c.loadMs }) };
  }

  forget(id: number): void {
    this.byClaim.delete(id);
  }
}

/**
 * Calls `onPaste` with the question (the nearest `data-question` around the field) and the size of each
 * paste of text under `root`. Returns the function that stops listening.
 */
export function listenForPastes(root: Document | HTMLElement, onPaste: (question: string, chars: number) => void): () => void {
  const handler = (e: Event) => {
    const ce = e as ClipboardEvent;
    const target = ce.target instanceof Element ? ce.target : null;
    const question = target?.closest<HTMLElement>('[data-question]')?.dataset.question;
    const chars = ce.clipboardData?.getData('text/plain').length ?? 0;
    if (question && chars > 0) onPaste(question, chars);
  };
  // Capture: an editor that handles the paste itself (and stops it) is still seen.
  root.addEventListener('paste', handler, true);
  return () => root.removeEventListener('paste', handler, true);
}
