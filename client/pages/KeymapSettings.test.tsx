import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { KeymapSettings } from './KeymapSettings';
import { setKeymapOverrides } from '../hotkeys/keymap';
import { apiError, fakeApi, renderAt, signedInEachTest } from '../testing/fakeApi';

signedInEachTest({ name: 'Ann Annotator' });
afterEach(() => setKeymapOverrides({}));

const row = (action: string) => document.querySelector(`tr[data-action="${action}"]`) as HTMLElement;

describe('Account page: keyboard shortcuts', () => {
  it('remaps an action with the next key combination pressed, saves it with the account, and resets it', async () => {
    const api = fakeApi({ 'PUT /api/me/keymap': (call) => call.body as object });
    renderAt(<KeymapSettings />, '/account');
    const u = userEvent.setup();
    expect(row('skip').textContent).toContain('Alt');
    await u.click(within(row('skip')).getByRole('button', { name: /Change the keys of Skip/ }));
    expect(row('skip').textContent).toContain('Press the new keys');
    await u.keyboard('{Alt>}x{/Alt}');
    await screen.findByText('(yours)');
    expect(api.callsTo('PUT', '/api/me/keymap').map((c) => c.body)).toEqual([{ keys: { skip: ['alt+x'] } }]);
    expect(within(row('skip')).getAllByText('X').length).toBeGreaterThan(0);

    await u.click(within(row('skip')).getByRole('button', { name: /Reset Skip/ }));
    expect(api.callsTo('PUT', '/api/me/keymap').at(-1)!.body).toEqual({ keys: {} });
  });

  it('refuses a key another action holds, saying which, without saving', async () => {
    const api = fakeApi({ 'PUT /api/me/keymap': () => apiError(500, 'internal', 'should not be called') });
    renderAt(<KeymapSettings />, '/account');
    const u = userEvent.setup();
    await u.click(within(row('escalate')).getByRole('button', { name: /Change the keys of Escalate/ }));
    await u.keyboard('{Alt>}a{/Alt}');
    expect((await screen.findByRole('alert')).textContent).toContain('Alt+A is already “Take Labeler 1’s answer for the focused question”');
    expect(api.callsTo('PUT', '/api/me/keymap')).toEqual([]);
    // Escape while listening keeps the key.
    await u.click(within(row('escalate')).getByRole('button', { name: /Change the keys of Escalate/ }));
    await u.keyboard('{Escape}');
    expect(row('escalate').textContent).not.toContain('Press the new keys');
  });
});
