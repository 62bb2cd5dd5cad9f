import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { DashboardDto, PersonStatsDto, QuestionAgreementDto } from '@shared/api/dashboard';
import type { ProjectDto } from '@shared/api/projects';
import OverviewTab from './OverviewTab';
import { apiError, fakeApi, renderAt, signedInEachTest } from '../../testing/fakeApi';

// The charts need a canvas jsdom lacks; this test is about the agreement table.
vi.mock('./dashboard/Charts', () => {
  const Nothing = () => null;
  return { OverTimeChart: Nothing, AgreementChart: Nothing, ConfusionChart: Nothing, ThroughputChart: Nothing, PeopleChart: Nothing, PrelabelChart: Nothing, QaChart: Nothing };
});

signedInEachTest();

const base: Omit<QuestionAgreementDto, 'questionId' | 'type'> = {
  metric: 'ordinal', alpha: 0.5, kappa: 0.4, percent: 0.6, rows: 3, units: 12, pairAgreeRate: 1 / 3, degenerate: null, items: null, figures: [],
};

describe('dashboard agreement per question', () => {
  it('shows a ranking question\'s top-choice agreement and Kendall τ, and a per-turn question\'s agreed turns, beside α and κ', async () => {
    const dashboard: DashboardDto = {
      range: null, bucket: 'day', buckets: [], bucketsClipped: false, rows: 3, byState: { labeling: 0, qa: 3, escalated: 0, final: 0 }, overTime: [], confusion: [], people: [], prelabels: [],
      waitingForExpert: { rows: 0, stuck: 0, domains: [] }, openEscalations: 0, byGuidelineVersion: [],
      agreement: [
        { ...base, questionId: 'helpful', type: 'ranking', figures: [
          { key: 'sameTop', title: 'top choice agrees', percent: true, mean: 2 / 3, pairs: 3 },
          { key: 'tau', title: 'Kendall τ', percent: false, mean: 1 / 3, pairs: 3 },
        ] },
        { ...base, questionId: 'tone', type: 'classification', metric: 'nominal' },
        { ...base, questionId: 'safety', type: 'classification', metric: 'nominal', items: { each: 'turn', compared: 12, agreed: 9, rate: 0.75 } },
      ],
    };
    fakeApi({ 'GET /api/projects/5/dashboard': () => dashboard });
    renderAt(<OverviewTab project={{ id: 5, schema: [] } as unknown as ProjectDto} />, '/projects/5');
    const table = await screen.findByRole('table', { name: 'Agreement per question' });
    const [, ranking, other, perTurn] = within(table).getAllByRole('row');
    expect(ranking).toHaveTextContent('top choice agrees 67% · Kendall τ 0.33 (3 pairs)');
    expect(ranking).toHaveTextContent('0.50');
    expect(other).not.toHaveTextContent('Kendall');
    expect(other).not.toHaveTextContent('per turn');
    expect(perTurn).toHaveTextContent('per turn: 9 of 12 turns agree (75%)');
  });
});

const person = (userId: number, name: string, o: Partial<PersonStatsDto>): PersonStatsDto => ({
  userId, name, labels: 0, qa: 0, sentBack: 0, escalated: 0, resolved: 0, activeHours: 0, perBucket: {}, qaPerBucket: {},
  agreementWithFinal: null, keptByQa: null, ...o,
});
const full: DashboardDto = {
  range: null, bucket: 'day', buckets: ['2026-11-22'], bucketsClipped: false, rows: 4, byState: { labeling: 0, qa: 1, escalated: 0, final: 3 },
  overTime: [{ start: '2026-11-22', finalized: 3, labeled: 4, submitted: 8 }], agreement: [], prelabels: [],
  confusion: [{ questionId: 'tone', labels: ['pos', 'neg', '(none)'], matrix: [[2, 1, 0], [0, 1, 0], [0, 0, 0]] }],
  people: [
    person(1, 'Ann', { labels: 5, activeHours: 2, agreementWithFinal: 0.8, keptByQa: 0.5 }),
    person(2, 'Bob', { labels: 3, activeHours: 4, agreementWithFinal: null }),
    person(3, 'Rex', { qa: 2, sentBack: 1, escalated: 1, resolved: 4, activeHours: 1 }),
  ],
  waitingForExpert: { rows: 0, stuck: 0, domains: [] }, openEscalations: 0, byGuidelineVersion: [],
};
const project = { id: 5, schema: [] } as unknown as ProjectDto;
/** The query strings the dashboard was asked with, in order. */
const asked = (api: ReturnType<typeof fakeApi>) => api.fetchMock.mock.calls.map(([u]) => new URL(String(u), 'http://x').search);

describe('dashboard people, range and bucket', () => {
  it('lists every person\'s numbers in a table sorted from its headings', async () => {
    fakeApi({ 'GET /api/projects/5/dashboard': () => full });
    renderAt(<OverviewTab project={project} />, '/projects/5/console');
    const table = await screen.findByRole('table', { name: 'People' });
    const names = () => within(table).getAllByRole('rowheader').map((c) => c.textContent);
    expect(names()).toEqual(['Ann', 'Bob', 'Rex']);
    expect(within(table).getByRole('columnheader', { name: /^Labels/ })).toHaveAttribute('aria-sort', 'descending');
    expect(within(within(table).getAllByRole('row')[3]).getAllByRole('cell').map((c) => c.textContent)).toEqual(['0', '1.00', 'n/a', 'n/a', '4', '2', '1', '1']);
    fireEvent.click(within(table).getByRole('button', { name: /^QA resolved/ }));
    expect(names()).toEqual(['Rex', 'Ann', 'Bob']);
    expect(within(table).getByRole('columnheader', { name: /^QA resolved/ })).toHaveAttribute('aria-sort', 'descending');
    fireEvent.click(within(table).getByRole('button', { name: /^Active hours/ }));
    expect(names()).toEqual(['Bob', 'Ann', 'Rex']);
    fireEvent.click(within(table).getByRole('button', { name: /^Active hours/ }));
    expect(names()).toEqual(['Rex', 'Ann', 'Bob']);
    expect(within(table).getByRole('columnheader', { name: /^Active hours/ })).toHaveAttribute('aria-sort', 'ascending');
    // Nobody's figure yet (n/a) sorts last either way.
    fireEvent.click(within(table).getByRole('button', { name: /^Agrees with final/ }));
    expect(names()).toEqual(['Ann', 'Bob', 'Rex']);
  });

  it('asks for a range and a bucket, keeps them in the address, and says what is wrong with a bad range before asking', async () => {
    const api = fakeApi({ 'GET /api/projects/5/dashboard': () => full });
    const { location } = renderAt(<OverviewTab project={project} />, '/projects/5/console');
    await screen.findByRole('table', { name: 'People' });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-23' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-11-20' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(screen.getByRole('alert')).toHaveTextContent('to: the range ends (2026-11-20) before it starts (2026-11-23); pick a "to" on or after "from"');
    expect(asked(api)).toEqual(['']);
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-11-25' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(asked(api)).toEqual(['', '?from=2026-11-23&to=2026-11-25']));
    expect(location.history.at(-1)).toBe('/projects/5/console?from=2026-11-23&to=2026-11-25');
    fireEvent.click(screen.getByRole('radio', { name: 'Hour' }));
    await waitFor(() => expect(asked(api).at(-1)).toBe('?from=2026-11-23&to=2026-11-25&bucket=hour'));
    fireEvent.click(screen.getByRole('radio', { name: 'Week' }));
    await waitFor(() => expect(asked(api).at(-1)).toBe('?from=2026-11-23&to=2026-11-25&bucket=week'));
    // Hours over a long range: refused with the reason, the bucket stays.
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-09-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(asked(api).at(-1)).toBe('?from=2026-09-01&to=2026-11-25&bucket=week'));
    fireEvent.click(screen.getByRole('radio', { name: 'Hour' }));
    expect(screen.getByRole('alert')).toHaveTextContent('hours are drawn for ranges of at most 31 days (this one spans 86)');
    expect(screen.getByRole('radio', { name: 'Week' })).toBeChecked();
  });

  it('shows the server\'s message when it refuses the range in the address', async () => {
    fakeApi({ 'GET /api/projects/5/dashboard': () => apiError(400, 'bad_request', 'to: a range spans at most 366 days (this one spans 400)') });
    renderAt(<OverviewTab project={project} />, '/projects/5/console?from=2025-01-01&to=2026-02-04');
    expect(await screen.findByText('to: a range spans at most 366 days (this one spans 400)')).toBeInTheDocument();
    expect(screen.getByLabelText('From')).toHaveValue('2025-01-01');
  });

  it('links each confusion cell to the rows behind it, with the dashboard\'s dates', async () => {
    fakeApi({ 'GET /api/projects/5/dashboard': () => ({ ...full, range: { from: '2026-11-20', to: '2026-11-22' } }) });
    renderAt(<OverviewTab project={project} />, '/projects/5/console?from=2026-11-20&to=2026-11-22');
    fireEvent.click(await screen.findByText('The matrix as a table'));
    const table = screen.getByRole('table', { name: 'Confusion matrix of tone as a table' });
    const link = within(table).getByRole('link', { name: '1 rows: labeler 1 pos, labeler 2 neg' });
    expect(link).toHaveAttribute('href', '/projects/5/console/rows?question=tone&label1=pos&label2=neg&pairedFrom=2026-11-20&pairedTo=2026-11-22');
    expect(within(table).getAllByRole('link')).toHaveLength(3);
  });
});
