import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ClassificationEditor from './Editor';
import { renderEditor } from '../../testing/task-editor';

afterEach(cleanup);

const single = {
  id: 'sentiment',
  type: 'classification' as const,
  title: 'Sentiment',
  config: { labels: ['positive', { value: 'negative', title: 'Negative', color: '#c92a2a' }, { value: 'neutral', hotkey: 'n' }] },
};

describe('classification editor', () => {
  it('picks a single label by hotkey and by click, replacing the previous one', async () => {
    const user = userEvent.setup();
    const r = renderEditor(ClassificationEditor, single);
    await user.keyboard('2');
    expect(r.last()).toEqual({ labels: ['negative'] });
    expect(screen.getByRole('button', { name: /Negative/ })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: /neutral/ }));
    expect(r.last()).toEqual({ labels: ['neutral'] });
    await user.keyboard('n');
    expect(r.last()).toEqual({ labels: [] });
    await user.keyboard('1');
    expect(r.answer()).toEqual({ labels: ['positive'] });
  });

  it('shows the hotkeys: default digits and configured keys', () => {
    renderEditor(ClassificationEditor, single);
    const chips = screen.getAllByRole('button');
    expect(chips.map((c) => c.textContent)).toEqual(['positive1', 'Negative2', 'neutralN']);
  });

  it('toggles several labels in config order when multiple', async () => {
    const user = userEvent.setup();
    const r = renderEditor(ClassificationEditor, { ...single, config: { ...single.config, multiple: true } });
    await user.keyboard('n');
    await user.keyboard('1');
    expect(r.last()).toEqual({ labels: ['positive', 'neutral'] });
    await user.click(screen.getByRole('button', { name: /positive/ }));
    expect(r.last()).toEqual({ labels: ['neutral'] });
  });

  it('ignores its hotkeys when inactive, while typing, and when read-only', async () => {
    const user = userEvent.setup();
    const r = renderEditor(ClassificationEditor, single, { active: false });
    await user.keyboard('1');
    expect(r.onChange).not.toHaveBeenCalled();
    r.setActive(true);
    const input = document.createElement('input');
    document.body.append(input);
    input.focus();
    await user.keyboard('1');
    expect(r.onChange).not.toHaveBeenCalled();
    input.remove();
    await user.keyboard('1');
    expect(r.onChange).toHaveBeenCalledTimes(1);
    cleanup();
    const ro = renderEditor(ClassificationEditor, single, { readOnly: true });
    await user.keyboard('1');
    expect(ro.onChange).not.toHaveBeenCalled();
  });

  it('undoes and redoes through the answer store', async () => {
    const user = userEvent.setup();
    const r = renderEditor(ClassificationEditor, single);
    await user.keyboard('1');
    await user.keyboard('2');
    await user.keyboard('{Control>}z{/Control}');
    expect(r.answer()).toEqual({ labels: ['positive'] });
    expect(screen.getByRole('button', { name: /positive/ })).toHaveAttribute('aria-pressed', 'true');
    await user.keyboard('{Control>}z{/Control}');
    expect(r.answer()).toEqual({ labels: [] });
    await user.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    expect(r.answer()).toEqual({ labels: ['positive'] });
    await user.keyboard('{Control>}y{/Control}');
    expect(r.answer()).toEqual({ labels: ['negative'] });
  });

  it('uses the suggestion with Shift+Enter, the key every editor accepts suggestions with (issue 18)', async () => {
    const user = userEvent.setup();
    const r = renderEditor(ClassificationEditor, single, { prelabel: { labels: ['neutral'] } });
    await user.keyboard('{Shift>}{Enter}{/Shift}');
    expect(r.last()).toEqual({ labels: ['neutral'] });
  });

  it('shows a prelabel as a suggestion, starts empty, and copies it on accept; changing it afterwards is recorded', async () => {
    const user = userEvent.setup();
    const r = renderEditor(ClassificationEditor, single, { prelabel: { labels: ['neutral'] } });
    expect(r.answer()).toEqual({ labels: [] });
    expect(screen.getByRole('button', { name: /neutral/ })).toHaveClass('is-suggested');
    expect(screen.getByRole('note', { name: 'Suggestion' })).toHaveTextContent('neutral');
    await user.click(screen.getByRole('button', { name: 'Use suggestion' }));
    expect(r.last()).toEqual({ labels: ['neutral'] });
    expect(screen.getByRole('note', { name: 'Suggestion' })).toHaveTextContent('accepted');
    await user.keyboard('1');
    expect(r.answer()).toEqual({ labels: ['positive'] });
    expect(screen.getByRole('button', { name: 'Use suggestion' })).toBeInTheDocument();
  });
});
