import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { UserDto } from '@shared/api/auth';
import AdminUsers from './AdminUsers';
import { fakeApi, renderAt, signedInEachTest } from '../testing/fakeApi';

const user = (id: number, email: string, over: Partial<UserDto> = {}): UserDto => ({
  id, email, name: email.split('@')[0], isAdmin: false, disabled: false, canCreateProjects: false, expertise: [], createdAt: 0, ...over,
});

signedInEachTest();

describe('AdminUsers: who may create projects', () => {
  it('lets an admin allow a person to create projects; admins always may', async () => {
    const ann = user(2, 'ann@triad.test');
    const api = fakeApi({
      'GET /api/users': () => ({ users: [user(1, 'lead@triad.test', { isAdmin: true }), ann] }),
      'PATCH /api/users/:id': (call) => ({ user: { ...ann, ...(call.body as object) } }),
    });
    renderAt(<AdminUsers />);
    const row = await screen.findByTestId('user-ann@triad.test');
    expect(within(screen.getByTestId('user-lead@triad.test')).getByRole('switch', { name: 'May create projects: lead@triad.test' })).toBeDisabled();
    const allow = within(row).getByRole('switch', { name: 'May create projects: ann@triad.test' });
    expect(allow).not.toBeChecked();
    await userEvent.setup().click(allow);
    await vi.waitFor(() => expect(allow).toBeChecked());
    expect(api.callsTo('PATCH', '/api/users/2').map((c) => c.body)).toEqual([{ canCreateProjects: true }]);
  });

  it('creates a user who may create projects', async () => {
    const api = fakeApi({
      'GET /api/users': () => ({ users: [] }),
      'POST /api/users': (call) => ({ user: user(3, 'dana@triad.test', { canCreateProjects: (call.body as UserDto).canCreateProjects }) }),
    });
    renderAt(<AdminUsers />);
    const form = await screen.findByRole('form', { name: 'Create a user' });
    const u = userEvent.setup();
    await u.type(within(form).getByLabelText('Name'), 'Dana');
    await u.type(within(form).getByLabelText('Email'), 'dana@triad.test');
    await u.type(within(form).getByLabelText('Initial password'), 'dana-secret-1');
    await u.click(within(form).getByLabelText('May create projects'));
    await u.click(within(form).getByRole('button', { name: 'Create user' }));
    await screen.findByTestId('user-dana@triad.test');
    expect(api.callsTo('POST', '/api/users')[0].body).toMatchObject({ email: 'dana@triad.test', canCreateProjects: true });
  });
});
