import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ProjectDto } from '@shared/api/projects';
import { schemaSchema } from '@shared/tasks/question';
import { settingsSchema } from '@shared/project';
import { describeError } from '@shared/tasks/common';
import SchemaTab from './SchemaTab';
import { parseSchemaJson, sampleRow, validateSchema } from './schema/model';
import { apiError, fakeApi, renderAt, signedInEachTest } from '../../testing/fakeApi';

const project = (over: Partial<ProjectDto> = {}): ProjectDto => ({
  id: 7, name: 'Support triage', description: '', archived: false, createdAt: 0, roles: ['lead'],
  schema: schemaSchema.parse([{ id: 'answer', type: 'text', title: 'Write the answer', config: { field: 'prompt' } }]),
  settings: settingsSchema.parse({}),
  ...over,
});

signedInEachTest();

const jsonText = () => (screen.getByLabelText(/Schema JSON/) as HTMLTextAreaElement).value;
const question = (n: number) => screen.getByRole('region', { name: `Question ${n}` });

function setup(p = project()) {
  const api = fakeApi({
    'GET /api/projects/:id/rows': () => ({ rows: [], nextCursor: null }),
    'PATCH /api/projects/:id': (call) => ({ project: { ...p, ...(call.body as object) } }),
  });
  renderAt(<SchemaTab project={p} onSaved={() => {}} />, `/projects/${p.id}/console/schema`);
  return { api, user: userEvent.setup() };
}

describe('schema builder', () => {
  it('builds a classification + rating schema from the form that the shared schema accepts, and saves it', async () => {
    const { api, user } = setup();
    await user.click(within(question(1)).getByRole('button', { name: 'Remove question answer' }));
    expect(screen.queryByRole('region', { name: 'Question 1' })).toBeNull();

    await user.selectOptions(screen.getByLabelText('Add a question'), 'classification');
    await user.click(screen.getByRole('button', { name: 'Add question' }));
    const q1 = question(1);
    await user.clear(within(q1).getByLabelText('Id'));
    await user.type(within(q1).getByLabelText('Id'), 'topic');
    await user.clear(within(q1).getByLabelText('Title'));
    await user.type(within(q1).getByLabelText('Title'), 'Which team?');
    await user.clear(within(q1).getByLabelText('Data field shown'));
    await user.type(within(q1).getByLabelText('Data field shown'), 'ticket');
    await user.clear(within(q1).getByLabelText('Label 1 value'));
    await user.type(within(q1).getByLabelText('Label 1 value'), 'billing');
    await user.type(within(q1).getByLabelText('Label 1 title'), 'Billing');
    await user.click(within(q1).getByRole('button', { name: 'Remove label neutral' }));
    await user.click(within(q1).getByRole('button', { name: '+ Label' }));
    await user.clear(within(q1).getByLabelText('Label 3 value'));
    await user.type(within(q1).getByLabelText('Label 3 value'), 'bug');
    await user.click(within(q1).getByLabelText('Several labels per row'));

    await user.selectOptions(screen.getByLabelText('Add a question'), 'rating');
    await user.click(screen.getByRole('button', { name: 'Add question' }));
    const q2 = question(2);
    await user.clear(within(q2).getByLabelText('Criterion 2 title'));
    await user.type(within(q2).getByLabelText('Criterion 2 title'), 'Tone');
    await user.clear(within(q2).getByLabelText('Criterion 2 id'));
    await user.type(within(q2).getByLabelText('Criterion 2 id'), 'tone');
    await user.clear(within(q2).getByLabelText('Criterion 2 max'));
    await user.type(within(q2).getByLabelText('Criterion 2 max'), '7');
    await user.type(within(q2).getByLabelText('Rationale: minimum length'), '10');

    // Move the rating above the classification, then back.
    await user.click(within(q2).getByRole('button', { name: 'Move question rating up' }));
    expect(within(question(1)).getByText('Rubric rating')).toBeInTheDocument();
    await user.click(within(question(1)).getByRole('button', { name: 'Move question rating down' }));

    await user.click(screen.getByRole('button', { name: 'JSON' }));
    const json = JSON.parse(jsonText());
    const parsed = schemaSchema.safeParse(json);
    expect(parsed.success, parsed.success ? '' : describeError(parsed.error)).toBe(true);
    expect(json).toMatchObject([
      { id: 'topic', type: 'classification', title: 'Which team?', config: { field: 'ticket', multiple: true, labels: [
        { value: 'billing', title: 'Billing', hotkey: '1' }, { value: 'negative', hotkey: '2' }, { value: 'bug', hotkey: '3' }] } },
      { id: 'rating', type: 'rating', config: { field: 'response', rationaleMinLength: 10, criteria: [
        { id: 'accuracy', min: 1, max: 5 }, { id: 'tone', title: 'Tone', max: 7 }] } },
    ]);

    await user.click(screen.getByRole('button', { name: 'Save schema' }));
    await vi.waitFor(() => expect(api.callsTo('PATCH', '/api/projects/7')).toHaveLength(1));
    const body = api.callsTo('PATCH', '/api/projects/7')[0].body as { schema: unknown; settings: unknown };
    expect(body.schema).toEqual(json);
    expect(settingsSchema.safeParse(body.settings).success).toBe(true);
  }, 30_000);

  it('round-trips through the JSON view: JSON edits reach the form and come back unchanged', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('button', { name: 'JSON' }));
    const original = jsonText();
    const edited = original.replace('"Write the answer"', '"Rewrite the draft"').replace('"field": "prompt"', '"field": "question"');
    expect(edited).not.toBe(original);
    fireEvent.change(screen.getByLabelText(/Schema JSON/), { target: { value: edited } });
    expect(screen.queryByRole('alert')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Form' }));
    expect(within(question(1)).getByLabelText('Title')).toHaveValue('Rewrite the draft');
    expect(within(question(1)).getByLabelText('Prompt field')).toHaveValue('question');

    await user.click(screen.getByRole('button', { name: 'JSON' }));
    expect(jsonText()).toBe(edited);
  });

  it('shows invalid JSON with its line and column, and a schema error with its path, keeping the form as it was', async () => {
    const { user } = setup(project({
      schema: schemaSchema.parse([{ id: 'label', type: 'classification', title: 'Label', config: { labels: [{ value: 'a', hotkey: '1' }, { value: 'b', hotkey: '2' }] } }]),
    }));
    await user.click(screen.getByRole('button', { name: 'JSON' }));
    const good = jsonText();

    fireEvent.change(screen.getByLabelText(/Schema JSON/), { target: { value: good.replace('"title": "Label",', '"title": "Label"') } });
    expect(screen.getByRole('alert')).toHaveTextContent(/Invalid JSON at line \d+, column \d+/);

    fireEvent.change(screen.getByLabelText(/Schema JSON/), { target: { value: good.replace('"hotkey": "2"', '"hotkey": "1"') } });
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('[0].config.labels[1].hotkey');
    expect(alert).toHaveTextContent('hotkey "1" is used twice');

    await user.click(screen.getByRole('button', { name: 'Form' }));
    expect(within(question(1)).getByLabelText('Label 2 hotkey')).toHaveValue('2');
  });

  it('names the field of a problem in the form and shows the server\'s 400 on save', async () => {
    const p = project();
    fakeApi({
      'GET /api/projects/:id/rows': () => ({ rows: [], nextCursor: null }),
      'PATCH /api/projects/:id': () => apiError(400, 'bad_request', 'schema: rows already use question "answer": it cannot be removed'),
    });
    renderAt(<SchemaTab project={p} onSaved={() => {}} />);
    const user = userEvent.setup();
    await user.clear(within(question(1)).getByLabelText('Id'));
    await user.type(within(question(1)).getByLabelText('Id'), 'Bad Id');
    expect(within(question(1)).getByRole('list', { name: 'Problems in question 1' })).toHaveTextContent('[0].id');
    await user.clear(within(question(1)).getByLabelText('Id'));
    await user.type(within(question(1)).getByLabelText('Id'), 'reply');
    await user.click(screen.getByRole('button', { name: 'Save schema' }));
    expect(await screen.findByText(/rows already use question "answer"/)).toBeInTheDocument();
  });

  it('previews the annotator screen with the real editors on a sample row made from the fields', async () => {
    setup(project({
      schema: schemaSchema.parse([{ id: 'verdict', type: 'classification', title: 'Verdict', config: { field: 'response', labels: [{ value: 'good', title: 'Good' }, { value: 'bad', title: 'Bad' }] } }]),
    }));
    const preview = await screen.findByLabelText('Annotator preview');
    // The sample row is built once the preview's code is in: on a loaded machine that is not at once.
    expect(await within(preview).findByText(/Sample row made up from the fields/, undefined, { timeout: 5000 })).toBeInTheDocument();
    expect(within(preview).getByText('response')).toBeInTheDocument();
    // The classification editor's label chips, once its lazy chunk is in.
    expect(await within(preview).findByRole('button', { name: /Good/ }, { timeout: 5000 })).toBeInTheDocument();
  });
});

describe('schema model', () => {
  it('parses JSON syntax errors into a line and column', () => {
    const r = parseSchemaJson('[\n  {"id": "a",\n  }\n]');
    expect(r).toMatchObject({ ok: false, kind: 'syntax', line: 3 });
  });

  it('makes a sample row with a value for every field the schema reads', () => {
    const v = validateSchema([
      { id: 'p', type: 'ranking', title: 'P', config: {} },
      { id: 't', type: 'text', title: 'T', config: { field: 'prompt', sourceField: 'draft' } },
    ]);
    expect(v.ok).toBe(true);
    const data = sampleRow(v.schema!);
    expect(Object.keys(data).sort()).toEqual(['draft', 'prompt', 'responses']);
    expect(Array.isArray(data.responses)).toBe(true);
  });
});
