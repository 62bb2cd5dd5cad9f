import { Suspense, lazy, useMemo, useState } from 'react';
import type { GuidelinesDto } from '@shared/api/console';
import { ActionKbd } from '../../hotkeys/ActionKbd';

// react-markdown and its plugins are the heaviest part of the page and not needed to label: loaded on open.
const Markdown = lazy(() => import('./Markdown'));

/** Splits markdown at its headings, so a search can show just the sections that mention the words. */
export function sections(md: string): string[] {
  return md.split(/^(?=#{1,6}\s)/m).filter((s) => s.trim() !== '');
}

export function countMatches(text: string, query: string): number {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const t = text.toLowerCase();
  let n = 0;
  for (let i = t.indexOf(q); i >= 0; i = t.indexOf(q, i + q.length)) n++;
  return n;
}

export function GuidelinesPanel({
  guidelines,
  error,
  mustAcknowledge,
  onAcknowledge,
  acknowledging,
  onClose,
}: {
  guidelines: GuidelinesDto | null;
  error: string | null;
  mustAcknowledge: boolean;
  onAcknowledge(version: number): void;
  acknowledging: boolean;
  onClose(): void;
}) {
  const [query, setQuery] = useState('');
  const current = guidelines?.current ?? null;
  const shown = useMemo(() => {
    if (!current) return { body: '', matches: 0, sections: 0 };
    if (!query.trim()) return { body: current.body, matches: 0, sections: 0 };
    const hits = sections(current.body).filter((s) => countMatches(s, query) > 0);
    return { body: hits.join('\n\n'), matches: countMatches(current.body, query), sections: hits.length };
  }, [current, query]);

  return (
    <aside className="lb-guidelines" aria-label="Guidelines">
      <header className="lb-guidelines-head">
        <h2>Guidelines{current && <span className="lb-muted"> · version {current.version}</span>}</h2>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onClose} aria-label="Close the guidelines">
          Close
        </button>
      </header>
      {error && <div className="inline-error" role="alert">{error}</div>}
      {!guidelines && !error && <div className="lb-muted" role="status">Loading the guidelines…</div>}
      {guidelines && !current && <p className="lb-muted">This project has no guidelines yet.</p>}
      {current && (
        <>
          {mustAcknowledge && (
            <div className="lb-ack">
              <p>
                Version {current.version} is new to you{current.note ? ` (${current.note})` : ''}. Read it, then confirm: submitting
                waits for this.
              </p>
              <button type="button" className="btn btn-primary btn-sm" disabled={acknowledging} onClick={() => onAcknowledge(current.version)}>
                I have read version {current.version} <ActionKbd action="acknowledge-guidelines" />
              </button>
            </div>
          )}
          <input
            type="search"
            className="input input-sm lb-guidelines-search"
            placeholder="Search the guidelines"
            aria-label="Search the guidelines"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                setQuery('');
              }
            }}
          />
          {query.trim() && (
            <p className="lb-muted" role="status">
              {shown.matches === 0
                ? `No match for “${query.trim()}”.`
                : `${shown.matches} match${shown.matches === 1 ? '' : 'es'} in ${shown.sections} section${shown.sections === 1 ? '' : 's'}`}
            </p>
          )}
          <div className="lb-markdown">
            <Suspense fallback={<div className="lb-muted">Rendering…</div>}>
              <Markdown source={shown.body} highlight={query} />
            </Suspense>
          </div>
        </>
      )}
    </aside>
  );
}
