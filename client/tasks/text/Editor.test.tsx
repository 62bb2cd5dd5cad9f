import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import TextEditor from './Editor';
import { wordDiff } from '../compare-common/word-diff';
import { renderEditor } from '../../testing/task-editor';

afterEach(cleanup);

const rewrite = { id: 'fix', type: 'text' as const, title: 'Fix the answer', config: { sourceField: 'response', minLength: 5 } };
const data = { response: 'The capital of France is Lyon.' };

describe('text editor', () => {
  it('diffs word by word', () => {
    expect(wordDiff('a b c', 'a x c')).toEqual([
      { kind: 'same', value: 'a ' },
      { kind: 'removed', value: 'b' },
      { kind: 'added', value: 'x' },
      { kind: 'same', value: ' c' },
    ]);
  });

  it('starts from the original, edits it with a live diff, and undoes the typing as one step', async () => {
    const user = userEvent.setup();
    const r = renderEditor(TextEditor, rewrite, { data });
    expect(r.answer()).toEqual({ text: data.response });
    expect(screen.getByText('No changes from the original.')).toBeInTheDocument();
    await user.keyboard('e');
    const box = screen.getByRole('textbox', { name: 'Your version' });
    expect(box).toHaveFocus();
    await user.keyboard('{Backspace}{Backspace}{Backspace}{Backspace}{Backspace}Paris.');
    expect(r.last()).toEqual({ text: 'The capital of France is Paris.' });
    expect(screen.getByLabelText('Changes').querySelector('del')).toHaveTextContent('Lyon');
    expect(screen.getByLabelText('Changes').querySelector('ins')).toHaveTextContent('Paris');
    await user.keyboard('{Control>}z{/Control}');
    expect(r.answer()).toEqual({ text: data.response });
    await user.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    expect(r.answer()).toEqual({ text: 'The capital of France is Paris.' });
    // Escape leaves the box; then e is a hotkey again, not a letter.
    await user.keyboard('{Escape}');
    expect(box).not.toHaveFocus();
  });

  it('writes a fresh answer when there is no original', async () => {
    const user = userEvent.setup();
    const r = renderEditor(TextEditor, { id: 'answer', type: 'text', title: 'Answer', config: { minLength: 5 } });
    expect(r.onChange).not.toHaveBeenCalled();
    await user.click(screen.getByRole('textbox'));
    await user.keyboard('Hi');
    expect(screen.getByText(/2 characters \(at least 5\)/)).toHaveClass('is-short');
    expect(r.answer()).toEqual({ text: 'Hi' });
  });

  it('with a suggestion, starts empty until the person picks the suggestion or the original', async () => {
    const user = userEvent.setup();
    const prelabel = { text: 'The capital of France is Paris.' };
    const r = renderEditor(TextEditor, rewrite, { data, prelabel });
    expect(r.answer()).toEqual({ text: '' });
    expect(screen.getByRole('note', { name: 'Suggestion' }).querySelector('ins')).toHaveTextContent('Paris');
    await user.click(screen.getByRole('button', { name: 'Use suggestion' }));
    expect(r.last()).toEqual(prelabel);
    await user.type(screen.getByRole('textbox'), '!');
    expect(r.answer()).toEqual({ text: 'The capital of France is Paris.!' });
    expect(screen.getByRole('button', { name: 'Use suggestion' })).toBeInTheDocument();
    cleanup();
    const r2 = renderEditor(TextEditor, rewrite, { data, prelabel });
    await user.click(screen.getByRole('button', { name: 'Start from the original' }));
    expect(r2.answer()).toEqual({ text: data.response });
  });

  it('stops typing at the question\'s maxLength and says when a longer original must be shortened', () => {
    renderEditor(TextEditor, { id: 'q', type: 'text', title: 'Short', config: { maxLength: 5 } });
    const box = screen.getByRole('textbox', { name: 'Your answer' });
    expect(box).toHaveAttribute('maxlength', '5');
    cleanup();
    renderEditor(TextEditor, { ...rewrite, config: { ...rewrite.config, minLength: 1, maxLength: 10 } }, { data });
    expect(screen.getByText(/at most 10: shorten it to submit/)).toBeInTheDocument();
  });
});
