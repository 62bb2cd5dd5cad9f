import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'wouter';
import type { ProjectDto } from '@shared/api/projects';
import { schemaSchema, type ProjectSchema } from '@shared/tasks/question';
import type { TaskView } from '../../api/work';
import { resetStore, useStore } from '../../store';
import { demoUser, fakeApi, renderAt } from '../../testing/fakeApi';
import LabelPage, { workbenchOptions } from './LabelPage';

// Questions asked per assistant turn, and questions shown only when another answer matches, on the
// workbench: the keyboard goes turn by turn, the data panel follows, hidden questions are not asked.

const messages = [
  { role: 'system', content: 'You are a careful assistant.' },
  { role: 'user', content: 'How do I reverse a list in Python?' },
  { role: 'assistant', content: 'Use `items.reverse()` in place, or `items[::-1]` for a copy.' },
  { role: 'user', content: 'And a string?\nWith unicode.' },
  { role: 'assistant', content: 'Slicing works too: `text[::-1]`.' },
];
const perTurn = { each: 'turn', field: 'messages' } as const;
const quality = {
  id: 'quality', type: 'rating', title: 'Quality', scope: perTurn,
  config: { criteria: [{ id: 'helpful', title: 'Helpful' }, { id: 'correct', title: 'Correct' }] },
};
const safety = { id: 'safety', type: 'classification', title: 'Safety', scope: perTurn, config: { labels: [{ value: 'safe', hotkey: 's' }, { value: 'unsafe', hotkey: 'u' }] } };
const harm = {
  id: 'harm', type: 'classification', title: 'Harm category', scope: perTurn, showIf: { question: 'safety', equals: 'unsafe' },
  config: { labels: [{ value: 'violence', hotkey: 'v' }, { value: 'privacy', hotkey: 'p' }] },
};
const verdict = { id: 'verdict', type: 'classification', title: 'Verdict', config: { labels: [{ value: 'ok', hotkey: 'o' }, { value: 'bad', hotkey: 'b' }] } };
const why = { id: 'why', type: 'classification', title: 'Why bad', showIf: { question: 'verdict', equals: 'bad' }, config: { labels: [{ value: 'wrong', hotkey: 'w' }, { value: 'rude', hotkey: 'r' }] } };

const project = (schema: ProjectSchema): ProjectDto => ({
  id: 7, name: 'Chat review', description: '', schema, archived: false, createdAt: 0, roles: ['annotator'],
  settings: { qa: 'all', leaseMinutes: 30, showPrelabels: true, expertiseRules: [], reviewReasons: [] },
});

function view(schema: ProjectSchema, over: Partial<TaskView> = {}): TaskView {
  return {
    assignment: { id: 11, kind: 'label', round: 1, claimedAt: Date.now(), expiresAt: Date.now() + 1_800_000 },
    row: { id: 110, externalId: 'chat-1', data: { messages }, expertise: [], roundNote: null },
    schema, prelabels: null, draft: null, guideline: null, ...over,
  };
}

function serve(schema: ProjectSchema, over: Partial<TaskView> = {}) {
  return fakeApi({
    'GET /api/projects/7': () => ({ project: project(schema) }),
    'GET /api/projects': () => ({ projects: [project(schema)] }),
    'GET /api/projects/7/guidelines': () => ({ current: null, versions: [], acknowledged: null, mustAcknowledge: false }),
    'POST /api/projects/7/next': (call) => ((call.body as { ahead?: boolean }).ahead ? { assignment: null, reason: 'all_done', message: 'Nothing left.' } : view(schema, over)),
    'POST /api/assignments/:id/draft': () => ({ revisionId: 1, expiresAt: 0 }),
    'POST /api/assignments/:id/submit': () => ({ assignmentId: 11, answerId: 5, duplicate: false }),
  });
}

const renderPage = () => renderAt(<Route path="/projects/:id/label"><LabelPage /></Route>, '/projects/7/label');
const question = (id: string) => document.querySelector<HTMLElement>(`[data-question="${id}"]`);
const shown = (id: string) =>
  waitFor(() => {
    const el = question(id);
    if (!el) throw new Error(`question ${id} is not shown`);
    return el;
  });
const turn = (q: HTMLElement, name: string) => within(q).getByRole('listitem', { name });

configure({ asyncUtilTimeout: 5000 });

beforeEach(() => {
  resetStore();
  localStorage.clear();
  useStore.setState({ user: demoUser({ id: 4, email: 'cat@triad.test', name: 'Cat Carter', isAdmin: false }), sessionStatus: 'signedIn' });
  workbenchOptions.current = { uuid: () => 'submission-1', retryDelayMs: 5, draftDelayMs: 30 };
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  workbenchOptions.current = {};
});

describe('per-turn questions on the workbench', { timeout: 40_000 }, () => {
  it('asks the rubric once per assistant turn, turn by turn from the keyboard, and submits one answer per turn', async () => {
    const schema = schemaSchema.parse([quality]);
    const api = serve(schema);
    renderPage();
    const q = await shown('quality');
    const first = await within(q).findByRole('listitem', { name: 'Turn 3' }, { timeout: 15_000 });
    const second = turn(q, 'Turn 5');
    // Each turn shows what it answers, with the user's line before it (its first line only).
    expect(first).toHaveTextContent(/in place, or/);
    expect(within(first).getByText('How do I reverse a list in Python?')).toBeInTheDocument();
    expect(within(second).getByText('And a string?')).toBeInTheDocument();
    expect(within(second).queryByText(/With unicode/)).toBeNull();
    expect(first).toHaveAttribute('data-active', 'true');
    expect(within(q).getByTestId('items-done')).toHaveTextContent('0 of 2 turns done');
    expect(screen.getByTestId('submit-blocked')).toHaveTextContent('Still to answer: Quality.');

    const user = userEvent.setup();
    // Digits score the active turn's criteria one after the other; Shift+↓ moves to the next turn.
    await user.keyboard('45');
    expect(within(first).getByRole('button', { name: 'Helpful: 4' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(first).getByRole('button', { name: 'Correct: 5' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(first).getByText('done')).toBeInTheDocument();
    await user.keyboard('{Shift>}{ArrowDown}{/Shift}');
    expect(second).toHaveAttribute('data-active', 'true');
    expect(first).not.toHaveAttribute('data-active');
    await user.keyboard('23');
    expect(within(second).getByRole('button', { name: 'Helpful: 2' })).toHaveAttribute('aria-pressed', 'true');
    // The first turn kept its scores: the digits went to the active turn only.
    expect(within(first).getByRole('button', { name: 'Helpful: 4' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(q).getByTestId('items-done')).toHaveTextContent('2 of 2 turns done');
    expect(q).toHaveTextContent('per turn · 2/2 done');

    // Undo is one history over the row: the last score goes, and comes back.
    await user.keyboard('{Control>}z{/Control}');
    expect(within(second).getByRole('button', { name: 'Correct: 3' })).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByTestId('submit-blocked')).toBeInTheDocument();
    await user.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    expect(within(second).getByRole('button', { name: 'Correct: 3' })).toHaveAttribute('aria-pressed', 'true');

    // Shift+↑ goes back; the help overlay lists the keys of the turn that owns the keyboard.
    await user.keyboard('{Shift>}{ArrowUp}{/Shift}');
    expect(first).toHaveAttribute('data-active', 'true');
    await user.keyboard('?');
    const help = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(help).getByRole('region', { name: 'Quality · Turn 3' })).toHaveTextContent('Next turn');
    expect(within(help).getByRole('region', { name: 'Quality · Turn 3' })).toHaveTextContent('Previous turn');
    await user.keyboard('{Escape}');

    // Autosave sends the answer per turn, keyed by the message index.
    const expected = { quality: { items: { 2: { scores: { helpful: 4, correct: 5 }, rationale: '' }, 4: { scores: { helpful: 2, correct: 3 }, rationale: '' } } } };
    await waitFor(() => expect(api.callsTo('POST', '/api/assignments/11/draft').at(-1)?.body).toMatchObject({ answer: expected }));
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(api.callsTo('POST', '/api/assignments/11/submit')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/assignments/11/submit')[0].body).toMatchObject({ answer: expected });
  });

  it('shows a per-turn follow-up only for the turns whose answer calls for it, and keeps its draft while hidden', async () => {
    const schema = schemaSchema.parse([safety, harm]);
    const api = serve(schema);
    renderPage();
    const q = await shown('safety');
    await within(q).findByRole('listitem', { name: 'Turn 5' }, { timeout: 15_000 });
    expect(question('harm')).toBeNull();
    const user = userEvent.setup();
    // Turn 3 is safe, turn 5 is not: the harm question appears, for turn 5 only.
    await user.keyboard('s{Shift>}{ArrowDown}{/Shift}u');
    const h = await shown('harm');
    expect(within(h).getAllByRole('listitem').map((x) => x.getAttribute('aria-label'))).toEqual(['Turn 5']);
    expect(screen.getByTestId('submit-blocked')).toHaveTextContent('Still to answer: Harm category.');
    // Tab hands the keyboard to the follow-up, whose own keys answer it.
    await user.keyboard('{Tab}p');
    expect(within(turn(h, 'Turn 5')).getByRole('button', { name: /privacy/i })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.queryByTestId('submit-blocked')).toBeNull();

    // Turn 5 made safe: the follow-up goes, and nothing is missing; made unsafe again, its answer is still there.
    await user.click(within(turn(q, 'Turn 5')).getByRole('button', { name: /^safe/i }));
    await waitFor(() => expect(question('harm')).toBeNull());
    expect(screen.queryByTestId('submit-blocked')).toBeNull();
    await user.click(within(turn(q, 'Turn 5')).getByRole('button', { name: /^unsafe/i }));
    const back = await shown('harm');
    expect(within(turn(back, 'Turn 5')).getByRole('button', { name: /privacy/i })).toHaveAttribute('aria-pressed', 'true');

    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(api.callsTo('POST', '/api/assignments/11/submit')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/assignments/11/submit')[0].body).toMatchObject({
      answer: { safety: { items: { 2: { labels: ['safe'] }, 4: { labels: ['unsafe'] } } }, harm: { items: { 4: { labels: ['privacy'] } } } },
    });
  });

  it('hides a whole-row question until its condition holds: not asked, not counted as missing, skipped by the question keys', async () => {
    const schema = schemaSchema.parse([verdict, why]);
    serve(schema);
    renderPage();
    await waitFor(() => expect(question('verdict')).not.toBeNull());
    await within(question('verdict')!).findByRole('button', { name: /ok/i }, { timeout: 15_000 });
    expect(question('why')).toBeNull();
    const user = userEvent.setup();
    await user.keyboard('o');
    expect(screen.queryByTestId('submit-blocked')).toBeNull();
    // Alone on screen, the verdict keeps the keyboard: the next-question key does not reach the hidden one.
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    expect(question('verdict')).toHaveAttribute('data-active', 'true');
    await user.keyboard('b');
    await waitFor(() => expect(question('why')).not.toBeNull());
    expect(screen.getByTestId('submit-blocked')).toHaveTextContent('Still to answer: Why bad.');
    await user.keyboard('{Tab}w');
    expect(question('why')).toHaveAttribute('data-active', 'true');
    expect(within(question('why')!).getByRole('button', { name: /wrong/i })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.queryByTestId('submit-blocked')).toBeNull();
  });
});
