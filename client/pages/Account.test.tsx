import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AdminTokenDto, TokenDto } from '@shared/api/tokens';
import Account from './Account';
import { AdminTokens } from './AdminTokens';
import { apiError, fakeApi, renderAt, signedInEachTest } from '../testing/fakeApi';

const DAY = 86_400_000;
const token = (id: number, over: Partial<TokenDto> = {}): TokenDto => ({
  id, name: `token ${id}`, hint: 'triad_AbCd', projectId: null, projectName: null, readOnly: false,
  createdAt: Date.UTC(2026, 10, 1), expiresAt: Date.UTC(2026, 10, 1) + 90 * DAY, lastUsedAt: null, revokedAt: null, status: 'active', ...over,
});
const SECRET = 'triad_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg';

signedInEachTest({ isAdmin: false, name: 'Ann Annotator', email: 'ann@triad.test' });

describe('Account page: API tokens', () => {
  it('creates a scoped read-only token, shows its secret once, and lists it', async () => {
    const api = fakeApi({
      'GET /api/tokens': () => ({ tokens: [token(1, { name: 'old script', lastUsedAt: Date.UTC(2026, 10, 3, 14, 5) })] }),
      'GET /api/projects': () => ({ projects: [{ id: 7, name: 'Support tickets' }, { id: 8, name: 'Receipts' }] }),
      'POST /api/tokens': (call) => {
        const b = call.body as { name: string; projectId: number | null; readOnly: boolean; expiresInDays: number };
        return { token: token(2, { name: b.name, projectId: b.projectId, projectName: 'Receipts', readOnly: b.readOnly }), secret: SECRET };
      },
    });
    renderAt(<Account />, '/account');
    await screen.findByTestId('token-1');
    expect(screen.getByTestId('token-1').textContent).toContain('old script');
    const form = screen.getByRole('form', { name: 'Create an API token' });
    const u = userEvent.setup();
    await u.type(within(form).getByLabelText('Name'), 'nightly import');
    await u.selectOptions(within(form).getByLabelText('Expires after'), '30');
    await screen.findByRole('option', { name: 'Only Receipts' });
    await u.selectOptions(within(form).getByLabelText('Reaches'), 'Only Receipts');
    await u.click(within(form).getByLabelText('Read-only (every change refused)'));
    await u.click(within(form).getByRole('button', { name: 'Create token' }));

    expect((await screen.findByLabelText('Your new API token') as HTMLInputElement).value).toBe(SECRET);
    expect(api.callsTo('POST', '/api/tokens').map((c) => c.body)).toEqual([{ name: 'nightly import', expiresInDays: 30, projectId: 8, readOnly: true }]);
    const row = screen.getByTestId('token-2');
    expect(row.textContent).toContain('nightly import');
    expect(row.textContent).toContain('Receipts');
    expect(row.textContent).toContain('read-only');
    // The table never holds the secret: only its hint.
    expect(row.textContent).not.toContain(SECRET);
    await u.click(screen.getByRole('button', { name: 'I have stored it' }));
    expect(screen.queryByLabelText('Your new API token')).toBeNull();
    expect(document.body.textContent).not.toContain(SECRET);
  }, 20_000);

  it('shows what the server refused, next to the field', async () => {
    fakeApi({
      'GET /api/tokens': () => ({ tokens: [] }),
      'GET /api/projects': () => ({ projects: [] }),
      'POST /api/tokens': () => apiError(400, 'bad_request', 'name: give the token a name saying what uses it', [{ path: 'name', message: 'give the token a name saying what uses it' }]),
    });
    renderAt(<Account />, '/account');
    expect(await screen.findByText('No tokens yet.')).toBeTruthy();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Create token' }));
    expect((await screen.findByRole('alert')).textContent).toBe('name: give the token a name saying what uses it');
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
  });

  it('revokes a token after asking once more', async () => {
    const api = fakeApi({
      'GET /api/tokens': () => ({ tokens: [token(4, { name: 'ci' })] }),
      'GET /api/projects': () => ({ projects: [] }),
      'DELETE /api/tokens/:id': () => ({ token: token(4, { name: 'ci', status: 'revoked', revokedAt: Date.UTC(2026, 10, 4) }) }),
    });
    renderAt(<Account />, '/account');
    const row = await screen.findByTestId('token-4');
    const u = userEvent.setup();
    await u.click(within(row).getByRole('button', { name: 'Revoke ci' }));
    expect(api.callsTo('DELETE', '/api/tokens/4')).toHaveLength(0);
    await u.click(within(row).getByRole('button', { name: 'Revoke now' }));
    expect(await within(row).findByText('revoked')).toBeTruthy();
    expect(api.callsTo('DELETE', '/api/tokens/4')).toHaveLength(1);
    expect(within(row).queryByRole('button', { name: /Revoke/ })).toBeNull();
  });
});

describe('Users page: every live token', () => {
  it('names each owner and revokes anyone\'s token', async () => {
    const theirs: AdminTokenDto = { ...token(9, { name: 'bob pipeline' }), userId: 3, userEmail: 'bob@triad.test', userName: 'Bob' };
    const api = fakeApi({
      'GET /api/tokens/all': () => ({ tokens: [theirs] }),
      'DELETE /api/tokens/:id': () => ({ token: { ...theirs, status: 'revoked' } }),
    });
    renderAt(<AdminTokens />, '/admin/users');
    const row = await screen.findByTestId('token-9');
    expect(row.textContent).toContain('bob@triad.test');
    const u = userEvent.setup();
    await u.click(within(row).getByRole('button', { name: 'Revoke bob pipeline' }));
    await u.click(within(row).getByRole('button', { name: 'Revoke now' }));
    expect(await screen.findByText('Nobody holds a live API token.')).toBeTruthy();
    expect(api.callsTo('DELETE', '/api/tokens/9')).toHaveLength(1);
  });
});
