import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import RatingCompare from './Compare';
import { renderCompare } from '../../testing/compare-view';
import { criterionRows, takeScore } from './compare-rating';
import { ratingConfig } from '@shared/tasks/rating';

vi.mock('./Editor', async () => ({ default: (await import('../../testing/compare-view')).FakeEditor }));

afterEach(cleanup);

const question = {
  id: 'quality',
  type: 'rating' as const,
  title: 'Quality',
  config: {
    criteria: [
      { id: 'accuracy', title: 'Accuracy' },
      { id: 'clarity', title: 'Clarity', tolerance: 0 },
      { id: 'safety', title: 'Safety' },
    ],
  },
};
const a = { scores: { accuracy: 2, clarity: 4, safety: 5 }, rationale: 'Wrong date in the second paragraph.' };
const b = { scores: { accuracy: 5, clarity: 4, safety: 4 }, rationale: 'Accurate and clear.' };
const empty = { scores: { accuracy: null, clarity: null, safety: null }, rationale: '' };

describe('rating comparison', () => {
  it('marks criteria whose scores differ beyond tolerance, and only those', () => {
    renderCompare(RatingCompare, question, { a, b, final: empty });
    expect(screen.getByRole('row', { name: 'Accuracy (differs)' })).toHaveClass('is-conflict');
    expect(screen.getByRole('row', { name: 'Accuracy (differs)' })).toHaveTextContent('3 > 1');
    expect(screen.getByRole('row', { name: 'Clarity' })).toHaveClass('is-agree');
    // 5 vs 4 is within the default tolerance of 1.
    expect(screen.getByRole('row', { name: 'Safety' })).toHaveClass('is-agree');
    expect(screen.getByText('1 of 3 criteria differ beyond tolerance')).toBeInTheDocument();
    expect(screen.getByLabelText(/Agreement \d+%, conflict/)).toBeInTheDocument();
  });

  it('a tolerance of 0 makes any difference a conflict; one side unscored is a conflict', () => {
    renderCompare(RatingCompare, question, {
      a: { ...a, scores: { accuracy: 2, clarity: 3, safety: null } },
      b,
      final: empty,
    });
    expect(screen.getByRole('row', { name: 'Clarity (differs)' })).toHaveTextContent('1 > 0');
    expect(screen.getByRole('row', { name: 'Safety (differs)' })).toHaveTextContent('one side unscored');
  });

  it('takes a score per criterion', async () => {
    const user = userEvent.setup();
    const r = renderCompare(RatingCompare, question, { a, b, final: { ...a } });
    await user.click(screen.getByRole('button', { name: 'Take Labeler 2’s Accuracy score 5' }));
    expect(r.last()).toEqual({ scores: { accuracy: 5, clarity: 4, safety: 5 }, rationale: a.rationale });
    expect(within(screen.getByRole('row', { name: 'Accuracy (differs)' })).getByLabelText('Final Accuracy')).toHaveTextContent('5');
    expect(screen.getByRole('button', { name: 'Take Labeler 2’s Accuracy score 5' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'Take Labeler 1’s Accuracy score 2' })).toHaveAttribute('aria-pressed', 'false');
  });

  it('takes a whole version, and a rationale alone', async () => {
    const user = userEvent.setup();
    const r = renderCompare(RatingCompare, question, { a, b, final: empty });
    await user.click(screen.getByRole('button', { name: 'Take Labeler 1' }));
    expect(r.last()).toEqual(a);
    expect(r.last()).not.toBe(a);
    await user.click(screen.getByRole('button', { name: 'Take Labeler 2’s rationale' }));
    expect(r.last()).toEqual({ scores: a.scores, rationale: b.rationale });
    expect(screen.getByRole('region', { name: 'Labeler 1 rationale' })).toHaveTextContent(a.rationale);
  });

  it('says the expert’s answer is preselected, and shows the prelabel as a reference', async () => {
    const user = userEvent.setup();
    const pre = { scores: { accuracy: 3, clarity: 3, safety: 3 }, rationale: 'model' };
    const r = renderCompare(RatingCompare, question, { a, b, expert: 0, final: a, prelabel: pre });
    expect(screen.getByText(/Preselected: the expert's answer \(Labeler 1\)/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Take the prelabel’s Clarity score 3' }));
    expect(r.last().scores).toEqual({ accuracy: 2, clarity: 3, safety: 5 });
    expect(screen.queryByText(/Preselected/)).not.toBeInTheDocument();
  });
});

describe('rating comparison helpers', () => {
  const config = ratingConfig.parse(question.config);
  it('criterionRows follows the module’s tolerance rule', () => {
    const rows = criterionRows(a, b, config);
    expect(rows.map((r) => [r.id, r.diff, r.conflict])).toEqual([
      ['accuracy', 3, true],
      ['clarity', 0, false],
      ['safety', 1, false],
    ]);
    expect(criterionRows(empty, empty, config).every((r) => !r.conflict)).toBe(true);
  });
  it('takeScore leaves the other criteria and the input alone', () => {
    const next = takeScore(a, 'clarity', 1);
    expect(next).toEqual({ scores: { accuracy: 2, clarity: 1, safety: 5 }, rationale: a.rationale });
    expect(a.scores.clarity).toBe(4);
  });
});
