import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import RankingEditor from './Editor';
import { renderEditor } from '../../testing/task-editor';
import type { RankingAnswer } from '@shared/tasks/registry';

afterEach(cleanup);

const question = { id: 'pref', type: 'ranking' as const, title: 'Preference', config: { reasonMinLength: 10 } };
const data = {
  prompt: 'When did Apollo 11 land?',
  responses: ['Apollo 11 landed on July 20, 1969.', 'It landed in 1970 with four astronauts aboard.'],
};

function selectIn(response: HTMLElement, from: number, to: number) {
  const pieces = Array.from(response.querySelectorAll<HTMLElement>('[data-offset]'));
  const point = (pos: number): [Node, number] => {
    for (const p of pieces) {
      const s = Number(p.dataset.offset);
      if (pos >= s && pos <= s + p.textContent!.length) return [p.firstChild!, pos - s];
    }
    throw new Error(`no piece at ${pos}`);
  };
  const range = document.createRange();
  range.setStart(...point(from));
  range.setEnd(...point(to));
  window.getSelection()!.removeAllRanges();
  window.getSelection()!.addRange(range);
}

describe('ranking editor', () => {
  it('shows the prompt and both responses, picks a preference by hotkey and by click', async () => {
    const user = userEvent.setup();
    const r = renderEditor(RankingEditor, question, { data });
    expect(screen.getByRole('region', { name: 'Prompt' })).toHaveTextContent('Apollo 11 land');
    expect(screen.getByRole('region', { name: 'Response A' })).toHaveTextContent('July 20, 1969');
    expect(screen.getByRole('region', { name: 'Response B' })).toHaveTextContent('1970');
    await user.keyboard('2');
    expect(r.last()).toEqual({ preferred: 0, strength: -2, reason: '', claims: [] });
    expect(screen.getByRole('region', { name: 'Response A' })).toHaveClass('is-preferred');
    await user.click(screen.getByRole('button', { name: /Tie/ }));
    expect(r.last()).toEqual({ preferred: null, strength: 0, reason: '', claims: [] });
    await user.keyboard('7');
    expect(r.last()).toEqual({ preferred: 1, strength: 3, reason: '', claims: [] });
  });

  it('writes the reason with a counter', async () => {
    const user = userEvent.setup();
    const r = renderEditor(RankingEditor, question, { data });
    await user.keyboard('1');
    await user.keyboard('r');
    await user.keyboard('B is wrong');
    expect(r.answer()).toEqual({ preferred: 0, strength: -3, reason: 'B is wrong', claims: [] });
    expect(screen.getByText('10 / 10 characters minimum')).not.toHaveClass('is-short');
    await user.keyboard('{Escape}');
    // Digits are hotkeys again once the box is left.
    await user.keyboard('3');
    expect((r.answer() as RankingAnswer).strength).toBe(-1);
  });

  it('flags selected text as an unsupported claim with u, and removes it by click', async () => {
    const user = userEvent.setup();
    const r = renderEditor(RankingEditor, question, { data });
    const b = screen.getByRole('region', { name: 'Response B' });
    const text = data.responses[1];
    // A sloppy selection of "four astronaut" snaps to the whole words.
    selectIn(b, text.indexOf('four') + 1, text.indexOf('astronauts') + 9);
    await user.keyboard('u');
    const claim = { response: 1, start: text.indexOf('four'), end: text.indexOf('astronauts') + 10, text: 'four astronauts' };
    expect(r.last()).toEqual({ preferred: null, strength: null, reason: '', claims: [claim] });
    const mark = within(b).getByText('four astronauts');
    expect(mark.tagName).toBe('MARK');
    // Flag a second one with the button (the mouse path), then remove the first by clicking it.
    selectIn(within(b).getByText(/It landed in 1970/).parentElement!, text.indexOf('1970'), text.indexOf('1970') + 4);
    fireEvent.mouseDown(screen.getByRole('button', { name: /Flag unsupported claim/ }));
    fireEvent.click(screen.getByRole('button', { name: /Flag unsupported claim/ }));
    expect((r.answer() as RankingAnswer).claims.map((c) => c.text)).toEqual(['1970', 'four astronauts']);
    await user.click(within(b).getByText('four astronauts'));
    expect((r.answer() as RankingAnswer).claims.map((c) => c.text)).toEqual(['1970']);
    await user.keyboard('{Control>}z{/Control}');
    expect((r.answer() as RankingAnswer).claims).toHaveLength(2);
  });

  it('says why when nothing or two responses are selected', async () => {
    const user = userEvent.setup();
    const r = renderEditor(RankingEditor, question, { data });
    await user.keyboard('u');
    expect(screen.getByRole('status')).toHaveTextContent('Select the unsupported text');
    const range = document.createRange();
    range.setStart(screen.getByRole('region', { name: 'Response A' }).querySelector('[data-offset]')!.firstChild!, 0);
    range.setEnd(screen.getByRole('region', { name: 'Response B' }).querySelector('[data-offset]')!.firstChild!, 3);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
    await user.keyboard('u');
    expect(screen.getByRole('status')).toHaveTextContent('inside one response');
    expect(r.onChange).not.toHaveBeenCalled();
  });

  it('orders several responses in order mode', async () => {
    const user = userEvent.setup();
    const r = renderEditor(RankingEditor, { ...question, config: { mode: 'order' } }, { data: { ...data, responses: ['x', 'y', 'z'] } });
    await user.click(screen.getByRole('button', { name: 'Move C up' }));
    expect(r.last()).toEqual({ preferred: 0, order: [0, 2, 1], strength: null, reason: '', claims: [] });
    await user.click(screen.getByRole('button', { name: 'Move C up' }));
    expect(r.last()).toMatchObject({ preferred: 2, order: [2, 0, 1] });
  });

  it('reorders responses with keys only in order mode', async () => {
    const user = userEvent.setup();
    const r = renderEditor(RankingEditor, { ...question, config: { mode: 'order' } }, { data: { ...data, responses: ['x', 'y', 'z'] } });
    const order = screen.getByRole('region', { name: 'Order' });
    // With no preference scale in order mode, 3 names response C.
    await user.keyboard('3');
    expect(within(order).getAllByRole('listitem')[2]).toHaveAttribute('aria-current', 'true');
    await user.keyboard('{Shift>}{ArrowUp}{/Shift}');
    expect(r.last()).toEqual({ preferred: 0, order: [0, 2, 1], strength: null, reason: '', claims: [] });
    await user.keyboard('[[');
    expect(r.last()).toEqual({ preferred: 2, order: [2, 0, 1], strength: null, reason: '', claims: [] });
    // Already first: nothing to do.
    await user.keyboard('[[');
    expect(r.onChange).toHaveBeenCalledTimes(2);
    // → selects the response ranked below (A), ] moves it down.
    await user.keyboard('{ArrowRight}]');
    expect(r.last()).toEqual({ preferred: 2, order: [2, 1, 0], strength: null, reason: '', claims: [] });
    await user.keyboard('{Escape}]');
    expect(r.onChange).toHaveBeenCalledTimes(3);
    expect(r.answer()).toEqual({ preferred: 2, order: [2, 1, 0], strength: null, reason: '', claims: [] });
  });

  it('offers a suggestion and copies it', async () => {
    const user = userEvent.setup();
    const prelabel: RankingAnswer = { preferred: 0, strength: -1, reason: 'A is right', claims: [{ response: 1, start: 13, end: 17, text: '1970' }] };
    const r = renderEditor(RankingEditor, question, { data, prelabel });
    expect(screen.getByRole('button', { name: /A slightly better/ })).toHaveClass('is-suggested');
    expect(within(screen.getByRole('region', { name: 'Response B' })).getByText('1970')).toHaveClass('rk-claim-sug');
    expect(r.answer()).toEqual({ preferred: null, strength: null, reason: '', claims: [] });
    await user.click(screen.getByRole('button', { name: 'Use suggestion' }));
    expect(r.last()).toEqual(prelabel);
    await user.keyboard('5');
    expect(r.answer()).toEqual({ ...prelabel, preferred: 1, strength: 1 });
  });
});
