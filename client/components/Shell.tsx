import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useStore } from '../store';
import { Badge } from './Badges';

function NavLink({ href, children, match }: { href: string; children: ReactNode; match: (path: string) => boolean }) {
  const [location] = useLocation();
  const active = match(location);
  return (
    <Link href={href} className={active ? 'nav-link active' : 'nav-link'} aria-current={active ? 'page' : undefined}>
      {children}
    </Link>
  );
}

function UserMenu() {
  const user = useStore((s) => s.user);
  const signOut = useStore((s) => s.signOut);
  const [, navigate] = useLocation();
  if (!user) return null;
  const initials = user.name.split(/\s+/).map((w) => w[0]).join('').slice(0, 2).toUpperCase();
  return (
    <div className="user-menu">
      <span className="avatar" aria-hidden="true">{initials}</span>
      <Link href="/account" className="user-id" title="Your account and API tokens">
        <span className="user-name" data-testid="current-user">{user.name}</span>
        <span className="user-email">{user.email}</span>
      </Link>
      {user.isAdmin && <Badge tone="accent">admin</Badge>}
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        onClick={async () => {
          await signOut().catch(() => undefined);
          navigate('/signin', { replace: true });
        }}
      >
        Sign out
      </button>
    </div>
  );
}

/** The frame around every signed-in page: top bar with the app name, navigation and the current person. */
export function Shell({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const user = useStore((s) => s.user);
  return (
    <div className="app">
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <Link href="/" className="brand" aria-label="Triad, all projects">
          <svg viewBox="0 0 32 32" width="22" height="22" aria-hidden="true">
            <rect width="32" height="32" rx="7" fill="currentColor" />
            <path d="M9 23l7-14 7 14z" fill="none" stroke="white" strokeWidth="2.5" strokeLinejoin="round" />
          </svg>
          <span>Triad</span>
        </Link>
        {user && (
          <nav className="nav" aria-label="Main">
            <NavLink href="/" match={(p) => p === '/' || p.startsWith('/projects')}>Projects</NavLink>
            <NavLink href="/assessments" match={(p) => p.startsWith('/assessments') || p.startsWith('/grading')}>Assessments</NavLink>
            {user.isAdmin && <NavLink href="/admin/users" match={(p) => p.startsWith('/admin')}>Users</NavLink>}
          </nav>
        )}
        <div className="topbar-spacer" />
        <UserMenu />
      </header>
      <main id="main" className={wide ? 'main main-wide' : 'main'}>
        {children}
      </main>
    </div>
  );
}
