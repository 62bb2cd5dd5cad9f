import type { ReactNode } from 'react';

/** An error from the server (or the form), next to what caused it; read out by screen readers. */
export function InlineError({ children, id }: { children: ReactNode; id?: string }) {
  if (!children) return null;
  return <div className="inline-error" role="alert" id={id}>{children}</div>;
}

export function Field({ label, hint, error, children, htmlFor }: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  htmlFor?: string;
  children: ReactNode;
}) {
  return (
    <div className={error ? 'field has-error' : 'field'}>
      <label className="field-label" htmlFor={htmlFor}>{label}</label>
      {children}
      {hint && !error && <div className="field-hint">{hint}</div>}
      {error && <div className="field-error">{error}</div>}
    </div>
  );
}

/** "finance, CS , medical" → ["finance", "cs", "medical"]: the comma-tag inputs of the admin pages. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))];
}

export function PageHeader({ title, subtitle, actions, children }: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div className="page-header-text">
        <h1>{title}</h1>
        {subtitle && <p className="page-subtitle">{subtitle}</p>}
        {children}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}
