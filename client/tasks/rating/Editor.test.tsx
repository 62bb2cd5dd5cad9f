import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import RatingEditor from './Editor';
import { renderEditor } from '../../testing/task-editor';

afterEach(cleanup);

const question = {
  id: 'quality',
  type: 'rating' as const,
  title: 'Quality',
  config: {
    criteria: [
      { id: 'accuracy', title: 'Accuracy' },
      { id: 'clarity', title: 'Clarity', min: 0, max: 3 },
    ],
    rationaleMinLength: 10,
  },
};

describe('rating editor', () => {
  it('scores criteria with number keys, advancing to the next, and with the mouse', async () => {
    const user = userEvent.setup();
    const r = renderEditor(RatingEditor, question);
    expect(r.answer()).toEqual({ scores: { accuracy: null, clarity: null }, rationale: '' });
    await user.keyboard('4');
    expect(r.last()).toEqual({ scores: { accuracy: 4, clarity: null }, rationale: '' });
    // Focus moved to Clarity (0–3): 5 is out of its range and does nothing, 0 scores.
    await user.keyboard('5');
    expect(r.onChange).toHaveBeenCalledTimes(1);
    await user.keyboard('0');
    expect(r.last()).toEqual({ scores: { accuracy: 4, clarity: 0 }, rationale: '' });
    await user.keyboard('{ArrowUp}{Delete}');
    expect(r.last()).toEqual({ scores: { accuracy: null, clarity: 0 }, rationale: '' });
    await user.click(screen.getByRole('button', { name: 'Accuracy: 2' }));
    expect(r.last().scores.accuracy).toBe(2);
    expect(screen.getByRole('button', { name: 'Accuracy: 2' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: 'Accuracy: 2' }));
    expect(r.last().scores.accuracy).toBeNull();
  });

  it('takes the ↓ pressed right after a digit as the move the digit already made (issue 18)', async () => {
    const user = userEvent.setup();
    const three = { ...question, config: { ...question.config, criteria: [...question.config.criteria, { id: 'tone', title: 'Tone' }] } };
    const r = renderEditor(RatingEditor, three);
    // 4 on Accuracy moves to Clarity; the habitual ↓ after it stays there instead of skipping to Tone.
    await user.keyboard('4{ArrowDown}2');
    expect(r.last().scores).toEqual({ accuracy: 4, clarity: 2, tone: null });
    // A ↓ that follows no digit moves as always.
    await user.keyboard('{ArrowUp}{ArrowDown}{ArrowDown}3');
    expect(r.last().scores).toEqual({ accuracy: 4, clarity: 2, tone: 3 });
  });

  it('writes the rationale with a counter; number keys typed there are text, not scores', async () => {
    const user = userEvent.setup();
    const r = renderEditor(RatingEditor, question);
    expect(screen.getByText('0 / 10 characters minimum')).toHaveClass('is-short');
    await user.click(screen.getByRole('textbox'));
    await user.keyboard('Clear, 5 facts');
    expect(r.answer()).toEqual({ scores: { accuracy: null, clarity: null }, rationale: 'Clear, 5 facts' });
    expect(screen.getByText('14 / 10 characters minimum')).not.toHaveClass('is-short');
    // One undo step for the burst of typing, then the scores are untouched.
    await user.keyboard('{Control>}z{/Control}');
    expect(r.answer()).toEqual({ scores: { accuracy: null, clarity: null }, rationale: '' });
  });

  it('undo/redo across scores', async () => {
    const user = userEvent.setup();
    const r = renderEditor(RatingEditor, question);
    await user.keyboard('3');
    await user.keyboard('2');
    await user.keyboard('{Control>}z{/Control}');
    expect(r.answer().scores).toEqual({ accuracy: 3, clarity: null });
    await user.keyboard('{Control>}y{/Control}');
    expect(r.answer().scores).toEqual({ accuracy: 3, clarity: 2 });
  });

  it('shows a suggestion apart and copies it on request', async () => {
    const user = userEvent.setup();
    const prelabel = { scores: { accuracy: 5, clarity: 1 }, rationale: 'Model says fine.' };
    const r = renderEditor(RatingEditor, question, { prelabel });
    expect(screen.getByRole('button', { name: 'Accuracy: 5 (suggested)' })).toHaveClass('is-suggested');
    expect(r.answer().scores.accuracy).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Use suggestion' }));
    expect(r.last()).toEqual(prelabel);
    await user.keyboard('4');
    expect(r.answer()).toEqual({ ...prelabel, scores: { accuracy: 4, clarity: 1 } });
    expect(screen.getByRole('button', { name: 'Use suggestion' })).toBeInTheDocument();
  });
});
