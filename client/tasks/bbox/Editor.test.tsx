import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import BboxEditor from './Editor';
import { renderEditor } from '../../testing/task-editor';
import { boxAt, clampToImage, fitView, imageToStage, nudge, rectFromPoints, stageToImage, zoomAt } from './geometry';
import type { BboxCanvasProps } from './BboxCanvas';
import type { BboxAnswer } from '@shared/tasks/registry';

// jsdom has no canvas: the Konva stage is replaced by a stand-in that reports what the editor handed it
// and fires the callbacks a real drag would (the browser test drags on the real canvas).
vi.mock('./BboxCanvas', () => ({
  default: (p: BboxCanvasProps) => (
    <div data-testid="canvas" data-selected={p.selected ?? ''} data-fit={p.fitRequest} data-suggestions={p.suggestions.length}>
      <button type="button" onClick={() => p.onCreate({ x: 10, y: 20, w: 30, h: 40 })}>
        drag-draw
      </button>
      <button type="button" onClick={() => p.onChangeBox(0, { x: 50, y: 60, w: 70, h: 80 })}>
        drag-transform
      </button>
      <button type="button" onClick={() => p.onSelect(0)}>
        click-first
      </button>
      <button type="button" onClick={() => p.onImageSize({ width: 640, height: 480 })}>
        image-loaded
      </button>
    </div>
  ),
}));

afterEach(cleanup);

const question = { id: 'objects', type: 'bbox' as const, title: 'Objects', config: { labels: ['car', 'person', { value: 'sign', hotkey: 's' }] } };
const data = { image: '/api/media/abc' };
const start = { width: 640, height: 480, boxes: [] };

describe('bbox geometry', () => {
  it('converts between stage and image pixels both ways', () => {
    const v = { scale: 2, x: 100, y: 50 };
    expect(stageToImage({ x: 300, y: 250 }, v)).toEqual({ x: 100, y: 100 });
    expect(imageToStage({ x: 100, y: 100 }, v)).toEqual({ x: 300, y: 250 });
  });

  it('fits, zooms around the pointer, builds and clamps rectangles', () => {
    expect(fitView(1000, 500, 524, 524, 12)).toEqual({ scale: 0.5, x: 12, y: 137 });
    const z = zoomAt({ scale: 1, x: 0, y: 0 }, { x: 200, y: 100 }, 2);
    expect(stageToImage({ x: 200, y: 100 }, z)).toEqual({ x: 200, y: 100 });
    expect(z.scale).toBe(2);
    expect(rectFromPoints({ x: 50, y: 40 }, { x: 10, y: 60 })).toEqual({ x: 10, y: 40, w: 40, h: 20 });
    expect(clampToImage({ x: -5, y: 10, w: 20, h: 500 }, 100, 100)).toEqual({ x: 0, y: 10, w: 15, h: 90 });
    expect(clampToImage({ x: 200, y: 10, w: 20, h: 20 }, 100, 100)).toBeNull();
    expect(nudge({ x: 95, y: 0, w: 10, h: 10 }, 10, -1, 100, 100)).toEqual({ x: 90, y: 0, w: 10, h: 10 });
  });

  it('finds the box under a point, preferring the smallest of nested boxes', () => {
    const boxes = [
      { x: 0, y: 0, w: 100, h: 100 },
      { x: 40, y: 40, w: 10, h: 10 },
      { x: 200, y: 0, w: 10, h: 10 },
    ];
    expect(boxAt(boxes, { x: 45, y: 45 })).toBe(1);
    expect(boxAt(boxes, { x: 10, y: 90 })).toBe(0);
    expect(boxAt(boxes, { x: 150, y: 5 })).toBeNull();
  });
});

describe('bbox editor', () => {
  it('draws with the current label, picked by hotkey, and lists the box', async () => {
    const user = userEvent.setup();
    const r = renderEditor(BboxEditor, question, { data, value: start });
    await screen.findByTestId('canvas');
    await user.keyboard('2');
    await user.click(screen.getByRole('button', { name: 'drag-draw' }));
    expect(r.last()).toEqual({ width: 640, height: 480, boxes: [{ x: 10, y: 20, w: 30, h: 40, label: 'person' }] });
    const list = screen.getByRole('list', { name: 'Boxes' });
    expect(within(list).getByText('person')).toBeInTheDocument();
    expect(within(list).getByText('10,20 · 30×40')).toBeInTheDocument();
    // The new box is selected.
    expect(screen.getByTestId('canvas')).toHaveAttribute('data-selected', '0');
  });

  it('records the image size once the image has loaded', async () => {
    const user = userEvent.setup();
    const r = renderEditor(BboxEditor, question, { data });
    await user.click(await screen.findByRole('button', { name: 'image-loaded' }));
    await user.click(screen.getByRole('button', { name: 'drag-draw' }));
    expect(r.last()).toEqual({ width: 640, height: 480, boxes: [{ x: 10, y: 20, w: 30, h: 40, label: 'car' }] });
  });

  it('selects from the list, relabels by hotkey, nudges with arrows, deletes with Delete', async () => {
    const user = userEvent.setup();
    const boxes = [
      { x: 10, y: 10, w: 20, h: 20, label: 'car' },
      { x: 100, y: 100, w: 50, h: 50, label: 'car' },
    ];
    const r = renderEditor(BboxEditor, question, { data, value: { ...start, boxes } });
    await screen.findByTestId('canvas');
    await user.click(within(screen.getByRole('list', { name: 'Boxes' })).getAllByRole('listitem')[1]);
    expect(screen.getByTestId('canvas')).toHaveAttribute('data-selected', '1');
    await user.keyboard('s');
    expect(r.last().boxes[1]).toEqual({ ...boxes[1], label: 'sign' });
    await user.keyboard('{ArrowRight}{ArrowDown}');
    expect(r.last().boxes[1]).toMatchObject({ x: 101, y: 101 });
    await user.keyboard('{Shift>}{ArrowLeft}{/Shift}');
    expect(r.last().boxes[1]).toMatchObject({ x: 91, y: 101, w: 50, h: 50 });
    await user.keyboard('{Delete}');
    expect(r.last()).toEqual({ ...start, boxes: [boxes[0]] });
    // Nothing selected: arrows do nothing.
    const calls = r.onChange.mock.calls.length;
    await user.keyboard('{ArrowLeft}');
    expect(r.onChange).toHaveBeenCalledTimes(calls);
  });

  it('applies a move/resize from the canvas in image pixels, and a list delete button', async () => {
    const user = userEvent.setup();
    const r = renderEditor(BboxEditor, question, { data, value: { ...start, boxes: [{ x: 1, y: 2, w: 3, h: 4, label: 'sign' }] } });
    await user.click(await screen.findByRole('button', { name: 'drag-transform' }));
    expect(r.last().boxes).toEqual([{ x: 50, y: 60, w: 70, h: 80, label: 'sign' }]);
    await user.click(screen.getByRole('button', { name: 'Delete box 1 (sign)' }));
    expect(r.last().boxes).toEqual([]);
  });

  it('cycles selection, fits with f, and undoes/redoes edits', async () => {
    const user = userEvent.setup();
    const r = renderEditor(BboxEditor, question, { data, value: start });
    const canvas = await screen.findByTestId('canvas');
    await user.keyboard('f');
    expect(canvas).toHaveAttribute('data-fit', '1');
    await user.click(screen.getByRole('button', { name: 'drag-draw' }));
    await user.keyboard('{ArrowRight}');
    expect((r.answer() as BboxAnswer).boxes[0].x).toBe(11);
    await user.keyboard('{Control>}z{/Control}');
    expect((r.answer() as BboxAnswer).boxes[0].x).toBe(10);
    await user.keyboard('{Control>}z{/Control}');
    expect((r.answer() as BboxAnswer).boxes).toEqual([]);
    await user.keyboard('{Control>}y{/Control}');
    expect((r.answer() as BboxAnswer).boxes).toHaveLength(1);
    await user.keyboard('{Escape}');
    expect(canvas).toHaveAttribute('data-selected', '');
    await user.keyboard(']');
    expect(canvas).toHaveAttribute('data-selected', '0');
  });

  it('shows suggestions apart; accept one, then accept all; a changed accepted box stays changed', async () => {
    const user = userEvent.setup();
    const prelabel = {
      width: 640,
      height: 480,
      boxes: [
        { x: 1, y: 2, w: 3, h: 4, label: 'car' },
        { x: 5, y: 6, w: 7, h: 8, label: 'person' },
      ],
    };
    const r = renderEditor(BboxEditor, question, { data, prelabel });
    const canvas = await screen.findByTestId('canvas');
    expect(canvas).toHaveAttribute('data-suggestions', '2');
    expect(r.answer()).toEqual({ width: 0, height: 0, boxes: [] });
    const sug = screen.getByRole('region', { name: 'Suggestions' });
    await user.click(within(sug).getByRole('button', { name: 'Accept suggested car box 1' }));
    expect(r.last()).toEqual({ width: 640, height: 480, boxes: [prelabel.boxes[0]] });
    expect(canvas).toHaveAttribute('data-suggestions', '1');
    await user.click(within(screen.getByRole('list', { name: 'Boxes' })).getByText('car'));
    await user.keyboard('s');
    await user.click(within(sug).getByRole('button', { name: /Accept all/ }));
    expect(r.answer()).toEqual({ width: 640, height: 480, boxes: [{ ...prelabel.boxes[0], label: 'sign' }, prelabel.boxes[1]] });
    expect(screen.queryByRole('region', { name: 'Suggestions' })).toBeNull();
  });
});
