import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import TextCompare from './Compare';
import { renderCompare } from '../../testing/compare-view';
import { changedWords, wordDiff } from '../compare-common/word-diff';

vi.mock('./Editor', async () => ({ default: (await import('../../testing/compare-view')).FakeEditor }));

afterEach(cleanup);

const question = { id: 'answer', type: 'text' as const, title: 'Answer', config: { field: 'prompt' } };
const a = { text: 'The capital of Australia is Sydney.' };
const b = { text: 'The capital of Australia is Canberra.' };

describe('text comparison', () => {
  it('shows a word diff: words only in one answer are marked for their side', () => {
    renderCompare(TextCompare, question, { a, b, final: a });
    const diff = screen.getByRole('region', { name: 'Word diff' });
    const del = within(diff).getByTitle('only Labeler 1');
    const ins = within(diff).getByTitle('only Labeler 2');
    expect(del.tagName).toBe('DEL');
    expect(del).toHaveTextContent('Sydney');
    expect(ins.tagName).toBe('INS');
    expect(ins).toHaveTextContent('Canberra');
    expect(within(diff).getByText(/The capital of Australia is/)).not.toHaveClass('cmp-del');
    expect(screen.getByText('2 words differ')).toBeInTheDocument();
    expect(screen.getByLabelText(/Agreement \d+%, conflict/)).toBeInTheDocument();
  });

  it('shows no marks when the answers only differ in whitespace', () => {
    renderCompare(TextCompare, question, { a: { text: 'one  two\nthree' }, b: { text: 'one two three' } });
    expect(screen.queryByTitle(/only Labeler/)).not.toBeInTheDocument();
    expect(screen.getByText('same words')).toBeInTheDocument();
  });

  it('takes one side into the final', async () => {
    const user = userEvent.setup();
    const r = renderCompare(TextCompare, question, { a, b, final: a });
    expect(screen.getByRole('button', { name: 'Take Labeler 1' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: 'Take Labeler 2' }));
    expect(r.last()).toEqual({ text: 'The capital of Australia is Canberra.' });
    expect(screen.getByRole('button', { name: 'Take Labeler 2' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('marks the expert, says the expert’s answer is preselected, and offers the prelabel', async () => {
    const user = userEvent.setup();
    const r = renderCompare(TextCompare, question, { a, b, expert: 1, final: b, prelabel: { text: 'Canberra.' } });
    expect(within(screen.getByRole('region', { name: 'Labeler 2' })).getByText('expert')).toBeInTheDocument();
    expect(screen.getByText(/Preselected: the expert's answer \(Labeler 2\)/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Take prelabel' }));
    expect(r.last()).toEqual({ text: 'Canberra.' });
  });
});

describe('word diff', () => {
  it('splits into same / removed / added parts that rebuild both texts', () => {
    const from = 'a quick brown fox';
    const to = 'a slow brown dog jumps';
    const parts = wordDiff(from, to);
    expect(parts.filter((p) => p.kind !== 'added').map((p) => p.value).join('')).toBe(from);
    expect(parts.filter((p) => p.kind !== 'removed').map((p) => p.value).join('')).toBe(to);
    expect(parts.filter((p) => p.kind === 'removed').map((p) => p.value.trim())).toContain('quick');
    expect(changedWords(parts)).toBe(5);
  });
  it('identical texts are one unchanged part', () => {
    expect(wordDiff('same text', 'same text')).toEqual([{ kind: 'same', value: 'same text' }]);
  });
});
