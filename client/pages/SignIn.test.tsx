import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import SignIn from './SignIn';
import { resetStore, useStore } from '../store';
import { apiError, demoUser, fakeApi, renderAt } from '../testing/fakeApi';

beforeEach(() => resetStore());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('SignIn', () => {
  it('shows the server\'s message inline when the password is wrong, and stays signed out', async () => {
    const api = fakeApi({
      'POST /api/auth/login': () => apiError(401, 'unauthorized', 'wrong email or password'),
    });
    renderAt(<SignIn />, '/signin');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Email'), 'lead@triad.test');
    await user.type(screen.getByLabelText('Password'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('wrong email or password');
    expect(api.callsTo('POST', '/api/auth/login')[0].body).toEqual({ email: 'lead@triad.test', password: 'nope' });
    expect(useStore.getState().user).toBeNull();
    expect(screen.getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows a 429\'s wait and holds the button until it has passed', async () => {
    fakeApi({
      'POST /api/auth/login': () => apiError(429, 'rate_limited', 'too many sign-in attempts for this account: try again in 1 s', { retryAfterS: 1 }),
    });
    renderAt(<SignIn />, '/signin');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Email'), 'lead@triad.test');
    await user.type(screen.getByLabelText('Password'), 'nope{Enter}');

    expect(await screen.findByRole('alert')).toHaveTextContent('too many sign-in attempts for this account: try again in 1 s');
    expect(screen.getByRole('button', { name: 'Try again in 1 s' })).toBeDisabled();
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled(), { timeout: 3000 });
  });

  it('signs in and goes to the page it was sent from', async () => {
    fakeApi({ 'POST /api/auth/login': () => ({ user: demoUser() }) });
    const { location } = renderAt(<SignIn />, '/signin?next=%2Fprojects%2F3');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Email'), 'lead@triad.test');
    await user.type(screen.getByLabelText('Password'), 'triad-demo{Enter}');

    await vi.waitFor(() => expect(location.history.at(-1)).toBe('/projects/3'));
    expect(useStore.getState().user?.email).toBe('lead@triad.test');
  });

  it('never follows a next= that leaves the app', async () => {
    fakeApi({ 'POST /api/auth/login': () => ({ user: demoUser() }) });
    const { location } = renderAt(<SignIn />, '/signin?next=%2F%2Fevil.example');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Email'), 'lead@triad.test');
    await user.type(screen.getByLabelText('Password'), 'triad-demo{Enter}');
    await vi.waitFor(() => expect(location.history.at(-1)).toBe('/'));
  });

  it('explains why a person was sent back here when their session expired', async () => {
    useStore.setState({ user: demoUser(), sessionStatus: 'signedIn' });
    fakeApi({ 'GET /api/projects': () => apiError(401, 'unauthorized', 'your session has expired: sign in again') });
    await useStore.getState().loadProjects();
    expect(useStore.getState().user).toBeNull();
    renderAt(<SignIn />, '/signin');
    expect(screen.getByText('your session has expired: sign in again')).toBeInTheDocument();
  });
});
