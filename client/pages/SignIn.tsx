import { useEffect, useState, type FormEvent } from 'react';
import { Redirect, useLocation, useSearch } from 'wouter';
import { useStore } from '../store';
import { ApiError, messageOf } from '../api/client';
import { InlineError } from '../components/Form';

/** Only same-app paths are followed after sign-in, never another site. */
function safeNext(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/signin') ? next : '/';
}

/** Seconds the server asked us to wait (429 too many attempts, 503 busy), from `details.retryAfterS`. */
function retryAfterOf(err: unknown): number {
  if (!(err instanceof ApiError) || (err.status !== 429 && err.status !== 503)) return 0;
  const s = (err.details as { retryAfterS?: unknown } | undefined)?.retryAfterS;
  return typeof s === 'number' && s > 0 ? s : 0;
}

/** Counts down to `until` (ms since epoch), once a second. */
function useSecondsLeft(until: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (until <= Date.now()) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [until]);
  return Math.max(0, Math.ceil((until - now) / 1000));
}

export default function SignIn() {
  const user = useStore((s) => s.user);
  const signIn = useStore((s) => s.signIn);
  const notice = useStore((s) => s.sessionNotice);
  const search = useSearch();
  const [, navigate] = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [waitUntil, setWaitUntil] = useState(0);
  const wait = useSecondsLeft(waitUntil);

  if (user) return <Redirect to={safeNext(search)} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
      navigate(safeNext(search), { replace: true });
    } catch (err) {
      setError(messageOf(err));
      setWaitUntil(Date.now() + retryAfterOf(err) * 1000);
      setBusy(false);
    }
  }

  return (
    <div className="signin-page">
      <div className="signin-card card">
        <div className="signin-brand">
          <svg viewBox="0 0 32 32" width="36" height="36" aria-hidden="true">
            <rect width="32" height="32" rx="7" fill="currentColor" />
            <path d="M9 23l7-14 7 14z" fill="none" stroke="white" strokeWidth="2.5" strokeLinejoin="round" />
          </svg>
          <div>
            <h1>Sign in to Triad</h1>
            <p className="muted">Two labels, one review, every row.</p>
          </div>
        </div>
        {notice && !error && <div className="notice">{notice}</div>}
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label className="field-label" htmlFor="signin-email">Email</label>
            <input
              id="signin-email" className="input" type="email" autoComplete="username" autoFocus required
              value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={error ? true : undefined}
            />
          </div>
          <div className="field">
            <label className="field-label" htmlFor="signin-password">Password</label>
            <input
              id="signin-password" className="input" type="password" autoComplete="current-password" required
              value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={error ? true : undefined}
            />
          </div>
          <InlineError>{error}</InlineError>
          <button type="submit" className="btn btn-primary btn-block" disabled={busy || wait > 0}>
            {busy ? 'Signing in…' : wait > 0 ? `Try again in ${wait} s` : 'Sign in'}
          </button>
        </form>
      </div>
    </div>
  );
}
