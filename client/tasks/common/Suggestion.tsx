import type { ReactNode } from 'react';
import { ActionKbd } from '../../hotkeys/ActionKbd';
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
          {acceptLabel} <ActionKbd action="use-suggestion" />
        </button>
      )}
    </div>
  );
}

/**
 * A model's suggested items (segments, spans) as a list apart from the person's own, with "accept all" on
 * the same hotkey in every editor that has one.
 */
export function SuggestionList({
  className,
  count,
  noun,
  readOnly,
  onAcceptAll,
  children,
}: {
  className: string;
  count: number;
  /** What one suggested item is called ("segment"). */
  noun: string;
  readOnly?: boolean;
  onAcceptAll(): void;
  /** The list itself. */
  children: ReactNode;
}) {
  return (
    <section className={`tk-suggestion ${className}`} aria-label="Suggestions">
      <div className="tk-toolbar">
        <span className="tk-badge">suggested</span>
        <span className="tk-muted">
          {count} suggested {noun}
          {count > 1 ? 's' : ''}
        </span>
        <button type="button" className="tk-btn" disabled={readOnly} onClick={onAcceptAll}>
          Accept all <ActionKbd action="use-suggestion" />
        </button>
      </div>
      {children}
    </section>
  );
}
