import { describe, expect, it } from 'vitest';
import { bbox as m, type BboxBox } from './index';

const config = m.config.parse({ labels: ['car', 'person'] });
const box = (x: number, y: number, w: number, h: number, label = 'car'): BboxBox => ({ x, y, w, h, label });
const ans = (...boxes: BboxBox[]) => ({ width: 640, height: 480, boxes });

describe('bbox', () => {
  it('matches same-label boxes at IoU ≥ 0.5 and scores F1', () => {
    // Shifted by 1 px on a 10×10 box: IoU = 90/110 ≈ 0.818 (match); shifted by 5: 50/150 (no match).
    const r = m.agreement(ans(box(0, 0, 10, 10), box(100, 100, 10, 10)), ans(box(1, 0, 10, 10), box(105, 100, 10, 10)), config);
    expect(r.score).toBeCloseTo(0.5, 12);
    expect(r.agree).toBe(false);
    expect(r.detail!.meanIoU).toBeCloseTo(90 / 110, 12);
    expect(r.detail!.matched).toBe(1);
  });

  it('a label mismatch does not match even at IoU 1', () => {
    const r = m.agreement(ans(box(0, 0, 10, 10, 'car')), ans(box(0, 0, 10, 10, 'person')), config);
    expect(r).toMatchObject({ score: 0, agree: false });
  });

  it('Hungarian matching beats greedy on crossing boxes', () => {
    // a0 overlaps b0 best but is the only match for b1's partner; the optimal assignment matches both.
    const a = ans(box(0, 0, 10, 10), box(4, 0, 10, 10));
    const b = ans(box(2, 0, 10, 10), box(-3, 0, 10, 10));
    const r = m.agreement(a, b, config);
    expect(r.detail!.matched).toBe(2);
    expect(r.agree).toBe(true);
  });

  it('empty answers agree; one side empty does not', () => {
    expect(m.agreement(ans(), ans(), config)).toMatchObject({ score: 1, agree: true });
    expect(m.agreement(ans(), ans(box(0, 0, 5, 5)), config)).toMatchObject({ score: 0, agree: false });
  });

  it('merge averages matched boxes and drops the unmatched', () => {
    // IoU of the pair: 81 / 129 ≈ 0.63.
    const merged = m.merge([ans(box(0, 0, 10, 10), box(200, 200, 5, 5)), ans(box(1, 1, 10, 11))], config);
    expect(merged).toEqual(ans(box(0.5, 0.5, 10, 10.5)));
    // Three answers: a box two of them drew survives.
    const three = m.merge([ans(box(0, 0, 10, 10)), ans(box(300, 300, 10, 10)), ans(box(0, 0, 10, 10), box(300, 300, 10, 10))], config);
    expect(three.boxes).toHaveLength(2);
    expect(m.merge([ans(), ans(box(0, 0, 5, 5))], config).boxes).toEqual([]);
  });

  it('merge takes the image size from an answer that knows it', () => {
    expect(m.merge([{ width: 0, height: 0, boxes: [] }, ans()], config)).toMatchObject({ width: 640, height: 480 });
  });

  it('units count boxes per label', () => {
    expect(m.units(ans(box(0, 0, 1, 1), box(5, 5, 1, 1), box(0, 0, 2, 2, 'person')), config)).toEqual([
      { key: 'count:car', value: 2, metric: 'ratio' },
      { key: 'count:person', value: 1, metric: 'ratio' },
    ]);
  });
});
