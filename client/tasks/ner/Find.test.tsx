import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import NerEditor from './Editor';
import { renderEditor } from '../../testing/task-editor';

// jsdom has no layout and no element scrolling: a scroll height (the windowed content's own height) and a
// scrollTo that moves scrollTop and says so, as a browser does, let the text mount the lines a step scrolls to.
const scrollTo = Element.prototype.scrollTo;
beforeEach(() => {
  Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return parseFloat((this.firstElementChild as HTMLElement | null)?.style.height ?? '') || 0;
    },
  });
  Element.prototype.scrollTo = function (this: Element, opts?: ScrollToOptions | number) {
    const top = typeof opts === 'object' ? opts.top ?? 0 : 0;
    Object.defineProperty(this, 'scrollTop', { value: top, configurable: true, writable: true });
    this.dispatchEvent(new Event('scroll'));
  } as typeof Element.prototype.scrollTo;
});
afterEach(() => {
  Element.prototype.scrollTo = scrollTo;
  delete (HTMLElement.prototype as { scrollHeight?: number }).scrollHeight;
  cleanup();
});

const TEXT = 'Alice Smith met Bob in Paris.\n\nThen Bob flew to New York.';
const question = { id: 'ents', type: 'ner' as const, title: 'Entities', config: { labels: ['PER', 'LOC'] } };

const box = () => screen.getByRole('searchbox', { name: 'Find in the text' });
const count = () => box().parentElement!.querySelector('.ner-find-count')!.textContent;
const current = () => screen.getByTestId('ner-text').querySelector('.is-find-current');

describe('ner editor find', () => {
  it('counts the matches, steps with Enter and Shift+Enter (wrapping) and highlights the current one', async () => {
    const user = userEvent.setup();
    renderEditor(NerEditor, question, { data: { text: TEXT } });
    await user.type(box(), 'bob');
    expect(count()).toBe('1 of 2');
    expect(screen.getByTestId('ner-text').querySelectorAll('.ner-find')).toHaveLength(2);
    expect(current()).toHaveAttribute('data-offset', String(TEXT.indexOf('Bob')));
    await user.keyboard('{Enter}');
    expect(count()).toBe('2 of 2');
    expect(current()).toHaveAttribute('data-offset', String(TEXT.lastIndexOf('Bob')));
    await user.keyboard('{Enter}');
    expect(count()).toBe('1 of 2');
    await user.keyboard('{Shift>}{Enter}{/Shift}');
    expect(count()).toBe('2 of 2');
    await user.click(screen.getByRole('button', { name: 'Previous match' }));
    expect(count()).toBe('1 of 2');
    await user.clear(box());
    await user.type(box(), 'Rome');
    expect(count()).toBe('No matches');
    expect(screen.getByRole('button', { name: 'Next match' })).toBeDisabled();
  });

  it('finds text far outside the mounted lines of a long document and brings it on screen', async () => {
    const user = userEvent.setup();
    let text = '';
    while (text.length < 50_000) text += 'The quick brown fox met Jane Doe near the river bank today.\n';
    text += 'At the very end, Zanzibar.';
    renderEditor(NerEditor, question, { data: { text } });
    const lines = screen.getByTestId('ner-text');
    expect(within(lines).queryByText(/Zanzibar/)).toBeNull();
    await user.type(box(), 'zanzibar');
    expect(count()).toBe('1 of 1');
    await waitFor(() => expect(current()?.textContent).toBe('Zanzibar'));
    expect(current()).toHaveAttribute('data-offset', String(text.indexOf('Zanzibar')));
  });

  it('Ctrl+F takes the keyboard to the box while the editor is active, and only then', async () => {
    const user = userEvent.setup();
    const r = renderEditor(NerEditor, question, { data: { text: TEXT } });
    const ev = fireEvent.keyDown(window, { key: 'f', ctrlKey: true });
    expect(ev).toBe(false); // default prevented: the browser's find (blind to off-screen lines) stays closed
    expect(box()).toHaveFocus();
    box().blur();
    r.setActive(false);
    expect(fireEvent.keyDown(window, { key: 'f', ctrlKey: true })).toBe(true);
    expect(box()).not.toHaveFocus();
    await user.click(box());
    await user.keyboard('New');
    expect(count()).toBe('1 of 1');
  });

  it('keeps typed keys out of the editor: digits, Enter and Escape act on the search only', async () => {
    const user = userEvent.setup();
    const prelabel = { spans: [{ start: 0, end: 11, label: 'PER', text: 'Alice Smith' }] };
    const r = renderEditor(NerEditor, question, { data: { text: TEXT }, prelabel });
    // A selected suggestion: Enter in the editor would accept it.
    await user.click(within(screen.getByTestId('ner-text')).getByText('Alice Smith'));
    await user.click(box());
    await user.keyboard('1 Paris{Enter}');
    expect(r.onChange).not.toHaveBeenCalled();
    expect(box()).toHaveValue('1 Paris');
    expect(count()).toBe('No matches');
    await user.keyboard('{Escape}');
    expect(box()).toHaveValue('');
    expect(box()).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(box()).not.toHaveFocus();
    expect(r.onChange).not.toHaveBeenCalled();
  });

  it('starts a new search at the selected span, not at the top', async () => {
    const user = userEvent.setup();
    renderEditor(NerEditor, question, { data: { text: TEXT }, value: { spans: [{ start: 35, end: 38, label: 'PER', text: 'Bob' }] } });
    await user.keyboard(']');
    await user.click(box());
    await user.keyboard('bob');
    expect(count()).toBe('2 of 2');
  });
});
