import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../../api/client';
import { InlineError } from '../../components/Form';

/** The note of a send-back or the question of an escalation, required before it goes. */
export function OutcomeForm({
  title,
  label,
  hint,
  submit,
  required,
  reasons,
  onSubmit,
  onCancel,
}: {
  title: string;
  label: string;
  hint: string;
  submit: string;
  required: string;
  /** A reason to pick too (send back), from the project's list; the labelers read it in their history. */
  reasons?: readonly string[];
  onSubmit(text: string, reason?: string): Promise<void>;
  onCancel(): void;
}) {
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), []);
  const id = `rv-outcome-${submit.replace(/\s+/g, '-').toLowerCase()}`;
  return (
    <form
      className="rv-outcome card"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        if (reasons && !reason) {
          setError('Pick a reason: the labelers read it with your note.');
          return;
        }
        if (!text.trim()) {
          setError(required);
          area.current?.focus();
          return;
        }
        setBusy(true);
        onSubmit(text.trim(), reasons ? reason : undefined).catch((err: unknown) => {
          setBusy(false);
          setError(messageOf(err));
        });
      }}
      onKeyDown={(e) => {
        // Ctrl+Enter in the note sends it; without this the page-wide Accept would fire instead.
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          e.currentTarget.requestSubmit();
          return;
        }
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <h2 className="rv-outcome-title">{title}</h2>
      {reasons && (
        <>
          <label className="field-label" htmlFor={`${id}-reason`}>Reason</label>
          <select id={`${id}-reason`} className="input" value={reason} onChange={(e) => { setReason(e.target.value); setError(null); }}>
            <option value="">Pick a reason…</option>
            {reasons.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </>
      )}
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <textarea
        id={id}
        ref={area}
        className="input"
        rows={3}
        value={text}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
      />
      <div className="field-hint">{hint}</div>
      <InlineError>{error}</InlineError>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {submit}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
