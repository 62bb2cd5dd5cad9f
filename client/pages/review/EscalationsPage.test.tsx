import { beforeAll, describe, expect, it } from 'vitest';
import { screen, within, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'wouter';
import type { EscalationDto } from '../../api/review';
import { useStore } from '../../store';
import { apiError, fakeApi, renderAt, signedInEachTest } from '../../testing/fakeApi';
import EscalationsPage from './EscalationsPage';
import { preloadRichText } from '../../components/rich/RichText';

const escalation: EscalationDto = {
  id: 3, rowId: 9, externalId: 'review-2', raisedBy: 6, raisedByName: 'Rex Reviewer', assignmentId: 41,
  question: 'Is a hedged forecast "partial" or "good"?', answer: null, answeredBy: null, status: 'open', createdAt: 1_700_000_000_000, answeredAt: null,
  row: { state: 'escalated', round: 1, expertise: ['finance'], data: { domain: 'finance', response: 'Rates will probably fall next year.' } },
};
const guideline = { current: { version: 1, body: '# Verdicts\n\nGood: correct.', note: '', createdAt: 0, createdBy: 1, createdByName: 'Lena' }, versions: [], acknowledged: 1, mustAcknowledge: false };

function renderInbox() {
  return renderAt(<Route path="/projects/:id/escalations" component={EscalationsPage} />, '/projects/7/escalations');
}

signedInEachTest();

// The row's text renders through the markdown chunk; loading it once here keeps that out of the long flow's time.
beforeAll(async () => {
  await preloadRichText();
});

describe('EscalationsPage', () => {
  // A thirty-step flow with typing: about 5 s on a quiet machine, so it has 20 s (the default 5 s failed it under load).
  it('lists an open escalation with its row, answers it and publishes the edited guideline first', async () => {
    const api = fakeApi({
      'GET /api/projects/7': () => ({ project: { id: 7, name: 'LLM response review', roles: ['lead'] } }),
      'GET /api/projects/7/escalations': () => ({ escalations: [escalation], nextCursor: null, total: 1 }),
      'GET /api/projects/7/guidelines': () => guideline,
      'POST /api/projects/7/guidelines': (c) => ({ ...guideline.current, version: 2, body: (c.body as { body: string }).body }),
      'POST /api/projects/7/escalations/3/answer': () => ({ escalationId: 3, rowState: 'qa' }),
    });
    renderInbox();
    const item = await screen.findByRole('article', { name: 'Escalation on row review-2' });
    expect(within(item).getByLabelText('Question')).toHaveTextContent('Is a hedged forecast "partial" or "good"?');
    expect(await within(item).findByRole('region', { name: 'Data of row review-2' })).toHaveTextContent('Rates will probably fall next year.');
    expect(within(item).getByText('waiting for your answer')).toBeInTheDocument();
    // The row came with the list: no request per escalation.
    expect(api.calls.filter((c) => c.path.includes('/rows/'))).toEqual([]);

    const user = userEvent.setup();
    const form = within(item).getByRole('form', { name: 'Answer the escalation on row review-2' });
    await user.click(within(form).getByRole('button', { name: 'Answer' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Write an answer');

    await user.type(within(form).getByLabelText('Your answer'), 'Hedged but correct: partial.');
    await user.click(within(form).getByLabelText(/Also publish a guideline revision/));
    const text = within(form).getByLabelText('Guideline (markdown)');
    expect(text).toHaveValue('# Verdicts\n\nGood: correct.');
    // Publishing the same text again is refused here, before any call.
    await user.click(within(form).getByRole('button', { name: 'Publish and answer' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('unchanged');
    expect(api.callsTo('POST', '/api/projects/7/guidelines')).toHaveLength(0);

    await user.type(text, '\nPartial: hedged forecasts.');
    await user.click(within(form).getByRole('button', { name: 'Publish and answer' }));
    await waitFor(() => expect(screen.queryByRole('article', { name: 'Escalation on row review-2' })).toBeNull());
    expect(api.callsTo('POST', '/api/projects/7/guidelines').map((c) => c.body)).toEqual([
      { body: '# Verdicts\n\nGood: correct.\nPartial: hedged forecasts.', note: 'Clarified after an escalation on row review-2' },
    ]);
    expect(api.callsTo('POST', '/api/projects/7/escalations/3/answer').map((c) => c.body)).toEqual([{ answer: 'Hedged but correct: partial.' }]);
    const order = api.calls.filter((c) => c.method === 'POST').map((c) => c.path);
    expect(order).toEqual(['/api/projects/7/guidelines', '/api/projects/7/escalations/3/answer']);
    expect(useStore.getState().toasts.at(-1)?.text).toMatch(/back in the QA queue.*version 2 published/);
    expect(await screen.findByText('No open escalations: nothing is waiting for a lead.')).toBeInTheDocument();
  }, 20_000);

  it('pages through a long inbox and switches to oldest first', async () => {
    const page = (ids: number[]) => ids.map((id) => ({ ...escalation, id, externalId: `row-${id}`, question: `question ${id}` }));
    let served = 0;
    const api = fakeApi({
      'GET /api/projects/7': () => ({ project: { id: 7, name: 'LLM response review', roles: ['lead'] } }),
      'GET /api/projects/7/escalations': () => {
        served++;
        if (served === 1) return { escalations: page([30, 29]), nextCursor: 29, total: 3 };
        if (served === 2) return { escalations: page([28]), nextCursor: null, total: 3 };
        return { escalations: page([28, 29]), nextCursor: 29, total: 3 };
      },
      'GET /api/projects/7/guidelines': () => guideline,
    });
    renderInbox();
    await screen.findByRole('article', { name: 'Escalation on row row-30' });
    expect(screen.getByText('Showing 2 of 3')).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Show more' }));
    await screen.findByRole('article', { name: 'Escalation on row row-28' });
    expect(screen.getAllByRole('article').map((a) => a.getAttribute('aria-label'))).toEqual(['Escalation on row row-30', 'Escalation on row row-29', 'Escalation on row row-28']);
    expect(screen.getByText('Showing 3 of 3')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Oldest first' }));
    await waitFor(() => expect(screen.getAllByRole('article')[0]).toHaveAccessibleName('Escalation on row row-28'));
    const urls = api.fetchMock.mock.calls.map((c) => String(c[0])).filter((u) => u.includes('/escalations'));
    expect(urls).toEqual([
      expect.stringMatching(/status=open&sort=newest$/),
      expect.stringMatching(/status=open&sort=newest&cursor=29$/),
      expect.stringMatching(/status=open&sort=oldest$/),
    ]);
  });

  it('tells a non-lead the inbox is for leads', async () => {
    fakeApi({
      'GET /api/projects/7': () => ({ project: { id: 7, name: 'LLM response review', roles: ['reviewer'] } }),
      'GET /api/projects/7/escalations': () => apiError(403, 'forbidden', 'this needs the lead role'),
      'GET /api/projects/7/guidelines': () => guideline,
    });
    renderInbox();
    expect(await screen.findByRole('alert')).toHaveTextContent('Only the leads of this project see its escalations.');
  });
});
