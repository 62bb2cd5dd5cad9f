import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import AudioCompare from './Compare';
import { renderCompare } from '../../testing/compare-view';
import { clipRows, formatTime, matchSegments, parseRegionId, regionId, regionSpecs, takeClip, toggleSegment } from './compare-audio';
import type { CompareWaveformProps } from './compare-waveform';
import { audioConfig } from '@shared/tasks/audio';

vi.mock('./Editor', async () => ({ default: (await import('../../testing/compare-view')).FakeEditor }));
// jsdom cannot draw a waveform: the stand-in shows the regions it is given and lets a test click one.
vi.mock('./compare-waveform', () => ({
  default: ({ regions, onRegionClick }: CompareWaveformProps) => (
    <div data-testid="waveform">
      {regions.map((r) => (
        <button key={r.id} type="button" onClick={() => onRegionClick(Number(r.id[0]) as 0 | 1, Number(r.id.slice(2)))}>
          {`region ${r.id} ${r.content}`}
        </button>
      ))}
    </div>
  ),
}));

afterEach(cleanup);

const question = {
  id: 'speech',
  type: 'audio' as const,
  title: 'Speech',
  config: {
    labels: ['speech', 'music'],
    clipQuestions: [
      { id: 'lang', title: 'Language', kind: 'choice' as const, options: ['en', 'fr'] },
      { id: 'quality', title: 'Quality', kind: 'scale' as const, tolerance: 1 },
    ],
  },
};
const data = { audio: '/media/clip.wav' };
const s1 = { start: 0, end: 4, label: 'speech', text: 'hello there my friend' };
const s2 = { start: 0.2, end: 4.1, label: 'speech', text: 'hello their my friend' };
const m1 = { start: 6, end: 9, label: 'music' };
const a = { segments: [s1, m1], clip: { lang: 'en', quality: 4 } };
const b = { segments: [s2], clip: { lang: 'fr', quality: 3 } };

describe('audio comparison', () => {
  it('lists matched segments with IoU and a word diff of their transcripts; unmatched ones marked', () => {
    renderCompare(AudioCompare, question, { a, b, data, final: { segments: [], clip: {} } });
    const table = screen.getByRole('table', { name: 'Segment pairs' });
    const pair = within(table).getByRole('row', { name: /^Pair #1 speech, IoU 0\.9\d$/ });
    const diff = within(pair).getByLabelText('Transcript diff');
    expect(within(diff).getByTitle('only Labeler 1')).toHaveTextContent('there');
    expect(within(diff).getByTitle('only Labeler 2')).toHaveTextContent('their');
    expect(within(table).getByRole('row', { name: 'music segment only Labeler 1 marked' })).toHaveClass('is-conflict');
    expect(screen.getByText(/1 matched · 1 unmatched · WER 25%/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Agreement \d+%, conflict/)).toBeInTheDocument();
  });

  it('shows clip answers side by side, differing ones marked', () => {
    renderCompare(AudioCompare, question, { a, b, data });
    const clip = screen.getByRole('table', { name: 'Clip answers' });
    expect(within(clip).getByRole('row', { name: 'Language (differs)' })).toHaveClass('is-conflict');
    // 4 vs 3 is within the tolerance of 1.
    expect(within(clip).getByRole('row', { name: 'Quality' })).toHaveClass('is-agree');
  });

  it('takes a whole side', async () => {
    const user = userEvent.setup();
    const r = renderCompare(AudioCompare, question, { a, b, data, final: { segments: [], clip: {} } });
    await user.click(screen.getByRole('button', { name: 'Take Labeler 1' }));
    expect(r.last()).toEqual(a);
    expect(screen.getByRole('button', { name: 'Take Labeler 1' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('takes single segments (swapping a matched partner) and clip answers', async () => {
    const user = userEvent.setup();
    const r = renderCompare(AudioCompare, question, { a, b, data, final: a });
    await user.click(screen.getByRole('button', { name: 'Take Labeler 2’s speech segment 1' }));
    expect(r.last()).toEqual({ segments: [s2, m1], clip: a.clip });
    await user.click(screen.getByRole('button', { name: 'Take Labeler 1’s music segment 2' }));
    expect(r.last()).toEqual({ segments: [s2], clip: a.clip });
    await user.click(screen.getByRole('button', { name: 'Take Labeler 2’s Language: fr' }));
    expect(r.last()).toEqual({ segments: [s2], clip: { lang: 'fr', quality: 4 } });
    expect(screen.getByLabelText('Final Language')).toHaveTextContent('fr');
  });

  it('a click on a region of the waveform takes that segment', async () => {
    const user = userEvent.setup();
    const r = renderCompare(AudioCompare, question, { a, b, data, final: { segments: [], clip: {} } });
    await user.click(await screen.findByRole('button', { name: 'region 1:0 #1 speech' }));
    expect(r.last()).toEqual({ segments: [s2], clip: {} });
    expect(screen.getByRole('button', { name: 'region 0:1 only music' })).toBeInTheDocument();
  });

  it('says the expert’s answer is preselected and shows the prelabel', () => {
    renderCompare(AudioCompare, question, { a, b, data, expert: 1, final: b, prelabel: { segments: [m1], clip: {} } });
    expect(screen.getByText(/Preselected: the expert's answer \(Labeler 2\)/)).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Prelabel' })).toHaveTextContent('music 0:06.0–0:09.0');
  });
});

describe('audio comparison helpers', () => {
  const config = audioConfig.parse(question.config);
  it('matchSegments: same label and temporal IoU ≥ threshold', () => {
    const m = matchSegments(a.segments, b.segments, 0.5);
    expect(m.pairs.map((p) => [p.i, p.j])).toEqual([[0, 0]]);
    expect(m.pairs[0].iou).toBeCloseTo(3.8 / 4.1, 6);
    expect(m.onlyA).toEqual([1]);
    expect(matchSegments([s1], [{ ...s1, start: 3.5, end: 10 }], 0.5).pairs).toEqual([]);
  });
  it('toggleSegment keeps time order and swaps partners', () => {
    expect(toggleSegment({ segments: [m1], clip: {} }, s1, s2).segments).toEqual([s1, m1]);
    expect(toggleSegment({ segments: [s1, m1], clip: {} }, s2, s1).segments).toEqual([s2, m1]);
    expect(toggleSegment({ segments: [s1], clip: {} }, s1, null).segments).toEqual([]);
  });
  it('clip rows, takeClip, formatTime, region ids', () => {
    expect(clipRows(a, b, config).map((c) => c.agree)).toEqual([false, true]);
    expect(takeClip({ segments: [], clip: { lang: 'en' } }, 'lang', undefined)).toEqual({ segments: [], clip: {} });
    expect(formatTime(65.25)).toBe('1:05.3');
    expect(formatTime(3)).toBe('0:03.0');
    expect(parseRegionId(regionId(1, 12))).toEqual({ side: 1, index: 12 });
    expect(parseRegionId('wavesurfer_x')).toBeNull();
  });
  it('regionSpecs: one lane per labeler, pairs numbered alike, final more opaque', () => {
    const specs = regionSpecs(a, b, matchSegments(a.segments, b.segments, 0.5), { segments: [s1], clip: {} }, ['1, 2, 3', '4, 5, 6']);
    expect(specs.map((s) => [s.id, s.channelIdx, s.content])).toEqual([
      ['0:0', 0, '#1 speech'],
      ['0:1', 0, 'only music'],
      ['1:0', 1, '#1 speech'],
    ]);
    expect(specs[0].color).toBe('rgba(1, 2, 3, 0.45)');
    expect(specs[2].color).toBe('rgba(4, 5, 6, 0.2)');
  });
});
