import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import BboxCompare from './Compare';
import { renderCompare } from '../../testing/compare-view';
import { answerScale, center, fitScale, linkGeometry, matchBoxes, scaleBox, toStage, toggleBox } from './compare-bbox';
import type { CompareCanvasProps } from './compare-canvas';

vi.mock('./Editor', async () => ({ default: (await import('../../testing/compare-view')).FakeEditor }));
// jsdom has no canvas: the stand-in exposes what the canvas is given and lets a test "click a box".
vi.mock('./compare-canvas', () => ({
  default: ({ a, b, matching, onBoxClick }: CompareCanvasProps) => (
    <div data-testid="canvas" data-pairs={matching.pairs.length}>
      {a.boxes.map((_, k) => (
        <button key={`a${k}`} type="button" onClick={() => onBoxClick(0, k)}>{`canvas box 1.${k}`}</button>
      ))}
      {b.boxes.map((_, k) => (
        <button key={`b${k}`} type="button" onClick={() => onBoxClick(1, k)}>{`canvas box 2.${k}`}</button>
      ))}
    </div>
  ),
}));

afterEach(cleanup);

const question = { id: 'objects', type: 'bbox' as const, title: 'Objects', config: { labels: ['car', 'person'] } };
const data = { image: '/media/street.jpg' };
const car1 = { x: 10, y: 10, w: 100, h: 50, label: 'car' };
const car2 = { x: 12, y: 10, w: 100, h: 50, label: 'car' }; // IoU ≈ 0.96 with car1
const person1 = { x: 200, y: 20, w: 30, h: 80, label: 'person' };
const person2 = { x: 400, y: 20, w: 30, h: 80, label: 'person' }; // no overlap with person1
const a = { width: 640, height: 480, boxes: [car1, person1] };
const b = { width: 640, height: 480, boxes: [car2, person2] };
const none = { width: 640, height: 480, boxes: [] };

describe('bbox comparison', () => {
  it('lists matched pairs with their IoU and emphasises unmatched boxes', () => {
    renderCompare(BboxCompare, question, { a, b, data, final: none });
    const table = screen.getByRole('table', { name: 'Box pairs' });
    const pair = within(table).getByRole('row', { name: /^car pair, IoU 0\.9\d$/ });
    expect(pair).toHaveClass('is-agree');
    expect(within(table).getByRole('row', { name: 'person box only Labeler 1 drew' })).toHaveClass('is-conflict');
    expect(within(table).getByRole('row', { name: 'person box only Labeler 2 drew' })).toHaveClass('is-conflict');
    expect(screen.getByText(/1 matched · 2 unmatched/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Agreement 50%, conflict/)).toBeInTheDocument();
  });

  it('takes one whole side', async () => {
    const user = userEvent.setup();
    const r = renderCompare(BboxCompare, question, { a, b, data, final: none });
    await user.click(screen.getByRole('button', { name: 'Take Labeler 2' }));
    expect(r.last()).toEqual(b);
    expect(screen.getByRole('button', { name: 'Take Labeler 2' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('takes a single box from the pair list; taking its partner swaps them', async () => {
    const user = userEvent.setup();
    const r = renderCompare(BboxCompare, question, { a, b, data, final: { width: 0, height: 0, boxes: [] } });
    await user.click(screen.getByRole('button', { name: 'Take Labeler 1’s car box 1' }));
    expect(r.last()).toEqual({ width: 640, height: 480, boxes: [car1] });
    await user.click(screen.getByRole('button', { name: 'Take Labeler 2’s person box 2' }));
    expect(r.last()).toEqual({ width: 640, height: 480, boxes: [car1, person2] });
    await user.click(screen.getByRole('button', { name: 'Take Labeler 2’s car box 1' }));
    expect(r.last()).toEqual({ width: 640, height: 480, boxes: [person2, car2] });
    expect(screen.getByRole('button', { name: 'Take Labeler 2’s car box 1' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'Take Labeler 1’s car box 1' })).toHaveAttribute('aria-pressed', 'false');
    // Again: out of the final.
    await user.click(screen.getByRole('button', { name: 'Take Labeler 2’s car box 1' }));
    expect(r.last()).toEqual({ width: 640, height: 480, boxes: [person2] });
  });

  it('a click on a box in the canvas takes that box', async () => {
    const user = userEvent.setup();
    const r = renderCompare(BboxCompare, question, { a, b, data, final: none });
    expect(await screen.findByTestId('canvas')).toHaveAttribute('data-pairs', '1');
    await user.click(screen.getByRole('button', { name: 'canvas box 1.1' }));
    expect(r.last()).toEqual({ width: 640, height: 480, boxes: [person1] });
  });

  it('says the expert’s answer is preselected and shows the prelabel', () => {
    renderCompare(BboxCompare, question, { a, b, data, expert: 1, final: b, prelabel: { width: 640, height: 480, boxes: [car1] } });
    expect(screen.getByText(/Preselected: the expert's answer \(Labeler 2\)/)).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Prelabel' })).toHaveTextContent('car 100×50 at (10, 10)');
  });
});

describe('bbox comparison geometry', () => {
  it('matchBoxes agrees with the module: same label and IoU ≥ threshold', () => {
    const m = matchBoxes(a.boxes, b.boxes, 0.5);
    expect(m.pairs).toHaveLength(1);
    expect(m.pairs[0]).toMatchObject({ i: 0, j: 0 });
    expect(m.pairs[0].iou).toBeCloseTo(98 / 102, 6);
    expect(m.onlyA).toEqual([1]);
    expect(m.onlyB).toEqual([1]);
    // Same place, different label: no match.
    expect(matchBoxes([car1], [{ ...car1, label: 'person' }], 0.5).pairs).toEqual([]);
    // Below the threshold: no match.
    expect(matchBoxes([car1], [{ ...car1, x: 80 }], 0.5).pairs).toEqual([]);
  });

  it('fitScale fits without enlarging', () => {
    expect(fitScale(1600, 900, 800, 600)).toBe(0.5);
    expect(fitScale(400, 300, 800, 600)).toBe(1);
    expect(fitScale(1000, 2000, 800, 600)).toBe(0.3);
    expect(fitScale(0, 0, 800, 600)).toBe(1);
  });

  it('stage coordinates, centres and links', () => {
    expect(toStage(car1, 0.5)).toEqual({ x: 5, y: 5, width: 50, height: 25 });
    expect(center(car1)).toEqual({ x: 60, y: 35 });
    const g = linkGeometry(car1, person1, 2);
    expect(g.points).toEqual([120, 70, 430, 120]);
    expect(g.label).toEqual({ x: 275, y: 95 });
    expect(answerScale({ width: 320, height: 240, boxes: [] }, 640)).toBe(2);
    expect(answerScale({ width: 0, height: 0, boxes: [] }, 640)).toBe(1);
    expect(scaleBox(car1, 2)).toEqual({ x: 20, y: 20, w: 200, h: 100, label: 'car' });
  });

  it('toggleBox adds, removes, and replaces a partner', () => {
    const f = toggleBox(none, car1, car2, a);
    expect(f.boxes).toEqual([car1]);
    expect(toggleBox(f, car1, car2, a).boxes).toEqual([]);
    expect(toggleBox(f, car2, car1, b).boxes).toEqual([car2]);
    expect(toggleBox(f, person1, null, a).boxes).toEqual([car1, person1]);
  });
});
