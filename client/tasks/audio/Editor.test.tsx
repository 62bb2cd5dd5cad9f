import { useImperativeHandle } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import AudioEditor from './Editor';
import { renderEditor } from '../../testing/task-editor';
import { formatTime, parsePeaks } from './time';
import type { WaveformProps } from './Waveform';
import type { AudioAnswer } from '@shared/tasks/registry';

const played: unknown[] = [];

// wavesurfer.js needs a real browser (media element, canvas); this stand-in reports the props and fires
// the callbacks a drag on the waveform would. The browser test drags on the real waveform.
vi.mock('./Waveform', () => ({
  default: (p: WaveformProps) => {
    useImperativeHandle(p.ref, () => ({ playPause: () => played.push('toggle'), playSegment: (s) => played.push(s) }), []);
    return (
      <div data-testid="wave" data-loop={String(p.loop)} data-rate={p.rate} data-zoom={p.zoom} data-selected={p.selected ?? ''} data-suggestions={p.suggestions.length}>
        <button type="button" onClick={() => p.onCreate(1.5, 3.25)}>
          drag-1.5-3.25
        </button>
        <button type="button" onClick={() => p.onCreate(0.25, 1)}>
          drag-0.25-1
        </button>
        <button type="button" onClick={() => p.onUpdate(0, 0.5, 1.25)}>
          resize-first
        </button>
      </div>
    );
  },
}));

afterEach(() => {
  cleanup();
  played.length = 0;
});

const question = {
  id: 'speech',
  type: 'audio' as const,
  title: 'Speech',
  config: {
    labels: ['speech', 'music', 'noise'],
    clipQuestions: [
      { id: 'quality', title: 'Recording quality', kind: 'scale' as const },
      { id: 'lang', title: 'Language', kind: 'choice' as const, options: ['en', 'de'] },
    ],
  },
};
const data = { audio: '/api/media/123' };

describe('audio helpers', () => {
  it('formats times and validates server peaks', () => {
    expect(formatTime(83.5)).toBe('1:23.50');
    expect(formatTime(3725)).toBe('1:02:05.00');
    expect(parsePeaks({ duration: 3600, peaks: [[0, 0.5, -0.5]] })).toEqual({ duration: 3600, peaks: [[0, 0.5, -0.5]] });
    expect(parsePeaks({ duration: 0, peaks: [[1]] })).toBeNull();
    expect(parsePeaks({ error: 'nope' })).toBeNull();
  });
});

describe('audio editor', () => {
  it('creates segments from waveform drags with the current label, in time order, and types transcripts', async () => {
    const user = userEvent.setup();
    const r = renderEditor(AudioEditor, question, { data });
    await screen.findByTestId('wave');
    await user.keyboard('2');
    await user.click(screen.getByRole('button', { name: 'drag-1.5-3.25' }));
    expect(r.last()).toEqual({ segments: [{ start: 1.5, end: 3.25, label: 'music', text: '' }], clip: {} });
    // The new segment is selected, so a label key would relabel it: deselect first.
    await user.keyboard('{Escape}1');
    await user.click(screen.getByRole('button', { name: 'drag-0.25-1' }));
    expect(r.last().segments.map((s) => [s.start, s.label])).toEqual([
      [0.25, 'speech'],
      [1.5, 'music'],
    ]);
    // The new (first in time) segment is selected: t jumps into its transcript.
    expect(screen.getByTestId('wave')).toHaveAttribute('data-selected', '0');
    await user.keyboard('t');
    expect(screen.getByRole('textbox', { name: 'Transcript of segment 1' })).toHaveFocus();
    await user.keyboard('hello 1 2');
    expect(r.answer().segments[0]).toEqual({ start: 0.25, end: 1, label: 'speech', text: 'hello 1 2' });
    await user.keyboard('{Escape}');
    // One undo step for the typing.
    await user.keyboard('{Control>}z{/Control}');
    expect(r.answer().segments[0].text).toBe('');
  });

  it('selects a segment to relabel, resize, play and delete it', async () => {
    const user = userEvent.setup();
    const segments = [
      { start: 0, end: 1, label: 'speech', text: 'a' },
      { start: 2, end: 3, label: 'speech', text: 'b' },
    ];
    const r = renderEditor(AudioEditor, question, { data, value: { segments, clip: {} } });
    await screen.findByTestId('wave');
    const list = screen.getByRole('list', { name: 'Segments' });
    await user.click(within(list).getByText('0:02.00–0:03.00'));
    await user.keyboard('3');
    expect(r.last().segments[1]).toEqual({ ...segments[1], label: 'noise' });
    await user.selectOptions(within(list).getByRole('combobox', { name: 'Label of segment 1' }), 'music');
    expect(r.last().segments[0]).toEqual({ ...segments[0], label: 'music' });
    await user.click(screen.getByRole('button', { name: 'resize-first' }));
    expect(r.last().segments[0]).toMatchObject({ start: 0.5, end: 1.25 });
    await user.keyboard('p');
    await user.click(within(list).getByRole('button', { name: 'Play segment 2' }));
    expect(played).toEqual([{ ...segments[0], label: 'music', start: 0.5, end: 1.25 }, { ...segments[1], label: 'noise' }]);
    await user.keyboard('{Delete}');
    expect(r.last().segments).toHaveLength(1);
  });

  it('toggles loop, sets speed and zoom', async () => {
    const user = userEvent.setup();
    renderEditor(AudioEditor, question, { data });
    const wave = await screen.findByTestId('wave');
    await user.keyboard('l');
    expect(wave).toHaveAttribute('data-loop', 'true');
    await user.click(screen.getByRole('button', { name: /Loop/ }));
    expect(wave).toHaveAttribute('data-loop', 'false');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Speed' }), '1.5');
    expect(wave).toHaveAttribute('data-rate', '1.5');
    await user.keyboard('=');
    expect(wave).toHaveAttribute('data-zoom', '50');
    await user.keyboard(' ');
    expect(played).toEqual(['toggle']);
  });

  it('answers clip-level questions with buttons', async () => {
    const user = userEvent.setup();
    const r = renderEditor(AudioEditor, question, { data });
    await screen.findByTestId('wave');
    await user.click(within(screen.getByRole('group', { name: 'Recording quality' })).getByRole('button', { name: '4' }));
    await user.click(within(screen.getByRole('group', { name: 'Language' })).getByRole('button', { name: 'de' }));
    expect(r.last()).toEqual({ segments: [], clip: { quality: 4, lang: 'de' } });
    await user.click(within(screen.getByRole('group', { name: 'Language' })).getByRole('button', { name: 'de' }));
    expect(r.last()).toEqual({ segments: [], clip: { quality: 4 } });
  });

  it('answers clip-level questions with keys only', async () => {
    const user = userEvent.setup();
    const r = renderEditor(AudioEditor, question, { data });
    await screen.findByTestId('wave');
    const quality = screen.getByRole('group', { name: 'Recording quality' });
    const lang = screen.getByRole('group', { name: 'Language' });
    // c focuses the first question; → starts a scale at its minimum and steps up.
    await user.keyboard('c');
    expect(quality).toHaveAttribute('aria-current', 'true');
    await user.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}');
    expect(r.last()).toEqual({ segments: [], clip: { quality: 3 } });
    // ← on an unanswered question starts from the last option.
    await user.keyboard('c{ArrowLeft}');
    expect(lang).toHaveAttribute('aria-current', 'true');
    expect(r.last()).toEqual({ segments: [], clip: { quality: 3, lang: 'de' } });
    await user.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(r.last()).toEqual({ segments: [], clip: { quality: 3, lang: 'en' } });
    expect(within(lang).getByRole('button', { name: 'en' })).toHaveAttribute('aria-pressed', 'true');
    // Shift+C goes back; Delete clears only the focused question.
    await user.keyboard('{Shift>}C{/Shift}{Delete}');
    expect(r.last()).toEqual({ segments: [], clip: { lang: 'en' } });
    // Esc lets go of the question, and the arrows no longer answer it.
    await user.keyboard('{Escape}{ArrowRight}');
    expect(quality).not.toHaveAttribute('aria-current');
    expect(r.answer()).toEqual({ segments: [], clip: { lang: 'en' } });
    // The digits stay the segment label keys.
    await user.keyboard('c2');
    await user.click(screen.getByRole('button', { name: 'drag-1.5-3.25' }));
    expect(r.last().segments[0].label).toBe('music');
    expect(r.last().clip).toEqual({ lang: 'en' });
  });

  it('shows suggested segments and clip answers apart; accept one, accept all, change', async () => {
    const user = userEvent.setup();
    const prelabel: AudioAnswer = {
      segments: [
        { start: 0, end: 1, label: 'speech', text: 'hi' },
        { start: 4, end: 5, label: 'noise' },
      ],
      clip: { lang: 'en' },
    };
    const r = renderEditor(AudioEditor, question, { data, prelabel });
    const wave = await screen.findByTestId('wave');
    expect(r.answer()).toEqual({ segments: [], clip: {} });
    expect(wave).toHaveAttribute('data-suggestions', '2');
    const sug = screen.getByRole('region', { name: 'Suggestions' });
    await user.click(within(sug).getByRole('button', { name: 'Accept suggested segment at 0:00.00' }));
    expect(r.last()).toEqual({ segments: [prelabel.segments[0]], clip: {} });
    await user.type(screen.getByRole('textbox', { name: 'Transcript of segment 1' }), '!');
    expect(r.answer().segments[0].text).toBe('hi!');
    await user.click(within(sug).getByRole('button', { name: /Accept all/ }));
    expect(r.answer().segments).toEqual([{ ...prelabel.segments[0], text: 'hi!' }, prelabel.segments[1]]);
    expect(within(screen.getByRole('group', { name: 'Language' })).getByRole('button', { name: 'en' })).toHaveClass('is-suggested');
    await user.click(screen.getByRole('button', { name: 'Use suggested answers' }));
    expect(r.answer().clip).toEqual({ lang: 'en' });
  });
});
