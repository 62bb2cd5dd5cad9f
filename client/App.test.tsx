import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from './App';
import { resetStore } from './store';
import { apiError, demoUser, fakeApi } from './testing/fakeApi';

beforeEach(() => resetStore());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

describe('App session handling', () => {
  it('sends a visitor without a session to sign-in, then back where they were going', async () => {
    window.history.replaceState(null, '', '/projects/new');
    fakeApi({
      'GET /api/auth/me': () => apiError(401, 'unauthorized', 'sign in first'),
      'POST /api/auth/login': () => ({ user: demoUser() }),
    });
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Sign in to Triad' })).toBeInTheDocument();
    expect(window.location.pathname).toBe('/signin');
    expect(new URLSearchParams(window.location.search).get('next')).toBe('/projects/new');

    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Email'), 'lead@triad.test');
    await user.type(screen.getByLabelText('Password'), 'triad-demo{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'New project' })).toBeInTheDocument();
    expect(window.location.pathname).toBe('/projects/new');
  });

  it('returns to sign-in when any request answers 401 mid-session', async () => {
    window.history.replaceState(null, '', '/');
    fakeApi({
      'GET /api/auth/me': () => ({ user: demoUser() }),
      'GET /api/projects': () => apiError(401, 'unauthorized', 'your session has expired: sign in again'),
    });
    render(<App />);
    expect(await screen.findByText('your session has expired: sign in again')).toBeInTheDocument();
    expect(window.location.pathname).toBe('/signin');
  });

  it('keeps user administration from people who are not admins', async () => {
    window.history.replaceState(null, '', '/admin/users');
    fakeApi({ 'GET /api/auth/me': () => ({ user: demoUser({ isAdmin: false, email: 'cat@triad.test', name: 'Cat Carter' }) }) });
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Users' })).not.toBeInTheDocument();
    expect(screen.getByTestId('current-user')).toHaveTextContent('Cat Carter');
  });
});
