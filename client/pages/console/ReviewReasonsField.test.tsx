import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ProjectDto } from '@shared/api/projects';
import { schemaSchema } from '@shared/tasks/question';
import { settingsSchema } from '@shared/project';
import { REVIEW_REASON_MAX, REVIEW_REASONS_MAX } from '@shared/review-reasons';
import SchemaTab from './SchemaTab';
import { fakeApi, renderAt, signedInEachTest } from '../../testing/fakeApi';

const project = (reviewReasons: string[]): ProjectDto => ({
  id: 7, name: 'Support triage', description: '', archived: false, createdAt: 0, roles: ['lead'],
  schema: schemaSchema.parse([{ id: 'answer', type: 'text', title: 'Write the answer', config: { field: 'prompt' } }]),
  settings: settingsSchema.parse({ reviewReasons }),
});

signedInEachTest();

function setup(reasons: string[]) {
  const p = project(reasons);
  const api = fakeApi({
    'GET /api/projects/:id/rows': () => ({ rows: [], nextCursor: null }),
    'PATCH /api/projects/:id': (call) => ({ project: { ...p, settings: settingsSchema.parse((call.body as { settings: unknown }).settings) } }),
  });
  renderAt(<SchemaTab project={p} onSaved={() => {}} />, `/projects/${p.id}/console/schema`);
  const field = screen.getByRole('group', { name: 'Review reasons' });
  const values = () => within(field).queryAllByRole('textbox', { name: /^Reason \d+$/ }).map((i) => (i as HTMLInputElement).value);
  return { api, user: userEvent.setup(), field, values };
}

describe('review reasons in the console', () => {
  it('moves the same reason on every Alt+↑, however fast the presses come (no frame in between)', () => {
    const { field, values } = setup(['Guideline misread', 'Careless', 'Sarcasm read literally']);
    within(field).getByLabelText('Reason 3').focus();
    // Two presses in one go, as key repeat sends them: each goes where the keyboard is at that moment.
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp', altKey: true });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp', altKey: true });
    expect(values()).toEqual(['Sarcasm read literally', 'Guideline misread', 'Careless']);
    expect(within(field).getByLabelText('Reason 1')).toHaveFocus();
  });

  it('adds, renames, reorders (buttons and Alt+arrows) and removes reasons, and saves them with the settings', async () => {
    const { api, user, field, values } = setup(['Guideline misread', 'Careless']);
    expect(values()).toEqual(['Guideline misread', 'Careless']);
    expect(field).toHaveTextContent(`2 of ${REVIEW_REASONS_MAX}`);

    await user.type(within(field).getByLabelText('New reason'), '  Sarcasm read literally {Enter}');
    expect(values()).toEqual(['Guideline misread', 'Careless', 'Sarcasm read literally']);
    expect(within(field).getByLabelText('New reason')).toHaveValue('');

    await user.clear(within(field).getByLabelText('Reason 2'));
    await user.type(within(field).getByLabelText('Reason 2'), 'Careless or rushed');
    await user.click(within(field).getByRole('button', { name: 'Move reason 3 up' }));
    expect(values()).toEqual(['Guideline misread', 'Sarcasm read literally', 'Careless or rushed']);
    // Focus follows the moved reason, so a second press moves it again.
    await vi.waitFor(() => expect(within(field).getByRole('button', { name: 'Move reason 2 up' })).toHaveFocus());
    await user.keyboard('{Enter}');
    expect(values()).toEqual(['Sarcasm read literally', 'Guideline misread', 'Careless or rushed']);

    await user.click(within(field).getByLabelText('Reason 1'));
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    expect(values()).toEqual(['Guideline misread', 'Sarcasm read literally', 'Careless or rushed']);
    await vi.waitFor(() => expect(within(field).getByLabelText('Reason 2')).toHaveFocus());

    await user.click(within(field).getByRole('button', { name: 'Remove reason 1' }));
    expect(values()).toEqual(['Sarcasm read literally', 'Careless or rushed']);

    await user.click(screen.getAllByRole('button', { name: 'Save schema' })[0]);
    await vi.waitFor(() => expect(api.callsTo('PATCH', '/api/projects/7')).toHaveLength(1));
    expect((api.callsTo('PATCH', '/api/projects/7')[0].body as { settings: { reviewReasons: string[] } }).settings.reviewReasons)
      .toEqual(['Sarcasm read literally', 'Careless or rushed']);
  });

  it('says what is wrong with an entry, in the shared rules, and does not save until it is fixed', async () => {
    const { api, user, field, values } = setup(['Guideline misread', 'Careless']);
    await user.type(within(field).getByLabelText('New reason'), 'careless');
    await user.click(within(field).getByRole('button', { name: '+ Reason' }));
    expect(within(field).getByRole('alert')).toHaveTextContent('"careless" is already reason 2: each reason once');
    expect(values()).toHaveLength(2);
    await user.clear(within(field).getByLabelText('New reason'));
    await user.keyboard('{Enter}');
    expect(within(field).getByRole('alert')).toHaveTextContent('a reason cannot be empty');

    const second = within(field).getByLabelText('Reason 2');
    await user.clear(second);
    expect(second).toHaveAttribute('aria-invalid', 'true');
    expect(second).toHaveAccessibleDescription('a reason cannot be empty: write it or remove it');
    await user.type(second, 'x'.repeat(REVIEW_REASON_MAX + 1));
    expect(second).toHaveAccessibleDescription(`a reason has at most ${REVIEW_REASON_MAX} characters`);

    await user.click(screen.getAllByRole('button', { name: 'Save schema' })[0]);
    expect(screen.getByText('Review reasons: fix the reasons marked below before saving.')).toBeInTheDocument();
    expect(api.callsTo('PATCH', '/api/projects/7')).toHaveLength(0);

    await user.clear(second);
    await user.type(second, 'Careless');
    await user.click(screen.getAllByRole('button', { name: 'Save schema' })[0]);
    await vi.waitFor(() => expect(api.callsTo('PATCH', '/api/projects/7')).toHaveLength(1));
  }, 20_000);

  it('holds at most the bounded count, and an emptied list says reviewers then need no reason', async () => {
    const { user, field, values } = setup(Array.from({ length: REVIEW_REASONS_MAX }, (_, i) => `Reason ${i + 1}`));
    expect(within(field).getByRole('button', { name: '+ Reason' })).toBeDisabled();
    expect(within(field).getByLabelText('New reason')).toHaveAttribute('placeholder', 'The list is full');
    for (let i = REVIEW_REASONS_MAX; i > 0; i--) await user.click(within(field).getByRole('button', { name: `Remove reason ${i}` }));
    expect(values()).toEqual([]);
    expect(within(field).getByRole('note')).toHaveTextContent('No reasons: reviewers send rows back with a note alone');
    await user.click(within(field).getByRole('button', { name: 'Use the suggested reasons' }));
    expect(values()[0]).toBe('Guideline misread');
  });
});
