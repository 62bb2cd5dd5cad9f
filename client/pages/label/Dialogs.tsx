import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { messageOf } from '../../api/client';
import { useEscapeToClose } from '../../hotkeys/useEscape';

function Dialog({ title, onClose, children }: { title: string; onClose(): void; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.querySelector<HTMLElement>('input, textarea, select')?.focus();
  }, [onClose]);
  useEscapeToClose(onClose);
  return (
    <div className="lb-dialog-backdrop" onMouseDown={onClose}>
      <div ref={box} className="lb-dialog" role="dialog" aria-modal="true" aria-label={title} onMouseDown={(e) => e.stopPropagation()}>
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}

/** Shared form plumbing: a pending flag and the server's refusal shown in place. */
function useAction(run: () => Promise<void>, onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await run();
      onDone();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit };
}

const COMMON_DOMAINS = ['finance', 'cs', 'medical', 'legal', 'science'];

export function FlagDialog({
  current,
  suggestions,
  onFlag,
  onClose,
}: {
  current: readonly string[];
  suggestions: readonly string[];
  onFlag(domain: string, note: string): Promise<void>;
  onClose(): void;
}) {
  const [domain, setDomain] = useState('');
  const [note, setNote] = useState('');
  const { busy, error, submit } = useAction(() => onFlag(domain.trim().toLowerCase(), note.trim()), onClose);
  const options = [...new Set([...suggestions, ...COMMON_DOMAINS])].filter((d) => !current.includes(d));
  return (
    <Dialog title="Flag: this row needs an expert" onClose={onClose}>
      <form onSubmit={submit} className="lb-dialog-form">
        <p className="lb-muted">
          The row then goes to someone with this expertise as well. {current.length > 0 && <>Already needed: {current.join(', ')}.</>}
        </p>
        <label className="field">
          <span className="field-label">Domain</span>
          <input className="input" list="lb-domains" value={domain} onChange={(e) => setDomain(e.target.value)} required placeholder="e.g. finance" />
          <datalist id="lb-domains">
            {options.map((d) => (
              <option key={d} value={d} />
            ))}
          </datalist>
        </label>
        <div className="lb-chip-row">
          {options.slice(0, 6).map((d) => (
            <button key={d} type="button" className={`btn btn-ghost btn-sm${domain === d ? ' is-on' : ''}`} onClick={() => setDomain(d)}>
              {d}
            </button>
          ))}
        </div>
        <label className="field">
          <span className="field-label">Note for the expert (optional)</span>
          <textarea className="input" rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        {error && <div className="inline-error" role="alert">{error}</div>}
        <div className="form-actions">
          <button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button>
          <button type="submit" className="btn btn-primary" disabled={busy || !domain.trim()}>Flag row</button>
        </div>
      </form>
    </Dialog>
  );
}

export function EscalateDialog({ onEscalate, onClose }: { onEscalate(question: string): Promise<void>; onClose(): void }) {
  const [question, setQuestion] = useState('');
  const { busy, error, submit } = useAction(() => onEscalate(question.trim()), onClose);
  return (
    <Dialog title="Escalate a question to the leads" onClose={onClose}>
      <form onSubmit={submit} className="lb-dialog-form">
        <p className="lb-muted">An ambiguous case or a gap in the guidelines. You keep the row; the leads see your question beside it.</p>
        <label className="field">
          <span className="field-label">Your question</span>
          <textarea className="input" rows={4} value={question} onChange={(e) => setQuestion(e.target.value)} required />
        </label>
        {error && <div className="inline-error" role="alert">{error}</div>}
        <div className="form-actions">
          <button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button>
          <button type="submit" className="btn btn-primary" disabled={busy || !question.trim()}>Send to the leads</button>
        </div>
      </form>
    </Dialog>
  );
}
