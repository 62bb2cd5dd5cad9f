import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { ProjectDto } from '@shared/api/projects';
import type { RowListItem } from '../../../api/console';
import { fakeApi, renderAt, signedInEachTest } from '../../../testing/fakeApi';
import RowsTab from '../RowsTab';

const project = { id: 3, name: 'Reviews', schema: [], roles: ['lead'] } as unknown as ProjectDto;
const row = (id: number): RowListItem => ({
  id, externalId: `r${id}`, state: 'final', round: 1, priority: 0, expertise: [], labelsTaken: 2, labelsDone: 2, qaTaken: 1,
  agree: false, finalId: 9, roundNote: null, createdAt: 0, updatedAt: 0, needs: [], waiting: null, people: [], coverage: [],
} as RowListItem);

signedInEachTest();

describe('the Rows tab opened from a confusion cell', () => {
  it('lists the cell\'s rows, says which cell, and shows every row again on request', async () => {
    const api = fakeApi({
      'GET /api/projects/3/members': () => ({ members: [] }),
      'GET /api/projects/3/rows': () => ({ rows: [row(7)], nextCursor: null }),
    });
    const asked = () => api.fetchMock.mock.calls.map(([u]) => new URL(String(u), 'http://x')).filter((u) => u.pathname.endsWith('/rows')).map((u) => Object.fromEntries(u.searchParams));
    const { location } = renderAt(<RowsTab project={project} />, '/projects/3/console/rows?question=tone&label1=pos&label2=%3Cb%3Eneg&pairedFrom=2026-11-20&pairedTo=2026-11-22');
    await screen.findByRole('listitem', { name: 'Row r7' });
    expect(asked()[0]).toMatchObject({ question: 'tone', label1: 'pos', label2: '<b>neg', pairedFrom: '2026-11-20', pairedTo: '2026-11-22', sort: 'age' });
    const note = screen.getByText(/from the dashboard’s confusion matrix/);
    expect(note).toHaveTextContent('Rows where labeler 1 answered “pos” and labeler 2 “<b>neg” on tone (second label from 2026-11-20 to 2026-11-22)');
    fireEvent.click(screen.getByRole('button', { name: 'Show all rows' }));
    await waitFor(() => expect(asked()).toHaveLength(2));
    expect(asked()[1].question).toBeUndefined();
    expect(screen.queryByText(/from the dashboard’s confusion matrix/)).toBeNull();
    expect(location.history.at(-1)).toBe('/projects/3/console/rows');
  });
});
