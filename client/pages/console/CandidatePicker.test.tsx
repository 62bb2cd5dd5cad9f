import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CandidatePicker } from './CandidatePicker';
import { fakeApi, renderAt, signedInEachTest } from '../../testing/fakeApi';

signedInEachTest();

const han = {
  userId: 4, name: 'Han', email: 'han@t.test', expertise: ['finance'], level: 'expert', taskTypes: ['ranking'], languages: ['en', 'de'],
  skills: { Evaluation: { mean: 4.5, graded: 2 } }, roles: [],
};

describe('finding people to add', () => {
  it('shows profiles and scores, asks the server with the filters set, and adds a person by their address', { timeout: 30_000 }, async () => {
    const onAdded = vi.fn();
    const api = fakeApi({
      'GET /api/projects/5/candidates': () => ({ candidates: [han] }),
      'POST /api/projects/5/members': () => ({ members: [] }),
    });
    renderAt(<CandidatePicker projectId={5} onAdded={onAdded} />, '/projects/5/console/members');
    const row = await screen.findByRole('row', { name: /Han/ });
    expect(row).toHaveTextContent('expert');
    expect(row).toHaveTextContent('en, de');
    expect(row).toHaveTextContent('Evaluation 4.5');

    const filters = within(screen.getByRole('group', { name: 'Filters' }));
    await userEvent.selectOptions(filters.getByLabelText('Skill'), 'Evaluation');
    await userEvent.type(filters.getByLabelText('Minimum score'), '4');
    await userEvent.type(filters.getByLabelText('Language'), 'de');
    await vi.waitFor(() => expect(String(api.fetchMock.mock.calls.at(-1)![0])).toMatch(/candidates\?skill=Evaluation&minScore=4&languages=de$/));

    await userEvent.click(within(row).getByRole('button', { name: 'Add as annotator' }));
    expect(api.callsTo('POST', '/api/projects/5/members')[0].body).toEqual({ email: 'han@t.test', roles: ['annotator'] });
    expect(onAdded).toHaveBeenCalled();
  });
});
