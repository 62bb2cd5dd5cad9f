import { useMemo } from 'react';
import type { RowHistory } from '../../../api/console';
import { when } from '../format';
import { buildTimeline } from './timeline';

const KIND_LABEL = { claim: 'claim', draft: 'draft', submit: 'label', qa: 'QA', final: 'final', escalation: 'escalation', release: 'release', lead: 'lead' } as const;

/** The row's one timeline, oldest first; answers and drafts fold out under their line. */
export function RowTimeline({ history }: { history: RowHistory }) {
  const events = useMemo(() => buildTimeline(history), [history]);
  if (!events.length) return <p className="muted">Nobody has worked on this row yet.</p>;
  return (
    <ol className="timeline" aria-label="Timeline">
      {events.map((e) => (
        <li key={e.key} data-kind={e.kind}>
          <span className="timeline-when">{when(e.at)}</span>
          <span>
            <span className={`timeline-kind kind-${e.kind}`}>{KIND_LABEL[e.kind]}</span> {e.text}
            {e.detail !== undefined && (
              <details><summary>answer</summary><pre className="history-json">{JSON.stringify(e.detail, null, 2)}</pre></details>
            )}
          </span>
        </li>
      ))}
    </ol>
  );
}
