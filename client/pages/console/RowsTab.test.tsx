import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ProjectDto } from '@shared/api/projects';
import { schemaSchema } from '@shared/tasks/question';
import { settingsSchema } from '@shared/project';
import type { RowListItem } from '../../api/console';
import { fakeApi, signedInEachTest } from '../../testing/fakeApi';
import RowsTab from './RowsTab';

const project: ProjectDto = {
  id: 3, name: 'Reviews', description: '', archived: false, createdAt: 0, roles: ['lead'],
  schema: schemaSchema.parse([{ id: 'sentiment', type: 'classification', title: 'Sentiment', config: { field: 'text', labels: ['positive', 'negative'] } }]),
  settings: settingsSchema.parse({}),
};

const row = (id: number): RowListItem => ({
  id, externalId: `r${id}`, state: 'labeling', round: 1, priority: 0, expertise: [], labelsTaken: 0, labelsDone: 0, qaTaken: 0,
  agree: null, finalId: null, roundNote: null, createdAt: 0, updatedAt: 0, needs: [], waiting: 'waiting_for_labelers', people: [], coverage: [],
});

signedInEachTest();

describe('RowsTab', () => {
  it('keeps asking while a page comes back short or empty with a cursor, and stops at the end', async () => {
    // What the server sends for a rare filter: each request walks a window of the project (SCAN_WINDOW).
    const pages = [
      { rows: [row(5)], nextCursor: 100 },
      { rows: [], nextCursor: 200 },
      { rows: [row(250), row(260)], nextCursor: null },
    ];
    const cursors: (string | null)[] = [];
    const api = fakeApi({
      'GET /api/projects/3/members': () => ({ members: [] }),
      'GET /api/projects/3/rows': () => pages[cursors.length - 1],
    });
    const fetchSpy = api.fetchMock;
    const origImpl = fetchSpy.getMockImplementation()!;
    fetchSpy.mockImplementation(async (input, init) => {
      const url = new URL(String(input), 'http://triad.test');
      if (url.pathname === '/api/projects/3/rows') cursors.push(url.searchParams.get('cursor'));
      return origImpl(input, init);
    });
    render(<RowsTab project={project} />);
    await waitFor(() => expect(cursors).toEqual([null, '100', '200']));
    // The end: no fourth request.
    await new Promise((r) => setTimeout(r, 50));
    expect(api.callsTo('GET', '/api/projects/3/rows')).toHaveLength(3);
  });

  it('shows who holds or labeled each row, the QA reviewer, priority, age and coverage; searches, filters and sorts through the query', async () => {
    const queries: URLSearchParams[] = [];
    const api = fakeApi({
      'GET /api/projects/3/members': () => ({ members: [{ userId: 5, name: 'Ann', email: 'ann@t.test', roles: ['annotator'], expertise: ['finance'] }] }),
      'GET /api/projects/3/rows': () => ({
        rows: [{
          ...row(7), externalId: 'loan-7', state: 'qa', priority: 4, createdAt: Date.now() - 3 * 86_400_000, expertise: ['finance'], waiting: 'qa_in_progress',
          people: [{ userId: 5, name: 'Ann', kind: 'label', status: 'submitted' }, { userId: 6, name: 'Bob', kind: 'label', status: 'submitted' }, { userId: 7, name: 'Rita', kind: 'qa', status: 'active' }],
          coverage: [{ domain: 'finance', coveredBy: 'Ann' }],
        }],
        nextCursor: null,
      }),
    });
    const spy = api.fetchMock;
    const orig = spy.getMockImplementation()!;
    spy.mockImplementation(async (input, init) => {
      const url = new URL(String(input), 'http://triad.test');
      if (url.pathname === '/api/projects/3/rows') queries.push(url.searchParams);
      return orig(input, init);
    });
    const user = userEvent.setup();
    render(<RowsTab project={project} />);
    const item = await screen.findByRole('listitem', { name: 'Row loan-7' });
    expect(within(item).getByText('Ann ✓')).toBeTruthy();
    expect(within(item).getByText('Bob ✓')).toBeTruthy();
    expect(within(item).getByText('Rita …')).toBeTruthy();
    expect(within(item).getByText('4')).toBeTruthy();
    expect(within(item).getByText('3 d')).toBeTruthy();
    expect(within(item).getByText('requires finance (covered by Ann)')).toBeTruthy();

    await user.type(screen.getByRole('searchbox'), 'loan rate');
    await waitFor(() => expect(queries.at(-1)?.get('q')).toBe('loan rate'));
    await user.selectOptions(screen.getByLabelText('State'), 'qa');
    await waitFor(() => expect(queries.at(-1)?.get('state')).toBe('qa'));
    await waitFor(() => expect(screen.getByLabelText('Person').querySelectorAll('option')).toHaveLength(2));
    await user.selectOptions(screen.getByLabelText('Person'), '5');
    await user.selectOptions(screen.getByLabelText('As'), 'label');
    await waitFor(() => expect([queries.at(-1)?.get('person'), queries.at(-1)?.get('role')]).toEqual(['5', 'label']));
    await user.click(screen.getByRole('button', { name: /^Priority/ }));
    await waitFor(() => expect([queries.at(-1)?.get('sort'), queries.at(-1)?.get('dir')]).toEqual(['priority', 'desc']));
    await user.click(screen.getByRole('button', { name: /^Priority/ }));
    await waitFor(() => expect(queries.at(-1)?.get('dir')).toBe('asc'));
    expect(screen.getByRole('columnheader', { name: /Priority/ }).getAttribute('aria-sort')).toBe('ascending');
    // Every query starts a fresh listing: no cursor of the previous one.
    expect(queries.every((q) => !q.has('cursor'))).toBe(true);
    expect(queries.at(-1)?.get('q')).toBe('loan rate');
  }, 30_000);
});
