import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import RankingEditor from './Editor';
import { renderEditor } from '../../testing/task-editor';
import type { RankingAnswer } from '@shared/tasks/registry';
import { LLAMA2_SCALE } from '@shared/tasks/ranking';

const member = (name: string) => document.querySelector(`[data-member="${name.charCodeAt(0) - 65}"]`)!;

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
    // As written, every stretch of a response can be selected and its offsets are the text's own.
    await user.keyboard('w');
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
    await user.keyboard('w');
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
    // Put at a rank: B to #1.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Rank of B' }), '#1');
    expect(r.last()).toMatchObject({ preferred: 1, order: [1, 2, 0] });
  });

  it('reorders responses with keys only in order mode', async () => {
    const user = userEvent.setup();
    const r = renderEditor(RankingEditor, { ...question, config: { mode: 'order' } }, { data: { ...data, responses: ['x', 'y', 'z'] } });
    // With no preference scale in order mode, 3 names response C.
    await user.keyboard('3');
    expect(member('C')).toHaveAttribute('aria-current', 'true');
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

  const four = { ...data, responses: ['**Bold** answer one.', 'Answer two.', 'Answer three.', 'Answer four.'] };
  const ranksShown = () => screen.getAllByRole('listitem').filter((li) => li.hasAttribute('data-group')).map((li) => li.getAttribute('aria-label'));

  it('ranks four responses by keys, with ties: = ties with the rank above and unties, Home and End', async () => {
    const user = userEvent.setup();
    const r = renderEditor(RankingEditor, { ...question, config: { mode: 'order', orderTies: true } }, { data: four });
    await user.keyboard('4{Home}');
    expect(r.last()).toMatchObject({ preferred: 3, order: [3, 0, 1, 2] });
    expect(r.last().ties).toBeUndefined();
    // C ties with the rank above it (B); A ties with D at the top.
    await user.keyboard('3=1=');
    expect(r.last()).toEqual({ preferred: 3, order: [3, 0, 1, 2], ties: [[3, 0], [1, 2]], strength: null, reason: '', claims: [] });
    expect(ranksShown()).toEqual(['Rank 1, tied: D, A', 'Rank 2, tied: B, C']);
    expect(screen.getByRole('region', { name: 'Response C' })).toHaveTextContent('rank 2 (tie)');
    // = again unties A: it stands just below its tie; ] moves B out of its tie, below C.
    await user.keyboard('=2]');
    expect(r.last()).toMatchObject({ order: [3, 0, 2, 1] });
    expect(r.last().ties).toBeUndefined();
    await user.keyboard('4{End}');
    expect(r.answer()).toMatchObject({ preferred: 0, order: [0, 2, 1, 3] });
  });

  it('ranks by dragging a response by its handle: between ranks, or onto the middle of one to tie', () => {
    const r = renderEditor(RankingEditor, { ...question, config: { mode: 'order', orderTies: true } }, { data: four });
    // jsdom lays nothing out: give each rank a 40 px row, top to bottom.
    const groupsAt = () => {
      Array.from(document.querySelectorAll<HTMLElement>('[data-group]')).forEach((el, i) => {
        el.getBoundingClientRect = () => ({ top: i * 40, bottom: i * 40 + 36, left: 0, right: 400, width: 400, height: 36, x: 0, y: i * 40, toJSON: () => ({}) });
      });
    };
    const drag = (name: string, y: number) => {
      groupsAt();
      const handle = screen.getByRole('button', { name: `Drag ${name}` });
      fireEvent.pointerDown(handle, { button: 0, pointerId: 1, clientY: 0 });
      fireEvent.pointerMove(handle, { pointerId: 1, clientY: y });
      fireEvent.pointerUp(handle, { pointerId: 1, clientY: y });
    };
    drag('D', 3); // the upper part of rank 1 (A): before it
    expect(r.last()).toMatchObject({ preferred: 3, order: [3, 0, 1, 2] });
    drag('C', 58); // the middle of rank 2 (A): a tie
    expect(r.last()).toMatchObject({ order: [3, 0, 2, 1], ties: [[0, 2]] });
    drag('D', 500); // below everything: last
    expect(r.last()).toEqual({ preferred: 0, order: [0, 2, 1, 3], ties: [[0, 2]], strength: null, reason: '', claims: [] });
    // A drop on its own rank changes nothing.
    const calls = r.onChange.mock.calls.length;
    drag('B', 50);
    expect(r.onChange).toHaveBeenCalledTimes(calls);
  });

  it('without ties, the middle of a rank is before or after it and there is no tie key', async () => {
    const user = userEvent.setup();
    const r = renderEditor(RankingEditor, { ...question, config: { mode: 'order' } }, { data: four });
    Array.from(document.querySelectorAll<HTMLElement>('[data-group]')).forEach((el, i) => {
      el.getBoundingClientRect = () => ({ top: i * 40, bottom: i * 40 + 36, left: 0, right: 400, width: 400, height: 36, x: 0, y: i * 40, toJSON: () => ({}) });
    });
    const handle = screen.getByRole('button', { name: 'Drag D' });
    fireEvent.pointerDown(handle, { button: 0, pointerId: 1 });
    fireEvent.pointerMove(handle, { pointerId: 1, clientY: 17 });
    fireEvent.pointerUp(handle, { pointerId: 1 });
    expect(r.last()).toEqual({ preferred: 3, order: [3, 0, 1, 2], strength: null, reason: '', claims: [] });
    await user.keyboard('2=');
    expect(r.last().ties).toBeUndefined();
    expect(screen.queryByRole('button', { name: /Tie B/ })).toBeNull();
  });

  it('shows responses as markdown, a conversation prompt as a transcript, and flags words read on the page', async () => {
    const user = userEvent.setup();
    const chat = [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Say something bold.' }];
    const r = renderEditor(RankingEditor, question, { data: { prompt: chat, responses: ['Here is **bold** text.', 'Plain text.'] } });
    const prompt = screen.getByRole('region', { name: 'Prompt' });
    expect(within(prompt).getByRole('article', { name: /System, message 1/ })).toHaveTextContent('Be brief.');
    const a = screen.getByRole('region', { name: 'Response A' });
    const strong = await within(a).findByText('bold', { selector: 'strong' });
    // A selection across the markup ("bold text") is found in the text as written: "**bold** text".
    const range = document.createRange();
    range.setStart(strong.firstChild!, 0);
    range.setEnd(strong.nextSibling!, 5);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
    await user.keyboard('u');
    expect(r.last().claims).toEqual([{ response: 0, start: 10, end: 21, text: 'bold** text' }]);
    expect(within(a).getByRole('list', { name: 'Flagged claims' })).toHaveTextContent('bold** text');
  });

  it('Llama 2 preset: eight levels on keys 1–8 and no tie', async () => {
    const user = userEvent.setup();
    const r = renderEditor(RankingEditor, { ...question, config: { scale: LLAMA2_SCALE, allowTie: false } }, { data });
    const steps = within(screen.getByRole('group', { name: 'Preference' })).getAllByRole('button');
    expect(steps.map((b) => b.textContent)).toEqual(LLAMA2_SCALE.map((s, i) => `${s.title}${i + 1}`));
    await user.keyboard('4');
    expect(r.last()).toMatchObject({ preferred: 0, strength: -1 });
    await user.keyboard('8');
    expect(r.last()).toMatchObject({ preferred: 1, strength: 4 });
  });

  it('a second question on the same pair only asks (showTexts off)', async () => {
    const user = userEvent.setup();
    const r = renderEditor(RankingEditor, { ...question, id: 'safety', config: { showTexts: false, flagClaims: false } }, { data });
    expect(screen.queryByRole('region', { name: 'Response A' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Prompt' })).toBeNull();
    expect(screen.getByText(/shown with the question above/)).toBeTruthy();
    await user.keyboard('5');
    expect(r.last()).toMatchObject({ preferred: 1, strength: 1 });
  });

  it('offers a suggestion and copies it', async () => {
    const user = userEvent.setup();
    const prelabel: RankingAnswer = { preferred: 0, strength: -1, reason: 'A is right', claims: [{ response: 1, start: 13, end: 17, text: '1970' }] };
    const r = renderEditor(RankingEditor, question, { data, prelabel });
    expect(screen.getByRole('button', { name: /A slightly better/ })).toHaveClass('is-suggested');
    // Shown as markdown, a suggested claim is listed under its response.
    expect(within(screen.getByRole('region', { name: 'Response B' })).getByText(/“1970”/, { selector: 'li' })).toHaveClass('rk-claim-sug');
    expect(r.answer()).toEqual({ preferred: null, strength: null, reason: '', claims: [] });
    await user.click(screen.getByRole('button', { name: 'Use suggestion' }));
    expect(r.last()).toEqual(prelabel);
    await user.keyboard('5');
    expect(r.answer()).toEqual({ ...prelabel, preferred: 1, strength: 1 });
  });
});
