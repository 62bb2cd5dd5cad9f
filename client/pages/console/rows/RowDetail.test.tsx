import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ProjectDto } from '@shared/api/projects';
import { schemaSchema } from '@shared/tasks/question';
import { settingsSchema } from '@shared/project';
import type { RowHistory } from '../../../api/console';
import { fakeApi, signedInEachTest } from '../../../testing/fakeApi';
import { RowDetail } from './RowDetail';

const project: ProjectDto = {
  id: 3, name: 'Reviews', description: '', archived: false, createdAt: 0, roles: ['lead'],
  schema: schemaSchema.parse([{ id: 'sentiment', type: 'classification', title: 'Sentiment', config: { field: 'text', labels: ['positive', 'negative'] } }]),
  settings: settingsSchema.parse({}),
};
const T = Date.UTC(2026, 11, 1, 9, 0);
const min = 60_000;

/** Ann (finance) and Bob labeled, they disagree; Rita holds QA and went quiet; a lead raised the priority. */
function history(over: Partial<RowHistory['row']> = {}): RowHistory {
  const asg = (id: number, kind: 'label' | 'qa', userId: number, userName: string, at: number, status: string) => ({
    id, kind, round: 1, userId, userName, status, claimedAt: at, heartbeatAt: at + 2 * min, expiresAt: at + 30 * min, finishedAt: status === 'active' ? null : at + 5 * min, releaseReason: null,
  });
  const ans = (id: number, assignmentId: number, userId: number, label: string, at: number) => ({
    id, assignmentId, userId, kind: 'label', round: 1, answer: { sentiment: { labels: [label] } }, bestEffort: false, activeMs: 3 * min,
    guidelineVersion: 2, clientSubmissionId: `c${id}`, prelabels: null, createdAt: at,
  });
  return {
    row: {
      id: 11, externalId: 'loan-7', state: 'qa', round: 1, priority: 2, expertise: ['finance'], labelsTaken: 2, labelsDone: 2, qaTaken: 1, agree: false,
      finalId: null, roundNote: null, createdAt: T - 60 * min, updatedAt: T, data: { text: 'The loan rate rose.' }, prelabels: null, agreement: null,
      coverage: [{ domain: 'finance', coveredBy: 'Ann' }], ...over,
    },
    audit: [{ id: 1, at: T + 40 * min, action: 'row.priority', userId: 9, userName: 'Lena Lead', details: { from: 0, to: 2 } }],
    assignments: [asg(1, 'label', 5, 'Ann', T, 'submitted'), asg(2, 'label', 6, 'Bob', T + 1 * min, 'submitted'), asg(3, 'qa', 7, 'Rita', T + 20 * min, 'active')],
    drafts: [
      { id: 1, assignmentId: 1, answer: { sentiment: { labels: ['positive'] } }, createdAt: T + 1 * min },
      { id: 2, assignmentId: 1, answer: { sentiment: { labels: ['negative'] } }, createdAt: T + 2 * min },
    ],
    answers: [ans(1, 1, 5, 'negative', T + 4 * min), ans(2, 2, 6, 'positive', T + 6 * min)],
    finals: [],
    escalations: [{ id: 4, raisedBy: 6, assignmentId: 2, question: 'Is a rate rise negative?', answer: null, answeredBy: null, status: 'open', createdAt: T + 5 * min, answeredAt: null }],
  } as unknown as RowHistory;
}

signedInEachTest();

describe('RowDetail', () => {
  it('shows one timeline in time order, who covers the domain, and both labels in the reviewer\'s comparison', async () => {
    fakeApi({ 'GET /api/projects/3/rows/11/history': () => history() });
    render(<RowDetail project={project} rowId={11} onClose={() => {}} onChanged={() => {}} />);
    const timeline = await screen.findByRole('list', { name: 'Timeline' });
    const lines = within(timeline).getAllByRole('listitem').map((li) => li.textContent!.replace(/^.*?(claim|draft|label|QA|escalation|lead|release|final)/, '$1').replace(/answer\{[\s\S]*$/, ''));
    expect(lines).toEqual([
      'claim Ann claimed a label slot (round 1)',
      'claim Bob claimed a label slot (round 1)',
      expect.stringMatching(/^draft 2 drafts saved by Ann until \d/),
      'label Ann submitted a label (round 1, guideline v2, 3.0 min active)',
      'escalation Bob escalated: “Is a rate rise negative?”',
      'label Bob submitted a label (round 1, guideline v2, 3.0 min active)',
      'claim Rita claimed the QA slot (round 1)',
      'lead Lena Lead changed the priority from 0 to 2',
    ]);
    expect(screen.getByText('requires finance (covered by Ann)')).toBeTruthy();
    const answers = await screen.findByRole('region', { name: 'Answers: Sentiment' });
    expect(within(answers).getByText('conflict')).toBeTruthy();
    expect(screen.getByText(/Round 1: Ann and Bob/)).toBeTruthy();
  }, 20_000);

  it('reads "needs finance" while no expert holds or labeled the row', async () => {
    fakeApi({ 'GET /api/projects/3/rows/11/history': () => history({ coverage: [{ domain: 'finance', coveredBy: null }] }) });
    render(<RowDetail project={project} rowId={11} onClose={() => {}} onChanged={() => {}} />);
    expect(await screen.findByText('needs finance')).toBeTruthy();
  });

  it('releases a stuck claim and changes the priority, then reloads the row and the list', async () => {
    let changed = 0;
    const api = fakeApi({
      'GET /api/projects/3/rows/11/history': () => history(),
      'POST /api/projects/3/assignments/3/release': () => ({ released: true, assignmentId: 3 }),
      'POST /api/projects/3/rows/11/priority': (c) => ({ rowId: 11, priority: (c.body as { priority: number }).priority }),
    });
    const user = userEvent.setup();
    render(<RowDetail project={project} rowId={11} onClose={() => {}} onChanged={() => changed++} />);
    const claims = await screen.findByText('Claims held');
    expect(claims.parentElement!.textContent).toMatch(/Rita holds the QA slot .* stuck: no sign of work since/);
    await user.click(screen.getByRole('button', { name: 'Release claim' }));
    await waitFor(() => expect(api.callsTo('POST', '/api/projects/3/assignments/3/release')).toHaveLength(1));

    const box = screen.getByLabelText('Priority');
    await user.clear(box);
    await user.type(box, 'high');
    expect(screen.getByRole('button', { name: 'Set priority' })).toHaveProperty('disabled', true);
    expect(screen.getByText('a whole number from -1,000,000 to 1,000,000')).toBeTruthy();
    await user.clear(box);
    await user.type(box, '9{Enter}');
    await waitFor(() => expect(api.callsTo('POST', '/api/projects/3/rows/11/priority').map((c) => c.body)).toEqual([{ priority: 9 }]));
    await waitFor(() => expect(changed).toBe(2));
  }, 30_000);
});
