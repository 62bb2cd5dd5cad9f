import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { GuidelineAcksDto, GuidelinesDto } from '@shared/api/console';
import type { ProjectDto } from '@shared/api/projects';
import GuidelinesTab from './GuidelinesTab';
import { fakeApi, renderAt, signedInEachTest } from '../../testing/fakeApi';

signedInEachTest();

const at = (h: number) => Date.UTC(2026, 11, 7, h);
const person = (userId: number, name: string, roles: Array<'lead' | 'annotator' | 'reviewer'>) => ({ userId, name, email: `${name.toLowerCase()}@x.test`, roles });
const version = (v: number) => ({ version: v, note: `note ${v}`, createdAt: at(v), createdBy: 1, createdByName: 'Lena Lead' });
const guidelines: GuidelinesDto = {
  current: { ...version(2), body: '# Rules\nSarcasm is negative.\n' }, versions: [version(2), version(1)], acknowledged: 2, mustAcknowledge: false,
};
const acks: Record<number, GuidelineAcksDto> = {
  2: {
    version: 2, publishedAt: at(2), members: 4,
    acknowledged: [{ ...person(1, 'Lena', ['lead']), at: at(2) }, { ...person(3, 'Rita', ['reviewer', 'annotator']), at: at(3) }],
    pending: [{ ...person(2, 'Ann', ['annotator']), newest: 1 }, { ...person(4, 'Neil', ['annotator']), newest: null }],
    versions: [{ version: 2, acknowledged: 2 }, { version: 1, acknowledged: 3 }],
  },
  1: {
    version: 1, publishedAt: at(1), members: 4,
    acknowledged: [{ ...person(1, 'Lena', ['lead']), at: at(1) }, { ...person(2, 'Ann', ['annotator']), at: at(1) + 60_000 }, { ...person(3, 'Rita', ['reviewer', 'annotator']), at: at(2) }],
    pending: [{ ...person(4, 'Neil', ['annotator']), newest: null }],
    versions: [{ version: 2, acknowledged: 2 }, { version: 1, acknowledged: 3 }],
  },
};

describe('who has read the guideline (Guidelines tab)', () => {
  it('shows the lead, for the current version, who acknowledged it and when and who has not, and any older version on request', async () => {
    const user = userEvent.setup();
    const api = fakeApi({
      'GET /api/projects/5/guidelines': () => guidelines,
      'GET /api/projects/5/guidelines/acknowledgements': () => acks[Number(new URL(String(api.fetchMock.mock.calls.at(-1)![0]), 'http://t').searchParams.get('version'))],
    });
    renderAt(<GuidelinesTab project={{ id: 5 } as ProjectDto} />, '/projects/5/console/guidelines');
    const section = within(await screen.findByRole('region', { name: 'Who has read it' }));
    expect(await section.findByText('2 of 4')).toBeVisible();
    const pending = section.getByRole('table', { name: 'Not yet acknowledged version 2' });
    expect(within(pending).getAllByRole('row').slice(1).map((r) => r.textContent)).toEqual([
      'Annann@x.testannotatorv1', 'Neilneil@x.testannotatornone',
    ]);
    const done = section.getByRole('table', { name: 'Acknowledged version 2' });
    expect(within(done).getByText('Rita').closest('tr')).toHaveTextContent('reviewer, annotator');
    expect(within(done).getByText('Rita').closest('tr')!.textContent).toContain(new Date(at(3)).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }));

    const select = section.getByRole('combobox', { name: 'Guideline version read' });
    expect([...select.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['v2 (current) · 2 of 4', 'v1 · 3 of 4']);
    await user.selectOptions(select, 'v1 · 3 of 4');
    expect(await section.findByRole('table', { name: 'Not yet acknowledged version 1' })).toHaveTextContent('Neil');
    expect(section.getByText('3 of 4')).toBeVisible();
  });

  it('says when everyone has read it', async () => {
    fakeApi({
      'GET /api/projects/5/guidelines': () => guidelines,
      'GET /api/projects/5/guidelines/acknowledgements': () => ({ ...acks[2], members: 2, pending: [] }),
    });
    renderAt(<GuidelinesTab project={{ id: 5 } as ProjectDto} />, '/projects/5/console/guidelines');
    const section = within(await screen.findByRole('region', { name: 'Who has read it' }));
    expect(await section.findByText(/everyone has read it/)).toBeVisible();
    expect(section.getByText('Nobody is missing.')).toBeVisible();
  });
});
