import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import TextCompare from './Compare';
import { renderCompare } from '../../testing/compare-view';
import { SYNC_DIFF_LIMIT } from '../compare-common/use-word-diff';

// The rewrite review with the real text editor as the final: what the reviewer sees and does.

afterEach(cleanup);

const question = { id: 'ideal', type: 'text' as const, title: 'Ideal answer', config: { field: 'prompt', sourceField: 'draft' } };
const data = { prompt: 'Capital of Australia?', draft: 'The capital of Australia is Sydney, its biggest city.' };
const a = { text: 'The capital of Australia is Canberra, not its biggest city.' };
const b = { text: 'The capital of Australia is Sydney.' };

const diffRegion = () => screen.getByRole('region', { name: 'Word diff' });
const panel = () => within(diffRegion()).getByRole('tabpanel');
// The final's editor is lazy: under a loaded machine its first import takes a moment.
const finalBox = () => screen.findByRole('textbox', { name: 'Your version' }, { timeout: 10_000 });

describe('rewrite review', () => {
  it('diffs each rewrite against the original and the two against each other, with word counts', async () => {
    const user = userEvent.setup();
    renderCompare(TextCompare, question, { a, b, data, final: a });
    const tabs = within(diffRegion()).getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['Labeler 1 vs original +2 −1', 'Labeler 2 vs original +0 −3', 'Labeler 1 vs Labeler 2 +1 −5']);
    expect(tabs[0]).toHaveAttribute('aria-selected', 'true');

    // Labeler 1 vs original: what they deleted is struck, what they added underlined, each named.
    const del = within(panel()).getAllByTitle('deleted by Labeler 1');
    const ins = within(panel()).getAllByTitle('added by Labeler 1');
    expect(del.map((d) => [d.tagName, d.textContent])).toEqual([['DEL', 'Sydney']]);
    expect(ins.map((d) => [d.tagName, d.textContent])).toEqual([['INS', 'Canberra'], ['INS', 'not']]);
    expect(within(panel()).getByText('2 words added, 1 word deleted')).toBeInTheDocument();

    await user.click(tabs[1]);
    expect(tabs[1]).toHaveAttribute('aria-selected', 'true');
    expect(within(panel()).getByText('3 words deleted')).toBeInTheDocument();
    expect(within(panel()).queryByTitle(/added by/)).not.toBeInTheDocument();
    expect(within(panel()).getAllByTitle('deleted by Labeler 2').map((d) => d.textContent)).toEqual([', its biggest city']);

    // Arrow keys move between the tabs (and focus follows), wrapping at the ends.
    tabs[1].focus();
    await user.keyboard('{ArrowRight}');
    expect(tabs[2]).toHaveFocus();
    expect(tabs[2]).toHaveAttribute('aria-selected', 'true');
    expect(within(panel()).getAllByTitle('only Labeler 2')[0]).toHaveTextContent('Sydney');
    await user.keyboard('{ArrowRight}');
    expect(tabs[0]).toHaveAttribute('aria-selected', 'true');
    await finalBox();
  });

  it('takes Labeler 2, then edits the final, whose diff against the original follows the typing', async () => {
    const user = userEvent.setup();
    const r = renderCompare(TextCompare, question, { a, b, data, final: a });
    const box = await finalBox();
    expect(box).toHaveValue(a.text);
    const changes = screen.getByLabelText('Changes');
    expect(within(changes).getAllByTitle('added to the original').map((e) => e.textContent)).toEqual(['Canberra', 'not']);

    await user.click(screen.getByRole('button', { name: 'Take Labeler 2' }));
    expect(r.last()).toEqual(b);
    expect(box).toHaveValue(b.text);
    expect(screen.getByRole('button', { name: 'Take Labeler 2' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(screen.getByLabelText('Changes')).queryByRole('insertion')).not.toBeInTheDocument();

    // The reviewer writes their own final: "Sydney." becomes "Canberra."
    await user.click(box);
    await user.keyboard('{End}{Backspace>7/}Canberra.');
    expect(r.final()).toEqual({ text: 'The capital of Australia is Canberra.' });
    expect(screen.getByRole('button', { name: 'Take Labeler 2' })).toHaveAttribute('aria-pressed', 'false');
    const diff = screen.getByLabelText('Changes');
    expect(within(diff).getByRole('insertion')).toHaveTextContent(/^Canberra$/);
    expect(within(diff).getAllByRole('deletion').map((d) => d.textContent)).toEqual(['Sydney, its biggest city']);
    expect(within(screen.getByRole('region', { name: 'Final answer' })).getByText('1 word added, 4 words deleted')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Take Labeler 1' }));
    expect(box).toHaveValue(a.text);
  });

  it('an undecided final stays empty until the reviewer takes a version or starts from the original', async () => {
    const user = userEvent.setup();
    const r = renderCompare(TextCompare, question, { a, b, data, final: { text: '' } });
    const box = await finalBox();
    expect(box).toHaveValue('');
    expect(r.onFinalChange).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Changes')).toHaveTextContent('Nothing written yet.');
    await user.click(screen.getByRole('button', { name: 'Start over from the original' }));
    expect(r.last()).toEqual({ text: data.draft });
    expect(screen.getByLabelText('Changes')).toHaveTextContent('No changes from the original.');
  });

  it('long texts: typing in the final is not held up by its diff, which catches up once typing pauses', async () => {
    const long = Array.from({ length: 2500 }, (_, i) => `word${i % 97}`).join(' ');
    expect(long.length * 2).toBeGreaterThan(SYNC_DIFF_LIMIT);
    const draft = long;
    const edited = long.replace('word5 ', 'changed ');
    const r = renderCompare(TextCompare, question, { a: { text: edited }, b: { text: long }, data: { prompt: 'p', draft }, final: { text: edited } });
    const box = await finalBox();
    // The first diffs of long texts arrive after the render, then show their counts.
    await waitFor(() => expect(within(panel()).getByText('1 word added, 1 word deleted')).toBeInTheDocument());
    await waitFor(() => expect(screen.getByLabelText('Changes')).toHaveAttribute('aria-busy', 'false'));

    fireEvent.change(box, { target: { value: `${edited} More.` } });
    expect(r.final()).toEqual({ text: `${edited} More.` });
    // The keystroke lands at once; the diff shown is still the previous one, marked as updating.
    const changes = screen.getByLabelText('Changes');
    expect(changes).toHaveAttribute('aria-busy', 'true');
    expect(within(screen.getByRole('region', { name: 'Final answer' })).getByText('updating…')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Changes')).toHaveAttribute('aria-busy', 'false'));
    expect(within(screen.getByLabelText('Changes')).getAllByRole('insertion').map((e) => e.textContent).join('')).toContain('More.');
    await act(async () => {});
  });
});
