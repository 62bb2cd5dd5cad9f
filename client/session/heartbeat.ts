import { useEffect, useRef } from 'react';
import { heartbeatEveryMs } from './idle';

/**
 * Keeps a claim's lease alive while its tab is visible, for labeling and review alike. A hidden tab does
 * not beat (a claim forgotten in a background tab lapses and goes back to the pool), and beats as soon as
 * it is shown again if a beat is due.
 */
export function useHeartbeat(beat: () => void, assignmentId: number | null, claimedAt: number | null, leaseMs: number): void {
  const latest = useRef(beat);
  latest.current = beat;
  useEffect(() => {
    if (assignmentId === null) return;
    const every = heartbeatEveryMs(leaseMs);
    let last = claimedAt ?? Date.now();
    const run = () => {
      last = Date.now();
      latest.current();
    };
    // A row that waited ahead has used part of its lease already: renew it as soon as it is on screen.
    if (Date.now() - last >= every) run();
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') run();
    }, every);
    const onVisible = () => {
      if (document.visibilityState === 'visible' && Date.now() - last >= every) run();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [assignmentId, claimedAt, leaseMs]);
}
