import { useState, type ReactNode } from 'react';

/**
 * A secret the server shows this once (an API token, a webhook's signing secret): selected on focus, a
 * Copy button, and "I have stored it" to put it away. The server keeps no way to show it again.
 */
export function SecretOnce({ label, inputLabel, value, onDone, children, hint }: {
  /** The notice's accessible name. */
  label: string;
  inputLabel: string;
  value: string;
  onDone: () => void;
  /** The line above the secret. */
  children: ReactNode;
  /** The line below it: how to use it. */
  hint: ReactNode;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="notice token-secret" role="status" aria-label={label}>
      <p>{children}</p>
      <div className="inline-form">
        <input className="input token-value" readOnly value={value} aria-label={inputLabel} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button" className="btn btn-secondary btn-sm"
          onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(true), () => setCopied(false))}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onDone}>I have stored it</button>
      </div>
      <p className="field-hint">{hint}</p>
    </div>
  );
}
