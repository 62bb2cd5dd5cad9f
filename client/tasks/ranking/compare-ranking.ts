import type { RankingAnswer, RankingClaim, RankingConfig } from '@shared/tasks/registry';
import { groupsOf } from '@shared/tasks/ranking/ranks';

/** Responses are named A, B, C… as the labelers saw them. */
export function responseName(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : `#${i + 1}`;
}

export function preferenceText(a: RankingAnswer, config: RankingConfig): string {
  // An order as "C = A > B": tied responses joined by "=".
  if (config.mode === 'order') return a.order && a.order.length ? groupsOf(a.order, a.ties).map((g) => g.map(responseName).join(' = ')).join(' > ') : 'undecided';
  if (a.preferred !== null) return `${responseName(a.preferred)} preferred`;
  return a.strength === 0 ? 'tie' : 'undecided';
}

export function strengthText(a: RankingAnswer, config: RankingConfig): string {
  if (a.strength === null) return '–';
  return config.scale.find((s) => s.value === a.strength)?.title ?? String(a.strength);
}

const claimKey = (c: RankingClaim) => `${c.response}:${c.start}:${c.end}`;

export function sameClaim(x: RankingClaim, y: RankingClaim): boolean {
  return claimKey(x) === claimKey(y);
}

/** How the two answers differ, field by field: `preference` is what the agreement score is about. */
export function rankingDiffs(a: RankingAnswer, b: RankingAnswer, config: RankingConfig) {
  return {
    preference: preferenceText(a, config) !== preferenceText(b, config),
    strength: a.strength !== b.strength,
    reason: a.reason.trim() !== b.reason.trim(),
    claims: a.claims.length !== b.claims.length || a.claims.some((c) => !b.claims.some((d) => sameClaim(c, d))),
  };
}

export function claimShared(claim: RankingClaim, other: readonly RankingClaim[]): boolean {
  return other.some((o) => sameClaim(o, claim));
}

/** Adds a flagged claim to the final or removes it (a toggle), in response then position order. */
export function toggleClaim(final: RankingAnswer, claim: RankingClaim): RankingAnswer {
  if (final.claims.some((c) => sameClaim(c, claim))) return { ...final, claims: final.claims.filter((c) => !sameClaim(c, claim)) };
  const claims = [...final.claims, { ...claim }].sort((x, y) => x.response - y.response || x.start - y.start || x.end - y.end);
  return { ...final, claims };
}

/** Takes the decision (preferred, order and its ties, strength) of one answer, leaving the final's reason and claims. */
export function takePreference(final: RankingAnswer, from: RankingAnswer): RankingAnswer {
  const next: RankingAnswer = { ...final, preferred: from.preferred, strength: from.strength };
  if (from.order !== undefined) next.order = [...from.order];
  else delete next.order;
  if (from.ties !== undefined) next.ties = from.ties.map((g) => [...g]);
  else delete next.ties;
  return next;
}
