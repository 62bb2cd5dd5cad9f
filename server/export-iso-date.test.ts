import { describe, expect, it } from 'vitest';
import { isoUtc } from './services/export/iso-date.js';

const reference = (ms: number) => { try { return new Date(ms).toISOString(); } catch { return 'RangeError'; } };
const ours = (ms: number) => { try { return isoUtc(ms); } catch { return 'RangeError'; } };

describe('export dates', () => {
  it('are written exactly as toISOString writes them, edges of days, years and the date range included', () => {
    const edges = [0, -1, 1, 86_399_999, 86_400_000, -86_400_000, -86_400_001, 951_782_400_000 /* 2000-02-29 */, 253_402_300_799_999, 253_402_300_800_000,
      -62_167_219_200_000, -62_167_219_200_001, 8.64e15, -8.64e15, 8.64e15 + 1, 1.5, -0.5, NaN, Infinity];
    for (const ms of edges) expect(ours(ms), String(ms)).toBe(reference(ms));
    // Seeded, so a failure names an instant that fails again.
    let seed = 17;
    const next = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
    for (let i = 0; i < 200_000; i++) {
      const ms = Math.floor((next() - 0.3) * 4e13);
      if (ours(ms) !== reference(ms)) expect(ours(ms), String(ms)).toBe(reference(ms));
    }
  });
});
