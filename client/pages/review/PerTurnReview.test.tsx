import { describe, expect, it } from 'vitest';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'wouter';
import { schemaSchema, type ProjectSchema, type RowAnswer } from '@shared/tasks/question';
import type { QaTask } from '../../api/review';
import { HotkeyDispatcher } from '../../hotkeys/dispatcher';
import { HotkeyContext } from '../../hotkeys/useHotkeys';
import { fakeApi, renderAt, signedInEachTest, type FakeCall } from '../../testing/fakeApi';
import ReviewPage from './ReviewPage';

// QA of questions asked per assistant turn: each turn compared on its own, conflicts first, the final
// assembled turn by turn; a question the final's conditions hide is not asked and not sent.

const messages = [
  { role: 'user', content: 'Is it safe to mix bleach and ammonia?' },
  { role: 'assistant', content: 'No: it releases toxic chloramine vapours.' },
  { role: 'user', content: 'What about vinegar and baking soda?' },
  { role: 'assistant', content: 'Safe, it only fizzes: carbon dioxide and water.' },
];
const perTurn = { each: 'turn', field: 'messages' } as const;
const quality = { id: 'quality', type: 'rating', title: 'Quality', scope: perTurn, config: { criteria: [{ id: 'helpful', title: 'Helpful', tolerance: 0 }] } };
const safety = { id: 'safety', type: 'classification', title: 'Safety', scope: perTurn, config: { labels: ['safe', 'unsafe'] } };
const harm = { id: 'harm', type: 'classification', title: 'Harm', scope: perTurn, showIf: { question: 'safety', equals: 'unsafe' }, config: { labels: ['chemical', 'other'] } };

const score = (n: number) => ({ scores: { helpful: n }, rationale: '' });
const label = (l: string) => ({ labels: [l] });

type Label = NonNullable<QaTask['labels']>[number]['answer'];

function task(schema: ProjectSchema, l1: Label, l2: Label, agreement: QaTask['agreement']): QaTask {
  return {
    assignment: { id: 41, kind: 'qa', round: 1, claimedAt: 0, expiresAt: 30 * 60_000 },
    row: { id: 9, externalId: 'chat-9', data: { messages }, expertise: [], roundNote: null },
    schema, prelabels: null, draft: null, guideline: null,
    labels: [
      { slot: 1, answer: l1, bestEffort: false, expert: false, expertDomains: [] },
      { slot: 2, answer: l2, bestEffort: false, expert: false, expertDomains: [] },
    ],
    agreement, escalations: [],
  };
}

function serve(t: QaTask) {
  const queue = [t];
  const schema = t.schema;
  return fakeApi({
    'GET /api/projects/7': () => ({ project: { id: 7, name: 'Chat review', roles: ['reviewer'], schema, settings: { reviewReasons: [] }, description: '', archived: false } }),
    'POST /api/projects/7/next': () => queue.shift() ?? { assignment: null, reason: 'all_done', message: 'Nothing left to review.' },
    'POST /api/assignments/41/resolve': (c: FakeCall) => ({ action: (c.body as { action: string }).action, finalId: 3, duplicate: false }),
    'POST /api/assignments/41/draft': () => ({ revisionId: 1, expiresAt: 1 }),
  });
}

const renderPage = () =>
  renderAt(
    <HotkeyContext.Provider value={new HotkeyDispatcher(false)}>
      <Route path="/projects/:id/review" component={ReviewPage} />
    </HotkeyContext.Provider>,
    '/projects/7/review',
  );
const card = (title: string) => screen.getByRole('region', { name: `Question: ${title}` });
const items = (el: HTMLElement) => [...el.querySelectorAll('[data-item]')].map((x) => x.getAttribute('aria-label'));

configure({ asyncUtilTimeout: 5000 });
signedInEachTest({ id: 6, email: 'rex@triad.test', name: 'Rex Reviewer', isAdmin: false, expertise: [] });

describe('QA of per-turn questions', { timeout: 40_000 }, () => {
  it('compares turn by turn, conflicts first, and accepts a final assembled per turn', async () => {
    const schema = schemaSchema.parse([quality]);
    const api = serve(task(
      schema,
      { quality: { items: { 1: score(4), 3: score(2) } } },
      { quality: { items: { 1: score(4), 3: score(5) } } },
      { quality: { score: 0.6, agree: false } },
    ));
    renderPage();
    await screen.findByRole('heading', { name: 'Row chat-9' });
    const q = card('Quality');
    // Turn 4 disagrees, so it comes first, open and marked; turn 2 agrees and is folded with the agreed score.
    await waitFor(() => expect(items(q)).toEqual(['Turn 4 (conflict)', 'Turn 2']));
    const conflict = within(q).getByRole('article', { name: 'Turn 4 (conflict)' });
    expect(conflict).toHaveTextContent('Safe, it only fizzes');
    expect(conflict).toHaveTextContent('What about vinegar and baking soda?');
    expect(within(conflict).getByLabelText(/Agreement \d+%, conflict/)).toBeInTheDocument();
    expect(within(q).getByRole('article', { name: 'Turn 2' })).toHaveTextContent('Both labelers agree');
    expect(within(q).getByTestId('items-summary')).toHaveTextContent('1 of 2 turns in conflict · 1 undecided');
    await within(conflict).findByRole('region', { name: 'Final answer' });

    const user = userEvent.setup();
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Decide “Quality” (Turn 4) first');
    // Alt+B takes Labeler 2's answer for the turn the question is on.
    await user.click(within(conflict).getByText('Safe, it only fizzes: carbon dioxide and water.'));
    await user.keyboard('{Alt>}b{/Alt}');
    expect(within(q).getByTestId('items-summary')).toHaveTextContent('1 of 2 turns in conflict');
    expect(within(q).getByTestId('items-summary')).not.toHaveTextContent('undecided');
    expect(within(within(conflict).getByRole('region', { name: 'Final answer' })).getByRole('button', { name: 'Helpful: 5' })).toHaveAttribute('aria-pressed', 'true');

    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByRole('heading', { name: 'Nothing left to review' });
    expect(api.callsTo('POST', '/api/assignments/41/resolve')[0].body).toMatchObject({
      action: 'accept',
      answer: { quality: { items: { 1: score(4), 3: score(5) } } },
    });
  });

  it('asks a per-turn follow-up only where the final calls for it, and leaves it out of the final otherwise', async () => {
    const schema = schemaSchema.parse([safety, harm]);
    const api = serve(task(
      schema,
      { safety: { items: { 1: label('unsafe'), 3: label('safe') } }, harm: { items: { 1: label('chemical') } } },
      { safety: { items: { 1: label('safe'), 3: label('safe') } } },
      { safety: { score: 0.5, agree: false }, harm: { score: 0, agree: false } },
    ));
    renderPage();
    await screen.findByRole('heading', { name: 'Row chat-9' });
    // Nothing decided for turn 2 yet: the final does not call for a harm category.
    expect(screen.queryByRole('region', { name: 'Question: Harm' })).toBeNull();
    const s = card('Safety');
    const turn2 = await within(s).findByRole('article', { name: 'Turn 2 (conflict)' });
    const user = userEvent.setup();
    await user.click(await within(turn2).findByRole('button', { name: 'Take Labeler 1' }));
    const h = await screen.findByRole('region', { name: 'Question: Harm' });
    expect(items(h)).toEqual(['Turn 2 (conflict)']);
    // Labeler 2 was right: turn 2 is safe, and the harm question goes again.
    await user.click(within(turn2).getByRole('button', { name: 'Take Labeler 2' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Question: Harm' })).toBeNull());

    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByRole('heading', { name: 'Nothing left to review' });
    const body = api.callsTo('POST', '/api/assignments/41/resolve')[0].body as { answer: RowAnswer };
    expect(body.answer).toEqual({ safety: { items: { 1: label('safe'), 3: label('safe') } } });
  });
});
