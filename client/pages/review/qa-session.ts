import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import type { QaTask } from '../../api/review';
import { reviewApi } from '../../api/review';
import type { AnswerStore } from '../../tasks/answer-store';
import { ActiveClock } from '../../session/active-clock';
import { DraftSaver, type SaveState } from '../../session/drafts';
import { useHeartbeat } from '../../session/heartbeat';
import { newSubmissionId } from '../../session/submission-id';
import { finalAnswer } from './review-model';

export interface QaSession {
  /** Active time on this claim so far, by the same idle rule as labeling. */
  activeMs(): number;
  /** The draft autosave's state; null until the reviewer changes something. */
  save: { state: SaveState; message?: string } | null;
  /** The claim lapsed or was taken away: the server's words. */
  lost: string | null;
  setLost(message: string): void;
  submissionId: string;
  /** The claim is resolved: its draft (and the copy on this device) is done with. */
  finish(): void;
}

/**
 * The label session's pieces for one QA claim: the active clock, the draft autosave (with its copy on the
 * device) and the heartbeat, so review counts and keeps work exactly as labeling does.
 */
export function useQaSession(task: QaTask, store: AnswerStore): QaSession {
  const id = task.assignment.id;
  const [clock] = useState(() => new ActiveClock());
  const [submissionId] = useState(newSubmissionId);
  const [save, setSave] = useState<QaSession['save']>(null);
  const [lost, setLost] = useState<string | null>(null);
  const saver = useRef<DraftSaver | null>(null);

  useEffect(() => {
    clock.start(id);
    const detach = clock.attach();
    const s = new DraftSaver(id, { onState: (state, message) => setSave({ state, message }) });
    saver.current = s;
    let seen = store.getState().answers;
    const unsubscribe = store.subscribe((st) => {
      if (st.answers === seen) return;
      seen = st.answers;
      s.change(finalAnswer(task.schema, st.answers));
    });
    const onHide = () => {
      if (s.dirty) s.flushOnUnload();
    };
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      unsubscribe();
      s.dispose();
      detach();
    };
  }, [clock, id, store, task.schema]);

  useHeartbeat(
    () =>
      void reviewApi.heartbeat(id).catch((err) => {
        if (err instanceof ApiError && err.status === 409) setLost(err.message);
      }),
    id,
    task.assignment.claimedAt,
    task.assignment.expiresAt - task.assignment.claimedAt,
  );

  return { activeMs: () => clock.ms(id), save, lost, setLost, submissionId, finish: () => saver.current?.finish() };
}
