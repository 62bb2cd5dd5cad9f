import { describe, expect, it } from 'vitest';
import { contains, groupBoxes, intersect, onDevicePixel, paintRegion } from './sceneBitmap';

const box = (x: number, y: number, w: number, h: number, label: string) => ({ x, y, w, h, label });

describe('bbox scene bitmap', () => {
  it('intersects and contains regions', () => {
    expect(intersect({ x: 0, y: 0, w: 10, h: 10 }, { x: 5, y: 5, w: 10, h: 10 })).toEqual({ x: 5, y: 5, w: 5, h: 5 });
    expect(intersect({ x: 0, y: 0, w: 10, h: 10 }, { x: 10, y: 0, w: 5, h: 5 })).toBeNull();
    expect(contains({ x: 0, y: 0, w: 10, h: 10 }, { x: 2, y: 2, w: 8, h: 8 })).toBe(true);
    expect(contains({ x: 0, y: 0, w: 10, h: 10 }, { x: 2, y: 2, w: 9, h: 8 })).toBe(false);
  });

  it('groups all but the selected box by colour and bounds boxes, suggestions and the image', () => {
    const boxes = [box(10, 10, 5, 5, 'car'), box(50, 0, 10, 10, 'person'), box(-5, 20, 10, 10, 'car')];
    const colors: Record<string, string> = { car: 'red', person: 'blue' };
    const g = groupBoxes(boxes, [box(0, 90, 10, 20, 'sign')], 1, (l) => colors[l], null);
    expect([...g.byColor]).toEqual([['red', [0, 2]]]);
    expect(g.bounds).toEqual({ x: -5, y: 10, w: 20, h: 100 });
    expect(groupBoxes([], [], null, () => 'red', { width: 30, height: 20 }).bounds).toEqual({ x: 0, y: 0, w: 30, h: 20 });
    expect(groupBoxes([], [], null, () => 'red', null).bounds).toBeNull();
  });

  it('paints half a view around the view (less at high pixel ratios), in whole pixels, within the content', () => {
    const view = { x: 0, y: 0, w: 100, h: 100 };
    const content = { x: -1000, y: -1000, w: 3000, h: 3000 };
    expect(paintRegion(view, content, 1)).toEqual({ x: -50, y: -50, w: 200, h: 200 });
    expect(paintRegion(view, content, 2)).toEqual({ x: -25, y: -25, w: 150, h: 150 });
    expect(paintRegion(view, { x: 10.5, y: 0, w: 20, h: 20 }, 1)).toEqual({ x: 10, y: 0, w: 21, h: 20 });
    expect(paintRegion(view, { x: 500, y: 500, w: 10, h: 10 }, 1)).toBeNull();
  });

  it('places the bitmap on whole device pixels', () => {
    expect(onDevicePixel(10, 0.3, 1)).toBeCloseTo(9.7);
    expect(onDevicePixel(10, 0.3, 2)).toBeCloseTo(10.2);
  });
});
