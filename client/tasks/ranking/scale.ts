import type { RankingAnswer, RankingConfig } from '@shared/tasks/registry';

/** Hotkeys of the preference scale: 1…9 left to right (a scale longer than nine has clickable extras). */
export function scaleKeys(config: RankingConfig): (string | undefined)[] {
  return config.scale.map((_, i) => (i < 9 ? String(i + 1) : undefined));
}

/** The answer after choosing a strength on the pairwise scale: its sign says which side is preferred. */
export function withStrength(answer: RankingAnswer, strength: number): RankingAnswer {
  return { ...answer, strength, preferred: strength < 0 ? 0 : strength > 0 ? 1 : null };
}
