import { describe, expect, it } from 'vitest';
import { cleanup, screen, within, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'wouter';
import { schemaSchema } from '@shared/tasks/question';
import type { QaTask } from '../../api/review';
import { useStore } from '../../store';
import { HotkeyDispatcher } from '../../hotkeys/dispatcher';
import { HotkeyContext } from '../../hotkeys/useHotkeys';
import { demoUser, fakeApi, renderAt, signedInEachTest, type FakeCall } from '../../testing/fakeApi';
import ReviewPage from './ReviewPage';

const schema = schemaSchema.parse([
  { id: 'topic', type: 'classification', title: 'Topic', config: { field: 'text', labels: ['markets', 'tech', 'other'] } },
  { id: 'verdict', type: 'classification', title: 'Verdict', config: { field: 'text', labels: ['good', 'partial', 'bad'] } },
]);

function task(over: Partial<QaTask> = {}): QaTask {
  return {
    assignment: { id: 41, kind: 'qa', round: 1, claimedAt: 0, expiresAt: 30 * 60_000 },
    row: { id: 9, externalId: 'review-2', data: { domain: 'finance', text: 'Bonds fell as yields rose.' }, expertise: [], roundNote: null },
    schema,
    prelabels: null,
    draft: null,
    guideline: null,
    labels: [
      { slot: 1, answer: { topic: { labels: ['markets'] }, verdict: { labels: ['good'] } }, bestEffort: false, expert: false, expertDomains: [] },
      { slot: 2, answer: { topic: { labels: ['markets'] }, verdict: { labels: ['bad'] } }, bestEffort: false, expert: false, expertDomains: [] },
    ],
    agreement: { topic: { score: 1, agree: true }, verdict: { score: 0, agree: false } },
    escalations: [],
    ...over,
  };
}

const reasons = ['Guideline misread', 'Careless or rushed'];
const project = { project: { id: 7, name: 'LLM response review', roles: ['reviewer'], schema, settings: { reviewReasons: reasons }, description: '', archived: false } };
const empty = { assignment: null, reason: 'all_done', message: 'Nothing left to review: every row is final or already had you on it.' };

/** The server's queue: hands out `tasks` in turn, then says the queue is empty. */
function serve(tasks: QaTask[], reviewReasons = reasons) {
  const queue = [...tasks];
  return fakeApi({
    'GET /api/projects/7': () => ({ project: { ...project.project, settings: { reviewReasons } } }),
    'POST /api/projects/7/next': () => queue.shift() ?? empty,
    'POST /api/assignments/41/resolve': (c: FakeCall) => ((c.body as { action: string }).action === 'accept' ? { action: 'accept', finalId: 3, duplicate: false } : { action: (c.body as { action: string }).action }),
    'POST /api/assignments/41/draft': () => ({ revisionId: 1, expiresAt: 1 }),
  });
}

function renderPage() {
  const dispatcher = new HotkeyDispatcher(false);
  return renderAt(
    <HotkeyContext.Provider value={dispatcher}>
      <Route path="/projects/:id/review" component={ReviewPage} />
    </HotkeyContext.Provider>,
    '/projects/7/review',
  );
}

const cards = () => screen.getAllByRole('region', { name: /^Question: / });

signedInEachTest({ id: 6, email: 'rex@triad.test', name: 'Rex Reviewer', isAdmin: false, expertise: [] });

describe('ReviewPage', () => {
  it('puts questions in conflict first and open, agreed ones after and collapsed', async () => {
    serve([task()]);
    renderPage();
    await screen.findByRole('heading', { name: 'Row review-2' });
    expect(screen.getByText('1 of 2 questions in conflict')).toBeInTheDocument();
    const [first, second] = cards();
    expect(first).toHaveAccessibleName('Question: Verdict');
    expect(second).toHaveAccessibleName('Question: Topic');
    expect(within(first).getByRole('button', { name: /Verdict/, expanded: true })).toBeInTheDocument();
    expect(within(first).getByText('conflict')).toBeInTheDocument();
    expect(await within(first).findByRole('region', { name: 'Labeler 1' })).toBeInTheDocument();
    expect(within(second).getByRole('button', { name: /Topic/, expanded: false })).toBeInTheDocument();
    // Folded, the agreed question still shows the agreed value, in the type's own view.
    const agreed = within(second).getByRole('group', { name: 'Agreed answer: Topic' });
    expect(await within(agreed).findByRole('button', { name: /markets/i, pressed: true })).toBeDisabled();
    expect(within(second).queryByRole('region', { name: 'Labeler 1' })).toBeNull();
    // The row's data is there to read beside the questions.
    expect(screen.getByRole('region', { name: 'Row data' })).toHaveTextContent('Bonds fell as yields rose.');
  });

  it('opens a folded question with one click on its title', async () => {
    serve([task()]);
    renderPage();
    await screen.findByRole('heading', { name: 'Row review-2' });
    const second = cards()[1];
    await userEvent.setup().click(within(second).getByRole('button', { name: /Topic/, expanded: false }));
    expect(within(second).getByRole('button', { name: /Topic/, expanded: true })).toBeInTheDocument();
    expect(await within(second).findByRole('region', { name: 'Labeler 1' })).toBeInTheDocument();
  });

  it("preselects the expert labeler's answer for a non-expert reviewer and says why", async () => {
    const t = task({ row: { ...task().row, expertise: ['finance'] } });
    t.labels![1] = { ...t.labels![1], expert: true, expertDomains: ['finance'] };
    const api = serve([t]);
    renderPage();
    const note = await screen.findByRole('note', { name: 'Expert preselection' });
    expect(note).toHaveTextContent('Labeler 2 is a finance expert: their answer is preselected');
    const verdict = cards()[0];
    const l2 = await within(verdict).findByRole('region', { name: 'Labeler 2' });
    expect(within(l2).getByText('expert')).toBeInTheDocument();
    expect(within(l2).getByRole('button', { name: 'Take Labeler 2' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(verdict).getByText('final: Labeler 2')).toBeInTheDocument();

    // Nothing left to decide but why Labeler 1 is overruled: Accept then sends the expert's answer for the conflict.
    const user = userEvent.setup();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Why the final overrules a label' }), 'Guideline misread');
    await user.click(screen.getByRole('button', { name: /^Accept/ }));
    await waitFor(() => expect(api.callsTo('POST', '/api/assignments/41/resolve')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/assignments/41/resolve')[0].body).toMatchObject({
      action: 'accept',
      answer: { topic: { labels: ['markets'] }, verdict: { labels: ['bad'] } },
    });
  });

  it("asks once before accepting a final that overrides the expert's answer: Esc goes back, Enter accepts, with the overrule reason", async () => {
    const t = task({ row: { ...task().row, expertise: ['finance'] } });
    t.labels![1] = { ...t.labels![1], expert: true, expertDomains: ['finance'] };
    const api = serve([t]);
    renderPage();
    const user = userEvent.setup();
    const verdict = (await screen.findAllByRole('region', { name: /^Question: / }))[0];
    await user.click(await within(verdict).findByRole('button', { name: 'Take Labeler 1' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Why the final overrules a label' }), 'Careless or rushed');
    await user.type(screen.getByLabelText('Note for the overruled labeler'), 'Yields up is bad for bonds.');

    await user.keyboard('{Control>}{Enter}{/Control}');
    const check = await screen.findByRole('alertdialog', { name: 'Accept this row?' });
    expect(check).toHaveTextContent('Your final for “Verdict” overrides Labeler 2’s answer, and Labeler 2 is the expert');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(api.callsTo('POST', '/api/assignments/41/resolve')).toHaveLength(0);

    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByRole('alertdialog', { name: 'Accept this row?' });
    await user.keyboard('{Enter}');
    await waitFor(() => expect(api.callsTo('POST', '/api/assignments/41/resolve')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/assignments/41/resolve')[0].body).toMatchObject({
      action: 'accept', answer: { verdict: { labels: ['good'] } }, reason: { reason: 'Careless or rushed', note: 'Yields up is bad for bonds.' },
    });
  }, 20_000);

  it('does not preselect for a reviewer who has the expertise', async () => {
    useStore.setState({ user: demoUser({ id: 5, isAdmin: false, expertise: ['finance'] }) });
    const t = task({ row: { ...task().row, expertise: ['finance'] } });
    t.labels![1] = { ...t.labels![1], expert: true, expertDomains: ['finance'] };
    serve([t]);
    renderPage();
    const verdict = (await screen.findAllByRole('region', { name: /^Question: / }))[0];
    expect(await within(verdict).findByRole('button', { name: 'Take Labeler 2' })).toHaveAttribute('aria-pressed', 'false');
    expect(within(verdict).getByText('undecided')).toBeInTheDocument();
    expect(screen.queryByRole('note', { name: 'Expert preselection' })).toBeNull();
  });

  it('accepts with Ctrl+Enter a final built from the versions taken, then shows the next row', async () => {
    const api = serve([task()]);
    renderPage();
    const user = userEvent.setup();
    const verdict = (await screen.findAllByRole('region', { name: /^Question: / }))[0];
    await within(verdict).findByRole('region', { name: 'Labeler 1' });

    // A conflict nobody decided is not accepted by accident.
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Decide “Verdict” first');
    expect(api.callsTo('POST', '/api/assignments/41/resolve')).toHaveLength(0);

    await user.click(within(verdict).getByRole('button', { name: 'Take Labeler 1' }));
    expect(within(verdict).getByText('final: Labeler 1')).toBeInTheDocument();
    // Alt+B takes Labeler 2 for the focused question instead.
    await user.keyboard('{Alt>}b{/Alt}');
    expect(within(verdict).getByText('final: Labeler 2')).toBeInTheDocument();
    // Undo is one history over the final: back to Labeler 1's version.
    await user.keyboard('{Control>}z{/Control}');
    expect(within(verdict).getByText('final: Labeler 1')).toBeInTheDocument();

    // The final overrules Labeler 2 on a conflict: the project's list asks why, and the select takes the keys.
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Pick why the final overrules a label');
    const why = screen.getByRole('combobox', { name: 'Why the final overrules a label' });
    expect(why).toHaveFocus();
    expect(within(why).getAllByRole('option').map((o) => o.textContent)).toEqual(['Pick a reason…', ...reasons]);
    expect(api.callsTo('POST', '/api/assignments/41/resolve')).toHaveLength(0);
    await user.selectOptions(why, 'Guideline misread');
    expect(screen.queryByRole('alert')).toBeNull();

    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByRole('heading', { name: 'Nothing left to review' });
    const [call] = api.callsTo('POST', '/api/assignments/41/resolve');
    expect(call.body).toEqual({
      action: 'accept',
      answer: { topic: { labels: ['markets'] }, verdict: { labels: ['good'] } },
      clientSubmissionId: expect.any(String),
      activeMs: expect.any(Number),
      reason: { reason: 'Guideline misread', note: '' },
    });
    expect(api.callsTo('POST', '/api/projects/7/next')).toHaveLength(2);
  });

  it('sends back only with a note, which goes to the server', async () => {
    const api = serve([task()]);
    renderPage();
    const user = userEvent.setup();
    await screen.findByRole('heading', { name: 'Row review-2' });
    await user.click(screen.getByRole('button', { name: /^Send back/ }));
    const form = screen.getByRole('form', { name: 'Send back for a new round' });
    await user.click(within(form).getByRole('button', { name: 'Send back' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Pick a reason');
    await user.selectOptions(within(form).getByLabelText('Reason'), 'Guideline misread');
    await user.click(within(form).getByRole('button', { name: 'Send back' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Write a note');
    expect(api.callsTo('POST', '/api/assignments/41/resolve')).toHaveLength(0);

    await user.type(within(form).getByLabelText('Note for the new labelers'), 'Bad means factually wrong, not rude.');
    await user.click(within(form).getByRole('button', { name: 'Send back' }));
    await screen.findByRole('heading', { name: 'Nothing left to review' });
    expect(api.callsTo('POST', '/api/assignments/41/resolve').map((c) => c.body)).toEqual([
      { action: 'send_back', note: 'Bad means factually wrong, not rude.', reason: 'Guideline misread' },
    ]);
  });

  it('asks for no reason when the project lists none: accept and send back with a note alone', async () => {
    let api = serve([task()], []);
    renderPage();
    const user = userEvent.setup();
    const verdict = (await screen.findAllByRole('region', { name: /^Question: / }))[0];
    await user.click(await within(verdict).findByRole('button', { name: 'Take Labeler 1' }));
    expect(screen.queryByRole('combobox', { name: 'Why the final overrules a label' })).toBeNull();
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(api.callsTo('POST', '/api/assignments/41/resolve')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/assignments/41/resolve')[0].body).not.toHaveProperty('reason');

    await screen.findByRole('heading', { name: 'Nothing left to review' });

    cleanup();
    api = serve([task()], []);
    renderPage();
    await screen.findByRole('heading', { name: 'Row review-2' });
    await user.click(screen.getByRole('button', { name: /^Send back/ }));
    const form = screen.getByRole('form', { name: 'Send back for a new round' });
    expect(within(form).queryByLabelText('Reason')).toBeNull();
    await user.type(within(form).getByLabelText('Note for the new labelers'), 'Read the whole answer.');
    await user.click(within(form).getByRole('button', { name: 'Send back' }));
    await screen.findByRole('heading', { name: 'Nothing left to review' });
    expect(api.callsTo('POST', '/api/assignments/41/resolve').map((c) => c.body)).toEqual([{ action: 'send_back', note: 'Read the whole answer.' }]);
  });

  it('escalates a question, and shows the leads’ answer when the row comes back', async () => {
    const api = serve([task()]);
    renderPage();
    const user = userEvent.setup();
    await screen.findByRole('heading', { name: 'Row review-2' });
    await user.keyboard('{Alt>}e{/Alt}');
    const form = screen.getByRole('form', { name: 'Escalate to the leads' });
    await user.type(within(form).getByLabelText('Question for the leads'), 'Is a hedged forecast "partial"?');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByRole('heading', { name: 'Nothing left to review' });
    expect(api.callsTo('POST', '/api/assignments/41/resolve').map((c) => c.body)).toEqual([
      { action: 'escalate', question: 'Is a hedged forecast "partial"?' },
    ]);

    cleanup();
    serve([task({ escalations: [{ question: 'Is a hedged forecast "partial"?', answer: 'Yes: partial, see section 3.' }] })]);
    renderPage();
    const answers = await screen.findByRole('region', { name: 'Answers from the leads' });
    expect(answers).toHaveTextContent('Is a hedged forecast "partial"?');
    expect(answers).toHaveTextContent('Yes: partial, see section 3.');
  });

  it('says why the queue is empty', async () => {
    fakeApi({
      'GET /api/projects/7': () => project,
      'POST /api/projects/7/next': () => ({
        assignment: null,
        reason: 'waiting_for_expert',
        message: 'The rows waiting for QA need a domain expert you are not: a reviewer with that expertise will take them.',
      }),
    });
    renderPage();
    expect(await screen.findByRole('heading', { name: 'The waiting rows need an expert' })).toBeInTheDocument();
    expect(screen.getByText(/need a domain expert you are not/)).toBeInTheDocument();
  });
});
