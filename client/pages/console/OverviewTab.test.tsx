import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import type { DashboardDto, QuestionAgreementDto } from '@shared/api/console';
import type { ProjectDto } from '@shared/api/projects';
import OverviewTab from './OverviewTab';
import { fakeApi, renderAt, signedInEachTest } from '../../testing/fakeApi';

// The charts need a canvas jsdom lacks; this test is about the agreement table.
vi.mock('./dashboard/Charts', () => {
  const Nothing = () => null;
  return { OverTimeChart: Nothing, AgreementChart: Nothing, ConfusionChart: Nothing, ThroughputChart: Nothing, PeopleChart: Nothing, PrelabelChart: Nothing };
});

signedInEachTest();

const base: Omit<QuestionAgreementDto, 'questionId' | 'type'> = {
  metric: 'ordinal', alpha: 0.5, kappa: 0.4, percent: 0.6, rows: 3, units: 12, pairAgreeRate: 1 / 3, degenerate: null, items: null, figures: [],
};

describe('dashboard agreement per question', () => {
  it('shows a ranking question\'s top-choice agreement and Kendall τ, and a per-turn question\'s agreed turns, beside α and κ', async () => {
    const dashboard: DashboardDto = {
      rows: 3, byState: { labeling: 0, qa: 3, escalated: 0, final: 0 }, overTime: [], confusion: [], people: [], prelabels: [],
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
