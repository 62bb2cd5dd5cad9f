import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ProjectDto } from '@shared/api/projects';
import { settingsSchema } from '@shared/project';
import { schemaSchema } from '@shared/tasks/question';
import SchemaTab from '../SchemaTab';
import { fakeApi, renderAt, signedInEachTest } from '../../../testing/fakeApi';

// The schema builder's "Asked about" (whole row, each assistant turn, each response) and "Show only when"
// fields, and the preview working with both.

const project = (): ProjectDto => ({
  id: 7, name: 'Chat review', description: '', archived: false, createdAt: 0, roles: ['lead'],
  schema: schemaSchema.parse([
    { id: 'safety', type: 'classification', title: 'Safety', config: { labels: [{ value: 'safe', hotkey: 's' }, { value: 'unsafe', hotkey: 'u' }] } },
    { id: 'harm', type: 'classification', title: 'Harm', config: { labels: [{ value: 'chemical', hotkey: 'c' }, { value: 'other', hotkey: 'o' }] } },
    { id: 'why', type: 'text', title: 'Why', config: { field: 'prompt' } },
  ]),
  settings: settingsSchema.parse({}),
});

signedInEachTest();

function setup(p = project()) {
  const api = fakeApi({
    'GET /api/projects/:id/rows': () => ({ rows: [], nextCursor: null }),
    'PATCH /api/projects/:id': (call) => ({ project: { ...p, ...(call.body as object) } }),
  });
  renderAt(<SchemaTab project={p} onSaved={() => {}} />, `/projects/${p.id}/console/schema`);
  return { api, user: userEvent.setup() };
}
const question = (n: number) => screen.getByRole('region', { name: `Question ${n}` });

describe('asked about and conditions in the schema builder', { timeout: 30_000 }, () => {
  it('asks a choice per assistant turn and a follow-up only for unsafe turns, previews both, and saves them', async () => {
    const { api, user } = setup();
    // The first question has no condition to set; a type that cannot judge one turn (text) has no scope.
    expect(within(question(1)).queryByLabelText('Show only when')).toBeNull();
    expect(within(question(3)).queryByLabelText('Asked about')).toBeNull();

    await user.selectOptions(within(question(1)).getByLabelText('Asked about'), 'turn');
    expect(within(question(1)).getByLabelText('Conversation field')).toHaveValue('messages');
    expect(within(question(1)).getByRole('option', { name: 'each assistant turn of messages' })).toBeInTheDocument();
    // A condition on a per-turn question needs the same scope: the shared schema says so beside the field.
    await user.selectOptions(within(question(2)).getByLabelText('Show only when'), 'safety');
    const error = await within(question(2)).findByText(/must be asked per turn of the same field/, { selector: '.field-error' });
    expect(error).toHaveTextContent('"safety" is asked per turn of messages');
    await user.selectOptions(within(question(2)).getByLabelText('Asked about'), 'turn');
    await waitFor(() => expect(within(question(2)).queryAllByText(/same field/)).toHaveLength(0));
    // The parent's labels are the values to pick from; the first is preselected.
    const values = within(question(2)).getByRole('group', { name: 'is any of' });
    expect(within(values).getByLabelText('safe')).toBeChecked();
    await user.click(within(values).getByLabelText('unsafe'));
    await user.click(within(values).getByLabelText('safe'));

    // The preview: the sample row has a conversation, the choice is asked per turn, the follow-up waits.
    const preview = screen.getByRole('complementary', { name: 'Annotator preview' });
    await within(preview).findByRole('region', { name: 'Conversation' }, { timeout: 10_000 });
    const safety = within(preview).getByRole('region', { name: 'Preview: Safety' });
    const turns = await within(safety).findAllByRole('listitem', {}, { timeout: 10_000 });
    expect(turns.map((t) => t.getAttribute('aria-label'))).toEqual(['Turn 2', 'Turn 4']);
    expect(within(preview).getByLabelText('Preview: Harm (hidden)')).toHaveTextContent('Shown when “Safety” is unsafe, for those turns.');
    await user.click(within(turns[1]).getByRole('button', { name: /unsafe/ }));
    const harm = await within(preview).findByRole('region', { name: 'Preview: Harm' });
    await waitFor(() => expect(within(harm).getAllByRole('listitem').map((t) => t.getAttribute('aria-label'))).toEqual(['Turn 4']));

    await user.click(screen.getByRole('button', { name: 'Save schema' }));
    await waitFor(() => expect(api.callsTo('PATCH', '/api/projects/7')).toHaveLength(1));
    const saved = (api.callsTo('PATCH', '/api/projects/7')[0].body as { schema: unknown[] }).schema;
    expect(saved[0]).toMatchObject({ id: 'safety', scope: { each: 'turn', field: 'messages' } });
    expect(saved[1]).toMatchObject({ id: 'harm', scope: { each: 'turn', field: 'messages' }, showIf: { question: 'safety', equals: 'unsafe' } });
    expect(saved[2]).not.toHaveProperty('showIf');
    expect(schemaSchema.safeParse(saved).success).toBe(true);
  });

  it('takes a typed condition value for a type without fixed values, with its hint', async () => {
    const p = project();
    p.schema = schemaSchema.parse([
      { id: 'quality', type: 'rating', title: 'Quality', config: { criteria: [{ id: 'clarity', title: 'Clarity' }] } },
      { id: 'why', type: 'text', title: 'Why so low', config: { field: 'prompt' } },
    ]);
    const { api, user } = setup(p);
    await user.selectOptions(within(question(2)).getByLabelText('Show only when'), 'quality');
    const input = within(question(2)).getByLabelText('is');
    // Nothing typed yet: the shared schema's message; typed, the type's hint on what a value means.
    expect(await within(question(2)).findByText('a condition value must not be empty', { selector: '.field-error' })).toBeInTheDocument();
    await user.type(input, 'clarity=1 | clarity=2');
    expect(input).toHaveValue('clarity=1 | clarity=2');
    expect(await within(question(2)).findByText(/criterion=score, e\.g\. clarity=5/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save schema' }));
    await waitFor(() => expect(api.callsTo('PATCH', '/api/projects/7')).toHaveLength(1));
    const saved = (api.callsTo('PATCH', '/api/projects/7')[0].body as { schema: unknown[] }).schema;
    expect(saved[1]).toMatchObject({ showIf: { question: 'quality', equals: ['clarity=1', 'clarity=2'] } });
  });
});
