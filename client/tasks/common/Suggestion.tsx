import type { ReactNode } from 'react';
import './common.css';

/**
 * The box a model's suggestion sits in: visibly apart from the person's answer until accepted, so a
 * prelabel is confirmed or corrected, never silently kept.
 */
export function SuggestionBar({
  children,
  onAccept,
  acceptLabel = 'Use suggestion',
  accepted,
  readOnly,
}: {
  children?: ReactNode;
  onAccept(): void;
  acceptLabel?: string;
  /** The value already equals the suggestion. */
  accepted?: boolean;
  readOnly?: boolean;
}) {
  return (
    <div className={`tk-suggestion${accepted ? ' is-accepted' : ''}`} role="note" aria-label="Suggestion">
      <span className="tk-badge">suggested</span>
      <div className="tk-suggestion-body">{children}</div>
      {accepted ? (
        <span className="tk-muted">accepted</span>
      ) : (
        <button type="button" className="tk-btn" onClick={onAccept} disabled={readOnly}>
          {acceptLabel}
        </button>
      )}
    </div>
  );
}
