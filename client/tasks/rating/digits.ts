import type { RatingConfig } from '@shared/tasks/registry';

type Criterion = RatingConfig['criteria'][number];

/** The scores a criterion offers: whole steps from min to max. */
export function scoreValues(c: Pick<Criterion, 'min' | 'max'>): number[] {
  const out: number[] = [];
  for (let v = c.min; v <= c.max + 1e-9; v++) out.push(v);
  return out;
}

/** Digits bound to scores: every whole score 0…9 some criterion offers. */
export function scoreDigitsOf(config: RatingConfig): number[] {
  const set = new Set<number>();
  for (const c of config.criteria) for (const v of scoreValues(c)) if (Number.isInteger(v) && v >= 0 && v <= 9) set.add(v);
  return [...set].sort((a, b) => a - b);
}
