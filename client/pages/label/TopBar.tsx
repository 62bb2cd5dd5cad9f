import { Link } from 'wouter';
import { ActionKbd, useKeyText } from '../../hotkeys/ActionKbd';
import { projectPaths } from '../../routes';
import { formatDuration, useActiveMs, type ActiveClock } from '../../session/active-clock';
import type { SaveState } from '../../session/drafts';

const SAVE_TEXT: Record<SaveState, string> = {
  saved: 'Draft saved',
  pending: 'Editing…',
  saving: 'Saving…',
  offline: 'Offline: kept on this device',
  failed: 'Draft not saved',
};

export function ActiveTimer({ clock, assignmentId }: { clock: ActiveClock; assignmentId: number | null }) {
  const { ms, running } = useActiveMs(clock, assignmentId);
  return (
    <span
      className={`lb-timer${running ? '' : ' is-paused'}`}
      title={running ? 'Active time on this row' : 'Paused: the tab is hidden or you have been idle for a minute'}
      aria-label={`Active time ${formatDuration(ms)}${running ? '' : ', paused'}`}
      data-testid="active-timer"
    >
      {formatDuration(ms)}
    </span>
  );
}

export interface TopBarProps {
  projectId: number;
  projectName: string;
  externalId: string | null;
  /** done: labels submitted today (the server's count at load plus this page's); total: in all, in this project. */
  progress: { done: number; total?: number; final?: number; rows?: number };
  guidelineVersion: number | null;
  guidelinesOpen: boolean;
  onToggleGuidelines(): void;
  clock: ActiveClock;
  assignmentId: number | null;
  save: { state: SaveState; message?: string };
  bestEffort: boolean;
  onBestEffort(on: boolean): void;
  onSkip(): void;
  onFlag(): void;
  onEscalate(): void;
  onSubmit(): void;
  onHelp(): void;
  /** Why Submit is disabled, in words; null when it is enabled. */
  blocked: string | null;
  busy: boolean;
  inFlight: number;
}

export function TopBar(p: TopBarProps) {
  const k = useKeyText();
  return (
    <div className="lb-topbar" role="toolbar" aria-label="Row actions">
      <div className="lb-topbar-info">
        <div className="lb-topbar-id">
          <Link href={projectPaths.home(p.projectId)} className="lb-project">{p.projectName}</Link>
          {p.externalId && <span className="lb-row-id" title="Row id">{p.externalId}</span>}
        </div>
        <div className="lb-progress" aria-label="Progress">
          <span title="Rows you labeled in this project: today, and in all">
            <strong data-testid="done-count">{p.progress.done}</strong> done today
            {p.progress.total !== undefined && (
              <span className="lb-muted"> · <strong data-testid="done-total">{p.progress.total}</strong> in all</span>
            )}
          </span>
          {p.progress.rows !== undefined && p.progress.rows > 0 && (
            <span className="lb-muted">
              {' '}· {p.progress.final} of {p.progress.rows} final
            </span>
          )}
          {p.inFlight > 0 && <span className="lb-muted"> · sending…</span>}
        </div>
        <button type="button" title={`Guidelines (${k('guidelines')})`} className={`btn btn-ghost btn-sm${p.guidelinesOpen ? ' is-on' : ''}`} aria-pressed={p.guidelinesOpen} onClick={p.onToggleGuidelines}>
          Guidelines{p.guidelineVersion !== null ? ` v${p.guidelineVersion}` : ''}
        </button>
        <ActiveTimer clock={p.clock} assignmentId={p.assignmentId} />
        <span className={`lb-save is-${p.save.state}`} role="status" title={p.save.message} data-testid="save-state">
          {SAVE_TEXT[p.save.state]}
        </span>
      </div>
      <div className="lb-topbar-actions">
        <button type="button" className="btn btn-ghost btn-sm" onClick={p.onHelp} aria-label="Keyboard shortcuts">
          <ActionKbd action="help" />
        </button>
        <label className="lb-toggle" title={`Mark this answer as your best effort, outside your expertise (${k('best-effort')})`}>
          <input type="checkbox" checked={p.bestEffort} onChange={(e) => p.onBestEffort(e.target.checked)} />
          Best effort
        </label>
        <button type="button" className="btn btn-secondary btn-sm" title={`Flag: this row needs a domain expert (${k('flag')})`} onClick={p.onFlag} disabled={p.busy}>
          Flag needs expert
        </button>
        <button type="button" className="btn btn-secondary btn-sm" title={`Escalate a question to the leads (${k('escalate')})`} onClick={p.onEscalate} disabled={p.busy}>
          Escalate
        </button>
        <button type="button" className="btn btn-secondary btn-sm" title={`Skip: give this row back (${k('skip')})`} onClick={p.onSkip} disabled={p.busy}>
          Skip
        </button>
        <button
          type="button"
          className="btn btn-primary btn-sm lb-submit"
          onClick={p.onSubmit}
          disabled={p.blocked !== null || p.busy}
          aria-describedby={p.blocked ? 'lb-blocked' : undefined}
        >
          Submit <ActionKbd action="submit" />
        </button>
      </div>
    </div>
  );
}
