import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import NerCompare from './Compare';
import { renderCompare } from '../../testing/compare-view';
import { lanes, segments, spanStatus, summary, toggleSpan } from './compare-ner';

vi.mock('./Editor', async () => ({ default: (await import('../../testing/compare-view')).FakeEditor }));

afterEach(cleanup);

const text = 'Jane Smith joined Acme Corp in Paris.';
const span = (start: number, end: number, label: string) => ({ start, end, label, text: text.slice(start, end) });
const question = { id: 'entities', type: 'ner' as const, title: 'Entities', config: { labels: ['PER', 'ORG', 'LOC'] } };
const data = { text };
// Agree on "Acme Corp"; conflict on the person ("Jane Smith" vs "Smith"); only Labeler 1 marked "Paris".
const a = { spans: [span(0, 10, 'PER'), span(18, 27, 'ORG'), span(31, 36, 'LOC')] };
const b = { spans: [span(5, 10, 'PER'), span(18, 27, 'ORG')] };

describe('ner comparison', () => {
  it('shows agreeing, conflicting and one-sided spans in each labeler’s layer', () => {
    renderCompare(NerCompare, question, { a, b, data, final: { spans: [] } });
    const l1 = screen.getByRole('region', { name: 'Labeler 1' });
    const l2 = screen.getByRole('region', { name: 'Labeler 2' });
    expect(within(l1).getByRole('button', { name: 'Acme Corp (ORG): both marked it' })).toHaveClass('is-agree');
    expect(within(l2).getByRole('button', { name: 'Acme Corp (ORG): both marked it' })).toHaveClass('is-agree');
    expect(within(l1).getByRole('button', { name: 'Jane Smith (PER): conflict, Labeler 2 marked Smith (PER)' })).toHaveClass('is-conflict');
    expect(within(l2).getByRole('button', { name: 'Smith (PER): conflict, Labeler 1 marked Jane Smith (PER)' })).toHaveClass('is-conflict');
    expect(within(l1).getByRole('button', { name: /^Paris \(LOC\): only this side/ })).toHaveClass('is-only');
    expect(screen.getByText('1 agreed')).toBeInTheDocument();
    // "Jane Smith" against "Smith" is one conflict, not one per side.
    expect(screen.getByText('1 in conflict')).toBeInTheDocument();
    expect(screen.getByText('1 marked by one side')).toBeInTheDocument();
    expect(screen.getByLabelText(/Agreement \d+%, conflict/)).toBeInTheDocument();
    // The whole text is there in each layer, spans and all.
    expect(l1.querySelector('.cmp-ner-text')!.textContent!.replace(/PER|ORG|LOC/g, '')).toBe(text);
  });

  it('a different label over the same words is a conflict', () => {
    renderCompare(NerCompare, question, { a: { spans: [span(18, 27, 'ORG')] }, b: { spans: [span(18, 27, 'LOC')] }, data });
    expect(screen.getByRole('button', { name: 'Acme Corp (ORG): conflict, Labeler 2 marked Acme Corp (LOC)' })).toHaveClass('is-conflict');
  });

  it('takes a single span by click (a toggle), replacing the overlapping one', async () => {
    const user = userEvent.setup();
    const r = renderCompare(NerCompare, question, { a, b, data, final: { spans: [span(0, 10, 'PER'), span(18, 27, 'ORG')] } });
    const l2 = screen.getByRole('region', { name: 'Labeler 2' });
    await user.click(within(l2).getByRole('button', { name: /^Smith \(PER\)/ }));
    expect(r.last()).toEqual({ spans: [span(5, 10, 'PER'), span(18, 27, 'ORG')] });
    const l1 = screen.getByRole('region', { name: 'Labeler 1' });
    await user.click(within(l1).getByRole('button', { name: /^Paris/ }));
    expect(r.last()).toEqual({ spans: [span(5, 10, 'PER'), span(18, 27, 'ORG'), span(31, 36, 'LOC')] });
    expect(within(l1).getByRole('button', { name: /^Paris/ })).toHaveAttribute('aria-pressed', 'true');
    // Clicking it again takes it out.
    await user.click(within(l1).getByRole('button', { name: /^Paris/ }));
    expect(r.last()).toEqual({ spans: [span(5, 10, 'PER'), span(18, 27, 'ORG')] });
    // Keyboard: Enter on a focused span takes it.
    within(l1).getByRole('button', { name: /^Jane Smith/ }).focus();
    await user.keyboard('{Enter}');
    expect(r.last()).toEqual({ spans: [span(0, 10, 'PER'), span(18, 27, 'ORG')] });
  });

  it('takes all of one labeler', async () => {
    const user = userEvent.setup();
    const r = renderCompare(NerCompare, question, { a, b, data, final: { spans: [] } });
    await user.click(screen.getByRole('button', { name: 'Take Labeler 2' }));
    expect(r.last()).toEqual(b);
    await user.click(screen.getByRole('button', { name: 'Take Labeler 1' }));
    expect(r.last()).toEqual(a);
    expect(screen.getByRole('button', { name: 'Take Labeler 1' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('marks the expert, says their answer is preselected, and shows the prelabel muted', async () => {
    const user = userEvent.setup();
    const pre = { spans: [span(31, 36, 'LOC')] };
    const r = renderCompare(NerCompare, question, { a, b, data, expert: 0, final: a, prelabel: pre });
    expect(within(screen.getByRole('region', { name: 'Labeler 1' })).getByText('expert')).toBeInTheDocument();
    expect(screen.getByText(/Preselected: the expert's answer \(Labeler 1\)/)).toBeInTheDocument();
    const prelabel = screen.getByRole('region', { name: 'Prelabel' });
    expect(within(prelabel).getByRole('button', { name: 'Paris (LOC): prelabel' })).toHaveClass('is-prelabel');
    await user.click(within(prelabel).getByRole('button', { name: 'Take prelabel' }));
    expect(r.last()).toEqual(pre);
  });
});

describe('ner comparison helpers', () => {
  it('spanStatus', () => {
    expect(spanStatus(span(18, 27, 'ORG'), b.spans)).toBe('agree');
    expect(spanStatus(span(0, 10, 'PER'), b.spans)).toBe('conflict');
    expect(spanStatus(span(31, 36, 'LOC'), b.spans)).toBe('only');
    expect(summary(a, b)).toEqual({ agree: 1, conflict: 1, only: 1 });
  });

  it('summary counts a conflicting pair once', () => {
    // Same words, different labels.
    expect(summary({ spans: [span(18, 27, 'ORG')] }, { spans: [span(18, 27, 'LOC')] })).toEqual({ agree: 0, conflict: 1, only: 0 });
    // Overlapping bounds, same label, either way round.
    expect(summary({ spans: [span(0, 10, 'PER')] }, { spans: [span(5, 10, 'PER')] })).toEqual({ agree: 0, conflict: 1, only: 0 });
    expect(summary({ spans: [span(5, 10, 'PER')] }, { spans: [span(0, 10, 'PER')] })).toEqual({ agree: 0, conflict: 1, only: 0 });
    // Two separate disagreements stay two.
    expect(summary({ spans: [span(0, 4, 'PER'), span(18, 27, 'ORG')] }, { spans: [span(0, 4, 'LOC'), span(18, 22, 'ORG')] })).toEqual({
      agree: 0,
      conflict: 2,
      only: 0,
    });
    // One long span against two short ones is one disagreement.
    expect(summary({ spans: [span(0, 10, 'PER')] }, { spans: [span(0, 4, 'PER'), span(5, 10, 'PER')] })).toEqual({ agree: 0, conflict: 1, only: 0 });
    // A span that collides only with one the other side agrees on is still its own conflict.
    expect(summary({ spans: [span(0, 10, 'PER')] }, { spans: [span(0, 10, 'PER'), span(5, 10, 'LOC')] })).toEqual({ agree: 1, conflict: 1, only: 0 });
  });

  it('lanes keep overlapping spans apart; segments cover the text exactly', () => {
    const ls = lanes([span(0, 10, 'PER'), span(5, 10, 'PER'), span(18, 27, 'ORG')]);
    expect(ls).toHaveLength(2);
    expect(ls[0].map((s) => s.text)).toEqual(['Jane Smith', 'Acme Corp']);
    const segs = segments(text.length, ls[0]);
    expect(segs.map((s) => text.slice(s.start, s.end)).join('')).toBe(text);
    expect(segs.filter((s) => s.span).map((s) => s.span!.label)).toEqual(['PER', 'ORG']);
    expect(lanes([])).toEqual([[]]);
    // A span past the end of the text (stale offsets) is clipped, not drawn past the end.
    expect(segments(5, [span(3, 9, 'PER')])).toEqual([
      { start: 0, end: 3, span: null },
      { start: 3, end: 5, span: span(3, 9, 'PER') },
    ]);
  });

  it('toggleSpan keeps the final valid and sorted', () => {
    expect(toggleSpan({ spans: [span(18, 27, 'ORG')] }, span(0, 4, 'PER'), false)).toEqual({ spans: [span(0, 4, 'PER'), span(18, 27, 'ORG')] });
    expect(toggleSpan({ spans: [span(0, 10, 'PER')] }, span(5, 10, 'PER'), false)).toEqual({ spans: [span(5, 10, 'PER')] });
    expect(toggleSpan({ spans: [span(0, 10, 'PER')] }, span(5, 10, 'PER'), true)).toEqual({ spans: [span(0, 10, 'PER'), span(5, 10, 'PER')] });
    expect(toggleSpan({ spans: [span(0, 10, 'PER')] }, span(0, 10, 'PER'), false)).toEqual({ spans: [] });
  });
});
