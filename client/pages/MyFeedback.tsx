import { useEffect, useState } from 'react';
import type { MyReviewReasonDto } from '@shared/review-reasons';
import { api } from '../api/client';

const ACTION_TEXT: Record<MyReviewReasonDto['action'], string> = {
  overrule: 'Final differs from your label',
  send_back: 'Sent back for a new round',
};

/**
 * A labeler's own history of what reviewers said about their labels (issue 18): the reason picked, the
 * note, and where the final differs. Only their own labels: nothing of the other labeler's answer.
 */
export function MyFeedback({ projectId }: { projectId: number }) {
  const [items, setItems] = useState<MyReviewReasonDto[] | null>(null);
  useEffect(() => {
    let live = true;
    api.get<{ feedback: MyReviewReasonDto[] }>(`/projects/${projectId}/my-feedback`).then((r) => live && setItems(r.feedback), () => live && setItems([]));
    return () => {
      live = false;
    };
  }, [projectId]);
  if (!items) return null;
  return (
    <section className="card section" aria-labelledby="feedback-title">
      <h2 id="feedback-title">Review feedback on your labels</h2>
      {items.length === 0 ? (
        <p className="muted">No reviewer has overruled your labels or sent your rows back.</p>
      ) : (
        <table className="table" aria-label="Review feedback on your labels">
          <thead>
            <tr><th>When</th><th>Row</th><th>What happened</th><th>Reason</th><th>Note</th></tr>
          </thead>
          <tbody>
            {items.map((f, i) => (
              <tr key={i}>
                <td className="muted">{new Date(f.at).toLocaleString()}</td>
                <td>{f.externalId ?? `#${f.rowId}`}{f.round > 1 ? ` (round ${f.round})` : ''}</td>
                <td>{ACTION_TEXT[f.action]}{f.questions.length ? `: ${f.questions.join(', ')}` : ''}</td>
                <td><strong>{f.reason}</strong></td>
                <td>{f.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
