import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ProjectDto } from '@shared/api/projects';
import IntegrityTab from './IntegrityTab';
import { fakeApi, renderAt, signedInEachTest } from '../../testing/fakeApi';

signedInEachTest();

const counts = (o: Partial<Record<'paste' | 'fast' | 'streak' | 'early', number>>) => ({ paste: 0, fast: 0, streak: 0, early: 0, ...o });
const signal = (id: number, kind: string, details: unknown, person: [number, string], row: [number, string]) => ({
  id, kind, details, createdAt: Date.UTC(2026, 11, 6, 10), answerId: id * 10, row: { id: row[0], externalId: row[1] }, person: { id: person[0], name: person[1] },
});

describe('the Integrity tab', () => {
  it('counts each kind of signal per person, says what each one was, and narrows to a person or a row', { timeout: 20_000 }, async () => {
    const all = [
      signal(3, 'paste', { pastes: [{ question: 'summary', chars: 812 }], chars: 812 }, [1, 'Ann'], [40, 'r40']),
      signal(2, 'fast', { activeMs: 2000, medianMs: 16000 }, [2, 'Bob'], [41, 'r41']),
      signal(1, 'streak', { length: 9, of: 50 }, [2, 'Bob'], [42, 'r42']),
    ];
    const api = fakeApi({
      'GET /api/projects/5/integrity': () => ({ people: [
        { userId: 2, name: 'Bob', counts: counts({ fast: 1, streak: 1 }), total: 2, answers: 30 },
        { userId: 1, name: 'Ann', counts: counts({ paste: 1 }), total: 1, answers: 12 },
      ] }),
      'GET /api/projects/5/integrity/signals': () => ({ signals: all, next: null }),
    });
    renderAt(<IntegrityTab project={{ id: 5 } as ProjectDto} />, '/projects/5/console/integrity');
    const people = within(await screen.findByRole('region', { name: 'Integrity signals per person' }));
    const bob = (await people.findAllByRole('row'))[1];
    expect(bob).toHaveTextContent('Bob30·11·');
    const list = within(screen.getByRole('region', { name: 'Signals' }));
    expect(await list.findByText('812 characters into summary')).toBeVisible();
    expect(list.getByText("2.0 s of work; the project's median is 16.0 s")).toBeVisible();
    expect(list.getByText('the same answer 9 times running')).toBeVisible();

    await userEvent.click(within(bob).getByRole('button', { name: 'Show signals' }));
    expect(await screen.findByRole('heading', { name: 'Signals of Bob' })).toBeVisible();
    const urls = () => api.fetchMock.mock.calls.map((c) => String(c[0]));
    expect(urls().at(-1)).toMatch(/integrity\/signals\?userId=2$/);
    await userEvent.click(list.getByRole('button', { name: 'r42' }));
    expect(urls().at(-1)).toMatch(/userId=2&rowId=42$/);
  });
});
