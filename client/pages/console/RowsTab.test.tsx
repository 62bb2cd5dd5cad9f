import { describe, expect, it } from 'vitest';
import { render, waitFor } from '@testing-library/react';
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
  agree: null, finalId: null, roundNote: null, createdAt: 0, updatedAt: 0, needs: [], waiting: 'waiting_for_labelers',
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
});
