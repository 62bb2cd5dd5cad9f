import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MemberDto } from '@shared/api/projects';
import { Members } from './Members';
import { apiError, fakeApi, renderAt, signedInEachTest } from '../testing/fakeApi';

const at = Date.UTC(2026, 10, 22, 9);
const lena: MemberDto = { userId: 1, email: 'lead@triad.test', name: 'Lena Lead', roles: ['lead'], expertise: [], addedAt: at, addedBy: null };
const byLena = { addedAt: at, addedBy: { id: 1, name: 'Lena Lead' } };
const ann: MemberDto = { userId: 2, email: 'ann@triad.test', name: 'Ann Annotator', roles: ['annotator'], expertise: ['finance'], ...byLena };
const cat: MemberDto = { userId: 4, email: 'cat@triad.test', name: 'Cat Carter', roles: ['reviewer', 'annotator'], expertise: [], ...byLena };

signedInEachTest();

describe('Members', () => {
  it('adds a member by email with the checked roles', async () => {
    const api = fakeApi({
      'GET /api/projects/7/members': () => ({ members: [lena, ann] }),
      'POST /api/projects/7/members': () => ({ members: [lena, ann, cat] }),
    });
    renderAt(<Members projectId={7} canManage />);
    await screen.findByText('Ann Annotator');
    const form = screen.getByRole('form', { name: 'Add a member' });
    const user = userEvent.setup();
    await user.type(within(form).getByLabelText('Email of an existing user'), '  cat@triad.test ');
    await user.click(within(form).getByLabelText('reviewer'));
    await user.click(within(form).getByRole('button', { name: 'Add member' }));

    await screen.findByText('Cat Carter');
    expect(api.callsTo('POST', '/api/projects/7/members').map((c) => c.body)).toEqual([
      { email: 'cat@triad.test', roles: ['reviewer', 'annotator'] },
    ]);
    expect(within(form).getByLabelText('Email of an existing user')).toHaveValue('');
  });

  it('shows the server\'s refusal inline next to the form', async () => {
    fakeApi({
      'GET /api/projects/7/members': () => ({ members: [lena] }),
      'POST /api/projects/7/members': () => apiError(404, 'not_found', 'email: no account with the address nobody@triad.test can be added'),
    });
    renderAt(<Members projectId={7} canManage />);
    await screen.findByText('Lena Lead');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Email of an existing user'), 'nobody@triad.test');
    await user.click(screen.getByRole('button', { name: 'Add member' }));
    const form = screen.getByRole('form', { name: 'Add a member' });
    expect(await within(form).findByRole('alert')).toHaveTextContent('email: no account with the address nobody@triad.test can be added');
  });

  it('changes roles with PUT of the whole new role list, and removes after a confirmation', async () => {
    const api = fakeApi({
      'GET /api/projects/7/members': () => ({ members: [lena, ann] }),
      'PUT /api/projects/7/members/:userId': (call) => ({ members: [lena, { ...ann, roles: (call.body as { roles: string[] }).roles }] }),
      'DELETE /api/projects/7/members/:userId': () => ({ members: [lena] }),
    });
    renderAt(<Members projectId={7} canManage />);
    const row = await screen.findByTestId('member-ann@triad.test');
    const user = userEvent.setup();
    await user.click(within(row).getByLabelText('reviewer'));
    await vi.waitFor(() => expect(within(row).getByLabelText('reviewer')).toBeChecked());
    expect(api.callsTo('PUT', '/api/projects/7/members/2').map((c) => c.body)).toEqual([{ roles: ['reviewer', 'annotator'] }]);

    await user.click(within(row).getByRole('button', { name: 'Remove ann@triad.test' }));
    expect(api.callsTo('DELETE', '/api/projects/7/members/2')).toHaveLength(0);
    await user.click(within(row).getByRole('button', { name: 'Confirm removal' }));
    await vi.waitFor(() => expect(screen.queryByText('Ann Annotator')).not.toBeInTheDocument());
    expect(api.callsTo('DELETE', '/api/projects/7/members/2')).toHaveLength(1);
  });

  it('shows the last-lead refusal on the row and keeps the roles as they were', async () => {
    fakeApi({
      'GET /api/projects/7/members': () => ({ members: [lena] }),
      'PUT /api/projects/7/members/:userId': () => apiError(409, 'conflict', 'a project needs at least one lead: add another lead first'),
    });
    renderAt(<Members projectId={7} canManage />);
    const row = await screen.findByTestId('member-lead@triad.test');
    const user = userEvent.setup();
    await user.click(within(row).getByLabelText('annotator'));
    expect(await within(row).findByRole('alert')).toHaveTextContent('a project needs at least one lead');
    expect(within(row).getByLabelText('lead')).toBeChecked();
  });

  it('is read-only for members who are not leads', async () => {
    fakeApi({ 'GET /api/projects/7/members': () => ({ members: [lena, ann] }) });
    renderAt(<Members projectId={7} canManage={false} />);
    const row = await screen.findByTestId('member-ann@triad.test');
    expect(screen.queryByRole('form', { name: 'Add a member' })).not.toBeInTheDocument();
    expect(within(row).queryByRole('checkbox')).not.toBeInTheDocument();
    expect(within(row).getByText('finance')).toBeInTheDocument();
  });

  it('says who added each member and when, and nothing for whoever joined by themself', async () => {
    fakeApi({ 'GET /api/projects/7/members': () => ({ members: [lena, ann] }) });
    renderAt(<Members projectId={7} canManage={false} />);
    const row = await screen.findByTestId('member-ann@triad.test');
    expect(within(row).getByText('Added by Lena Lead on 2026-11-22')).toBeInTheDocument();
    expect(within(screen.getByTestId('member-lead@triad.test')).queryByText(/Added by/)).not.toBeInTheDocument();
  });
});
