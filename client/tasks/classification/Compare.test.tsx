import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ClassificationCompare from './Compare';
import { renderCompare } from '../../testing/compare-view';
import { labelStatus, takeLabel } from './compare-classification';
import { classificationConfig } from '@shared/tasks/classification';

vi.mock('./Editor', async () => ({ default: (await import('../../testing/compare-view')).FakeEditor }));

afterEach(cleanup);

const single = {
  id: 'sentiment',
  type: 'classification' as const,
  title: 'Sentiment',
  config: { labels: ['positive', { value: 'negative', title: 'Negative' }, 'neutral'] },
};
const multi = { ...single, id: 'topics', config: { ...single.config, multiple: true, threshold: 0.9 } };

describe('classification comparison', () => {
  it('shows the conflict: each side’s differing label is marked, the score says conflict', () => {
    renderCompare(ClassificationCompare, single, { a: { labels: ['positive'] }, b: { labels: ['negative'] }, final: { labels: [] } });
    expect(screen.getByLabelText(/Agreement 0%, conflict/)).toBeInTheDocument();
    const l1 = screen.getByRole('region', { name: 'Labeler 1' });
    const l2 = screen.getByRole('region', { name: 'Labeler 2' });
    const pos = within(l1).getByRole('button', { name: /positive: conflict, Labeler 2 did not choose it/ });
    expect(pos).toHaveClass('is-conflict');
    expect(within(l2).getByRole('button', { name: /Negative: conflict/ })).toHaveClass('is-conflict');
  });

  it('marks agreed labels and shows agreement', () => {
    renderCompare(ClassificationCompare, single, { a: { labels: ['neutral'] }, b: { labels: ['neutral'] } });
    expect(screen.getByLabelText(/Agreement 100%, agree/)).toBeInTheDocument();
    for (const region of screen.getAllByRole('region', { name: /Labeler/ }))
      expect(within(region).getByRole('button', { name: /neutral: both chose it/ })).toHaveClass('is-agree');
  });

  it('takes a whole version into the final', async () => {
    const user = userEvent.setup();
    const r = renderCompare(ClassificationCompare, multi, {
      a: { labels: ['positive', 'neutral'] },
      b: { labels: ['negative'] },
      final: { labels: [] },
    });
    await user.click(screen.getByRole('button', { name: 'Take Labeler 1' }));
    expect(r.last()).toEqual({ labels: ['positive', 'neutral'] });
    expect(screen.getByRole('button', { name: 'Take Labeler 1' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: 'Take Labeler 2' }));
    expect(r.last()).toEqual({ labels: ['negative'] });
    expect(screen.getByTestId('final-editor')).toHaveTextContent('{"labels":["negative"]}');
  });

  it('takes single labels: toggles in multi choice, replaces in single choice', async () => {
    const user = userEvent.setup();
    const r = renderCompare(ClassificationCompare, multi, {
      a: { labels: ['positive', 'neutral'] },
      b: { labels: ['negative'] },
      final: { labels: ['positive'] },
    });
    const l2 = screen.getByRole('region', { name: 'Labeler 2' });
    await user.click(within(l2).getByRole('button', { name: /Negative/ }));
    expect(r.last()).toEqual({ labels: ['positive', 'negative'] });
    const l1 = screen.getByRole('region', { name: 'Labeler 1' });
    await user.click(within(l1).getByRole('button', { name: /positive/ }));
    expect(r.last()).toEqual({ labels: ['negative'] });
    cleanup();

    const s = renderCompare(ClassificationCompare, single, { a: { labels: ['positive'] }, b: { labels: ['negative'] }, final: { labels: ['positive'] } });
    await user.click(within(screen.getByRole('region', { name: 'Labeler 2' })).getByRole('button', { name: /Negative/ }));
    expect(s.last()).toEqual({ labels: ['negative'] });
  });

  it('marks the expert and the best-effort side, and says when the expert’s answer is preselected', () => {
    renderCompare(ClassificationCompare, single, {
      a: { labels: ['positive'] },
      b: { labels: ['negative'] },
      expert: 1,
      bestEffort: [true, false],
      final: { labels: ['negative'] },
    });
    const l2 = screen.getByRole('region', { name: 'Labeler 2' });
    expect(within(l2).getByText('expert')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Labeler 1' })).getByText('best effort')).toBeInTheDocument();
    expect(screen.getByText(/Preselected: the expert's answer \(Labeler 2\)/)).toBeInTheDocument();
  });

  it('does not claim a preselection once the final differs from the expert’s answer', () => {
    renderCompare(ClassificationCompare, single, { a: { labels: ['positive'] }, b: { labels: ['negative'] }, expert: 1, final: { labels: ['positive'] } });
    expect(screen.queryByText(/Preselected/)).not.toBeInTheDocument();
  });

  it('shows the prelabel as a muted third reference that can be taken', async () => {
    const user = userEvent.setup();
    const r = renderCompare(ClassificationCompare, single, {
      a: { labels: ['positive'] },
      b: { labels: ['negative'] },
      prelabel: { labels: ['neutral'] },
      final: { labels: [] },
    });
    const pre = screen.getByRole('region', { name: 'Prelabel' });
    expect(pre).toHaveTextContent('neutral');
    await user.click(within(pre).getByRole('button', { name: 'Take prelabel' }));
    expect(r.last()).toEqual({ labels: ['neutral'] });
  });
});

describe('classification comparison helpers', () => {
  const config = classificationConfig.parse({ multiple: true, labels: ['a', 'b', 'c'] });
  it('labelStatus', () => {
    expect(labelStatus({ labels: ['a', 'b'] }, { labels: ['b'] }, 'a')).toBe('conflict');
    expect(labelStatus({ labels: ['a', 'b'] }, { labels: ['b'] }, 'b')).toBe('agree');
  });
  it('takeLabel keeps config order when toggling', () => {
    expect(takeLabel({ labels: ['c'] }, 'a', config)).toEqual({ labels: ['a', 'c'] });
    expect(takeLabel({ labels: ['a', 'c'] }, 'a', config)).toEqual({ labels: ['c'] });
    expect(takeLabel({ labels: ['a'] }, 'b', { ...config, multiple: false })).toEqual({ labels: ['b'] });
  });
});
