import type { RatingAnswer, RatingConfig } from '@shared/tasks/registry';

export interface CriterionRow {
  id: string;
  title: string;
  description?: string;
  scores: [number | null, number | null];
  /** |a − b| when both scored, else null. */
  diff: number | null;
  tolerance: number;
  /** Beyond tolerance, or scored on one side only: the same rule the module's agreement uses. */
  conflict: boolean;
}

const scoreOf = (a: RatingAnswer, id: string) => a.scores[id] ?? null;

export function criterionRows(a: RatingAnswer, b: RatingAnswer, config: RatingConfig): CriterionRow[] {
  return config.criteria.map((c) => {
    const x = scoreOf(a, c.id);
    const y = scoreOf(b, c.id);
    const diff = x !== null && y !== null ? Math.abs(x - y) : null;
    return {
      id: c.id,
      title: c.title,
      description: c.description,
      scores: [x, y],
      diff,
      tolerance: c.tolerance,
      conflict: diff === null ? x !== y : diff > c.tolerance,
    };
  });
}

export function takeScore(final: RatingAnswer, id: string, score: number | null): RatingAnswer {
  return { ...final, scores: { ...final.scores, [id]: score } };
}

export function takeRationale(final: RatingAnswer, rationale: string): RatingAnswer {
  return { ...final, rationale };
}
