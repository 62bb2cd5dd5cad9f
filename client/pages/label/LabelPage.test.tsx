import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'wouter';
import type { GuidelinesDto } from '@shared/api/console';
import type { ProjectDto } from '@shared/api/projects';
import { schemaSchema } from '@shared/tasks/question';
import type { TaskView } from '../../api/work';
import { resetStore, useStore } from '../../store';
import { apiError, demoUser, fakeApi, renderAt } from '../../testing/fakeApi';
import LabelPage, { workbenchOptions } from './LabelPage';
import { draftKey } from '../../session/drafts';

const sentiment = { id: 'sentiment', type: 'classification', title: 'Sentiment', config: { field: 'text', labels: [
  { value: 'positive', title: 'Positive', hotkey: '1' }, { value: 'neutral', title: 'Neutral', hotkey: '2' },
  { value: 'negative', title: 'Negative', hotkey: '3' }] } };
const topic = { id: 'topic', type: 'classification', title: 'Topic', config: { field: 'text', labels: ['price', 'quality'] } };
const note = { id: 'remark', type: 'classification', title: 'Remark', required: false, config: { labels: ['odd'] } };

const oneQuestion = schemaSchema.parse([sentiment]);
const threeQuestions = schemaSchema.parse([sentiment, topic, note]);

const project = (schema = oneQuestion): ProjectDto => ({
  id: 7, name: 'Review sentiment', description: '', schema, archived: false, createdAt: 0, roles: ['annotator'],
  settings: { qa: 'all', leaseMinutes: 30, showPrelabels: true, expertiseRules: [], reviewReasons: [] },
});

const guidelines = (version = 1, acknowledged: number | null = version): GuidelinesDto => ({
  current: { version, note: 'Initial version', createdAt: 0, createdBy: 1, createdByName: 'Lena Lead', body: '# Sentiment\n\nSarcasm counts by what is **meant**.\n\n## Neutral\n\nFactual reviews are neutral.' },
  versions: [], acknowledged, mustAcknowledge: acknowledged === null || acknowledged < version,
});

function view(id: number, text: string, over: Partial<TaskView> = {}): TaskView {
  return {
    assignment: { id, kind: 'label', round: 1, claimedAt: Date.now(), expiresAt: Date.now() + 1_800_000 },
    row: { id: id * 10, externalId: `review-${id}`, data: { text }, expertise: [], roundNote: null },
    schema: oneQuestion, prelabels: null, draft: null, guideline: { version: 1, acknowledged: true }, ...over,
  };
}

/**
 * The fake API plus control over the network itself: requests to chosen paths can be held (to see the
 * page before the server answers) or fail as if the cable were pulled.
 */
function network(routes: Parameters<typeof fakeApi>[0]) {
  const api = fakeApi(routes);
  const fake = api.fetchMock.getMockImplementation()!;
  const gates = new Map<string, Promise<void>>();
  const down = new Set<string>();
  /** Requests that never reached the server. */
  const refused: { path: string; body: unknown }[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(String(input), 'http://triad.test').pathname;
    if ([...down].some((d) => path.endsWith(d))) {
      refused.push({ path, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined });
      throw new TypeError('Failed to fetch');
    }
    const gate = [...gates].find(([g]) => path.endsWith(g))?.[1];
    const res = fake(input, init);
    if (gate) await gate;
    return res;
  });
  return {
    ...api,
    hold(path: string) {
      let open!: () => void;
      gates.set(path, new Promise<void>((r) => (open = r)));
      return () => {
        gates.delete(path);
        open();
      };
    },
    down,
    refused,
  };
}

function renderPage() {
  return renderAt(
    <Route path="/projects/:id/label">
      <LabelPage />
    </Route>,
    '/projects/7/label',
  );
}

const nextCalls = (api: ReturnType<typeof fakeApi>) => api.callsTo('POST', '/api/projects/7/next');
const chip = (name: RegExp) => screen.getByRole('button', { name });

// Editors are lazy chunks: on a busy machine the first one takes seconds to compile and load.
configure({ asyncUtilTimeout: 5000 });

beforeEach(() => {
  resetStore();
  localStorage.clear();
  useStore.setState({ user: demoUser({ id: 4, email: 'cat@triad.test', name: 'Cat Carter', isAdmin: false }), sessionStatus: 'signedIn' });
  let n = 0;
  workbenchOptions.current = { uuid: () => `submission-${++n}`, retryDelayMs: 5, draftDelayMs: 50 };
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  workbenchOptions.current = {};
});

describe('LabelPage', { timeout: 40_000 }, () => {
  it('submits the answer with its id, best effort and active time, and shows the claimed-ahead row before the server answers, without reading the project list again', async () => {
    const a = view(11, 'Stopped charging after a week.');
    const b = view(12, 'It is a cable. It charges my phone.');
    const c = view(13, 'Honestly the best coffee grinder.');
    const queue = [b, c];
    const api = network({
      'GET /api/projects/7': () => ({ project: project() }),
      'GET /api/projects': () => ({ projects: [{ ...project(), counts: { rows: 12, final: 3, labeling: 9, qa: 0, escalated: 0 } }] }),
      'GET /api/projects/7/guidelines': () => guidelines(),
      'POST /api/projects/7/next': (call) => ((call.body as { ahead?: boolean }).ahead ? queue.shift() : a),
      'POST /api/assignments/:id/draft': () => ({ revisionId: 1, expiresAt: 0 }),
      'POST /api/assignments/:id/submit': (_, p) => ({ assignmentId: Number(p.id), answerId: 99, duplicate: false }),
    });
    renderPage();
    await screen.findByText('Stopped charging after a week.');
    await waitFor(() => expect(nextCalls(api)).toEqual([
      { method: 'POST', path: '/api/projects/7/next', body: { role: 'label' } },
      { method: 'POST', path: '/api/projects/7/next', body: { role: 'label', ahead: true } },
    ]));
    const user = userEvent.setup();
    await screen.findByRole('button', { name: /Negative/ }, { timeout: 15_000 });
    await user.keyboard('3');
    expect(chip(/Negative/)).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByLabelText(/Best effort/));

    const release = api.hold('/api/assignments/11/submit');
    await user.keyboard('{Control>}{Enter}{/Control}');
    // The next row is on screen while the submit is still on the wire.
    expect(await screen.findByText('It is a cable. It charges my phone.')).toBeInTheDocument();
    expect(screen.getByTestId('workbench')).toHaveAttribute('data-assignment', '12');
    expect(chip(/Negative/)).toHaveAttribute('aria-pressed', 'false');
    const [sent] = api.callsTo('POST', '/api/assignments/11/submit');
    expect(sent.body).toEqual({
      answer: { sentiment: { labels: ['negative'] } }, clientSubmissionId: 'submission-1', bestEffort: true, activeMs: expect.any(Number),
      // How the answer was made (issue 16): nothing pasted, how long the row was on screen and took to show.
      integrity: { pastes: [], shownMs: expect.any(Number), loadMs: expect.any(Number) },
    });
    expect(screen.getByLabelText(/Best effort/)).not.toBeChecked();
    release();
    // Then the row after it is claimed ahead in turn.
    await waitFor(() => expect(nextCalls(api)).toHaveLength(3));
    expect(nextCalls(api)[2].body).toEqual({ role: 'label', ahead: true });
    expect(screen.getByTestId('done-count')).toHaveTextContent('1');
    // The progress counts come from the one list read on opening; a submit does not read the list again.
    expect(screen.getByLabelText('Progress')).toHaveTextContent('3 of 12 final');
    expect(api.callsTo('GET', '/api/projects')).toHaveLength(1);
  });

  it('brings the row and its answer back when the optimistic submit fails, keeping the next row ahead', async () => {
    const a = view(11, 'Stopped charging after a week.');
    const b = view(12, 'It is a cable. It charges my phone.');
    let aheadGiven = false;
    let attempts = 0;
    const api = network({
      'GET /api/projects/7': () => ({ project: project() }),
      'GET /api/projects': () => ({ projects: [project()] }),
      'GET /api/projects/7/guidelines': () => guidelines(),
      'POST /api/projects/7/next': (call) => {
        if (!(call.body as { ahead?: boolean }).ahead) return a;
        if (aheadGiven) return { assignment: null, reason: 'all_done', message: 'Nothing left.' };
        aheadGiven = true;
        return b;
      },
      'POST /api/assignments/:id/draft': () => ({ revisionId: 1, expiresAt: 0 }),
      'POST /api/assignments/11/submit': () => ({ assignmentId: 11, answerId: 5, duplicate: ++attempts > 1 }),
    });
    renderPage();
    await screen.findByText('Stopped charging after a week.');
    await waitFor(() => expect(nextCalls(api)).toHaveLength(2));
    const user = userEvent.setup();
    await screen.findByRole('button', { name: /Neutral/ }, { timeout: 15_000 });
    await user.keyboard('2');
    // The network is gone for longer than the automatic retries last.
    api.down.add('/api/assignments/11/submit');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await screen.findByText(/Not submitted: cannot reach the server/, { selector: '.lb-banner' })).toBeInTheDocument();
    expect(screen.getByText('Stopped charging after a week.')).toBeInTheDocument();
    expect(chip(/Neutral/)).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('done-count')).toHaveTextContent('0');

    api.down.clear();
    // A second try of the same answer is the same submission as far as the server is concerned, and the
    // row that was shown meanwhile is ahead again: it comes straight back.
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await screen.findByText('It is a cable. It charges my phone.')).toBeInTheDocument();
    await waitFor(() => expect(api.callsTo('POST', '/api/assignments/11/submit')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/assignments/11/submit')[0].body).toMatchObject({ clientSubmissionId: 'submission-1' });
    const sentIds = [...api.refused.filter((r) => r.path.endsWith('/submit')), ...api.callsTo('POST', '/api/assignments/11/submit')]
      .map((c) => (c.body as { clientSubmissionId: string }).clientSubmissionId);
    expect(sentIds).toEqual(['submission-1', 'submission-1', 'submission-1', 'submission-1', 'submission-1']);
    await waitFor(() => expect(screen.getByTestId('done-count')).toHaveTextContent('1'));
  });

  it('keeps the draft on the device when the network is down, and restores it when the page comes back', async () => {
    const a = view(11, 'Stopped charging after a week.');
    const api = network({
      'GET /api/projects/7': () => ({ project: project() }),
      'GET /api/projects': () => ({ projects: [project()] }),
      'GET /api/projects/7/guidelines': () => guidelines(),
      'POST /api/projects/7/next': (call) => ((call.body as { ahead?: boolean }).ahead ? { assignment: null, reason: 'all_done', message: 'done' } : a),
      'POST /api/assignments/:id/draft': () => ({ revisionId: 1, expiresAt: 0 }),
    });
    api.down.add('/api/assignments/11/draft');
    const first = renderPage();
    await screen.findByText('Stopped charging after a week.');
    const user = userEvent.setup();
    await screen.findByRole('button', { name: /Positive/ }, { timeout: 15_000 });
    await user.keyboard('1');
    await waitFor(() => expect(screen.getByTestId('save-state')).toHaveTextContent('Offline: kept on this device'));
    expect(JSON.parse(localStorage.getItem(draftKey(11))!).answer).toEqual({ sentiment: { labels: ['positive'] } });
    expect(api.callsTo('POST', '/api/assignments/11/draft')).toHaveLength(0);

    // A crash or a closed tab: the page goes away with the server never having seen the answer.
    first.unmount();
    api.down.clear();
    renderPage();
    await screen.findByText('Stopped charging after a week.');
    await waitFor(() => expect(chip(/Positive/)).toHaveAttribute('aria-pressed', 'true'));
    expect(screen.getByText('Restored your unsaved answer from this device.')).toBeInTheDocument();
    // The restored copy goes to the server, then off the device.
    await waitFor(() => expect(api.callsTo('POST', '/api/assignments/11/draft').map((c) => c.body)).toEqual([
      { answer: { sentiment: { labels: ['positive'] } } },
    ]));
    await waitFor(() => expect(localStorage.getItem(draftKey(11))).toBeNull());
    expect(screen.getByTestId('save-state')).toHaveTextContent('Draft saved');
  });

  it('prefers the server draft when the device has no newer copy', async () => {
    const draft = { sentiment: { labels: ['negative'] } };
    network({
      'GET /api/projects/7': () => ({ project: project() }),
      'GET /api/projects': () => ({ projects: [project()] }),
      'GET /api/projects/7/guidelines': () => guidelines(),
      'POST /api/projects/7/next': () => view(11, 'Stopped charging after a week.', { draft }),
    });
    renderPage();
    await screen.findByText('Stopped charging after a week.');
    await waitFor(() => expect(chip(/Negative/)).toHaveAttribute('aria-pressed', 'true'));
  });

  it('keeps Submit disabled and says what is missing: the guideline to acknowledge, then each required question', async () => {
    const a = view(11, 'Stopped charging after a week.', { schema: threeQuestions, guideline: { version: 2, acknowledged: false } });
    const api = network({
      'GET /api/projects/7': () => ({ project: project(threeQuestions) }),
      'GET /api/projects': () => ({ projects: [project(threeQuestions)] }),
      'GET /api/projects/7/guidelines': () => guidelines(2, 1),
      'POST /api/projects/7/guidelines/acknowledge': () => ({ acknowledged: 2 }),
      'POST /api/projects/7/next': (call) => ((call.body as { ahead?: boolean }).ahead ? { assignment: null, reason: 'all_done', message: 'done' } : a),
      'POST /api/assignments/:id/draft': () => ({ revisionId: 1, expiresAt: 0 }),
    });
    renderPage();
    await screen.findByText('Stopped charging after a week.');
    const submit = screen.getByRole('button', { name: /^Submit/ });
    expect(submit).toBeDisabled();
    expect(screen.getByTestId('submit-blocked')).toHaveTextContent('Read and acknowledge guideline version 2 first.');

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Read the guidelines' }));
    const panel = screen.getByRole('complementary', { name: 'Guidelines' });
    expect(await within(panel).findByRole('heading', { name: 'Sentiment' })).toBeInTheDocument();
    // Search keeps the sections that mention the words and marks them.
    await user.type(within(panel).getByLabelText('Search the guidelines'), 'factual');
    await waitFor(() => expect(panel.querySelector('mark')).toHaveTextContent('Factual'));
    expect(within(panel).getByText('1 match in 1 section')).toBeInTheDocument();
    expect(within(panel).queryByText(/Sarcasm/)).toBeNull();
    await user.click(within(panel).getByRole('button', { name: 'I have read version 2' }));
    await waitFor(() => expect(screen.getByTestId('submit-blocked')).toHaveTextContent('Still to answer: Sentiment, Topic.'));
    expect(api.callsTo('POST', '/api/projects/7/guidelines/acknowledge').map((c) => c.body)).toEqual([{ version: 2 }]);
    expect(submit).toBeDisabled();

    // The first question owns the keyboard; Alt+↓ hands it to the next one.
    await user.click(document.body);
    await screen.findByRole('button', { name: /Positive/ }, { timeout: 15_000 });
    await user.keyboard('1');
    expect(screen.getByTestId('submit-blocked')).toHaveTextContent('Still to answer: Topic.');
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    expect(document.querySelector('[data-question="topic"]')).toHaveAttribute('data-active', 'true');
    await user.keyboard('2');
    expect(screen.queryByTestId('submit-blocked')).toBeNull();
    expect(submit).toBeEnabled();
  });
});
