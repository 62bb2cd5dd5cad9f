import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { PeopleQualityDto } from '@shared/api/quality';
import type { ProjectDto } from '@shared/api/projects';
import QualityTab from './QualityTab';
import { fakeApi, renderAt, signedInEachTest } from '../../testing/fakeApi';

signedInEachTest();

const project = {
  id: 5, name: 'P', schema: [{ id: 'sentiment', type: 'classification', title: 'Sentiment', config: {} }],
  settings: { qa: 'all', leaseMinutes: 30, showPrelabels: true, expertiseRules: [], gold: { firstRows: 2, percent: 10, pauseBelow: 60, pauseAfter: 5 } },
} as unknown as ProjectDto;

const q = (paused: boolean): PeopleQualityDto => ({
  people: [{
    userId: 7, name: '<b>Cat</b>', labels: 12, activeMsPerRow: 4200, bestEffort: 1, flagsRaised: 2, escalations: 0, signals: { large_paste: 3 },
    gold: { n: 5, correct: 1, accuracy: 0.2, byDay: [{ day: Date.UTC(2026, 11, 1), n: 5, correct: 1 }] },
    paused: paused ? { reason: 'gold accuracy 20% over your last 5 gold rows, below the project\'s 60%', pausedAt: Date.UTC(2026, 11, 1, 9) } : null,
    questions: [{
      questionId: 'sentiment', gold: { n: 5, agreed: 1, accuracy: 0.2, meanScore: 0.2 }, peers: { n: 4, agreed: 1, agreement: 0.25 },
      qa: { decided: 4, kept: 0, overruled: 4, keptRate: 0 }, reasons: { 'Guideline misread': 3, 'Careless or rushed': 1 },
    }],
  }],
  peers: [{ a: 7, b: 8, questionId: 'sentiment', n: 4, agreed: 1, kappa: -0.5 }],
  pauses: paused ? [{ userId: 7, name: '<b>Cat</b>', reason: 'gold accuracy 20% over your last 5 gold rows, below the project\'s 60%', pausedBy: null, pausedAt: Date.UTC(2026, 11, 1, 9) }] : [],
});

describe('console Quality tab', () => {
  it('shows the pause notice and the per-person figures, unfolds per question, and resumes a person', async () => {
    let paused = true;
    const api = fakeApi({
      'GET /api/projects/5/quality': () => q(paused),
      'POST /api/projects/5/pauses/7/resume': () => { paused = false; return { resumed: true }; },
    });
    renderAt(<QualityTab project={project} onSaved={() => undefined} />, '/projects/5/console/quality');
    const notice = await screen.findByRole('alert');
    // Names are text, never markup.
    expect(notice).toHaveTextContent('<b>Cat</b> was paused automatically');
    expect(notice).toHaveTextContent('gold accuracy 20% over your last 5 gold rows');
    const table = screen.getByRole('table', { name: 'Per-person quality' });
    const row = within(table).getAllByRole('row')[1];
    expect(row).toHaveTextContent('20% of 5');
    expect(row).toHaveTextContent('4.2 s');
    expect(row).toHaveTextContent('paused');
    expect(row).toHaveTextContent('large paste 3');
    fireEvent.click(within(row).getByRole('button', { name: /Cat/ }));
    const perQuestion = within(table).getAllByRole('row')[2];
    expect(perQuestion).toHaveTextContent('Sentiment');
    expect(perQuestion).toHaveTextContent('0% (4 overruled)');
    expect(perQuestion).toHaveTextContent('Reviewers: Guideline misread (3), Careless or rushed (1)');
    expect(screen.getByRole('table', { name: "Cohen's kappa per pair of people" })).toHaveTextContent('-0.50');
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', '/api/projects/5/quality.csv');
    expect(screen.getByLabelText(/Pause below/)).toHaveValue(60);
    fireEvent.click(within(notice).getByRole('button', { name: 'Resume <b>Cat</b>' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(api.calls.some((c) => c.method === 'POST' && c.path === '/api/projects/5/pauses/7/resume')).toBe(true);
  });

  it('saves the gold settings into the project settings', async () => {
    const api = fakeApi({
      'GET /api/projects/5/quality': () => q(false),
      'PATCH /api/projects/5': (c) => ({ project: { ...project, settings: (c.body as { settings: unknown }).settings } }),
    });
    renderAt(<QualityTab project={project} onSaved={() => undefined} />, '/projects/5/console/quality');
    const form = await screen.findByRole('form', { name: 'Gold settings' });
    fireEvent.change(within(form).getByLabelText(/Then gold/), { target: { value: '25' } });
    fireEvent.change(within(form).getByLabelText(/Pause below/), { target: { value: '' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save gold settings' }));
    await waitFor(() => expect(api.calls.find((c) => c.method === 'PATCH')).toBeTruthy());
    expect((api.calls.find((c) => c.method === 'PATCH')!.body as { settings: { gold: unknown } }).settings.gold).toEqual({ firstRows: 2, percent: 25, pauseBelow: null, pauseAfter: 5 });
  });
});
