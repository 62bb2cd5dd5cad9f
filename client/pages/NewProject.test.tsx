import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createProjectBody } from '@shared/api/projects';
import { describeError } from '@shared/tasks/common';
import NewProject from './NewProject';
import { TASK_TYPES, starterSchema } from './starterSchemas';
import { apiError, demoUser, fakeApi, renderAt, signedInEachTest } from '../testing/fakeApi';
import { useStore } from '../store';

signedInEachTest();

describe('starter schemas', () => {
  it.each(TASK_TYPES.map((t) => [t.type, t] as const))('the %s starter is a schema the server accepts', (_type, info) => {
    const parsed = createProjectBody.safeParse({ name: 'x', schema: starterSchema(info.type, info.defaults) });
    expect(parsed.success, parsed.success ? '' : describeError(parsed.error)).toBe(true);
  });

  it('turns rating criteria titles into valid ids', () => {
    const [q] = starterSchema('rating', { ...TASK_TYPES.find((t) => t.type === 'rating')!.defaults, items: 'Factual accuracy, 2nd pass' });
    expect(q.config).toMatchObject({ criteria: [{ id: 'factual_accuracy' }, { id: 'c2_2nd_pass' }] });
  });
});

describe('NewProject', () => {
  it('sends the chosen type\'s schema and settings, then opens the new project', async () => {
    const api = fakeApi({
      'POST /api/projects': (call) => ({ project: { id: 42, ...(call.body as object), roles: ['lead'], archived: false, createdAt: 0 } }),
    });
    const { location } = renderAt(<NewProject />, '/projects/new');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name'), 'Spam triage');
    await user.click(screen.getByLabelText(/^Classification/));
    await user.clear(screen.getByLabelText('Labels'));
    await user.type(screen.getByLabelText('Labels'), 'spam, ham');
    await user.click(screen.getByLabelText(/Review only disagreements/));
    await user.clear(screen.getByLabelText('Lease (minutes)'));
    await user.type(screen.getByLabelText('Lease (minutes)'), '45');
    await user.click(screen.getByRole('button', { name: 'Create project' }));

    await vi.waitFor(() => expect(location.history.at(-1)).toBe('/projects/42'));
    const body = api.callsTo('POST', '/api/projects')[0].body as Record<string, unknown>;
    expect(body).toMatchObject({
      name: 'Spam triage',
      schema: [{ id: 'label', type: 'classification', config: { labels: ['spam', 'ham'], multiple: false } }],
      settings: { qa: 'disagreements', leaseMinutes: 45, showPrelabels: true },
    });
  });

  it('shows the server\'s 400 naming the field, at the field and above the buttons', async () => {
    fakeApi({
      'POST /api/projects': () => apiError(400, 'bad_request', 'schema.0.config.labels: at least one label is needed', [
        { path: 'schema.0.config.labels', message: 'at least one label is needed' },
      ]),
    });
    renderAt(<NewProject />, '/projects/new');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name'), 'No labels');
    await user.clear(screen.getByLabelText('Labels'));
    await user.click(screen.getByRole('button', { name: 'Create project' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('schema.0.config.labels: at least one label is needed');
    expect(screen.getByText('at least one label is needed')).toHaveClass('field-error');
  });

  it('tells someone who may not create projects whom to ask, instead of a form the server would refuse', async () => {
    useStore.setState({ user: demoUser({ isAdmin: false, canCreateProjects: false }) });
    const api = fakeApi({});
    renderAt(<NewProject />, '/projects/new');
    expect(screen.getByText(/Ask an administrator to allow you to create projects/)).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'New project' })).not.toBeInTheDocument();
    expect(api.calls).toEqual([]);
  });
});

