/**
 * Kendall's τ-b between two paired lists of scores (higher = ranked higher, or positions: only the order
 * matters). τ-b = (C − D) / sqrt((n0 − n1)(n0 − n2)) with n0 = n(n−1)/2, n1/n2 the pairs tied in x/y.
 * Source: M. G. Kendall, "The treatment of ties in ranking problems", Biometrika 33 (1945); the same
 * formula as scipy.stats.kendalltau (variant 'b').
 * Defined edge cases (instead of NaN): fewer than 2 items → 1; one side entirely tied → 1 if both sides
 * are entirely tied (no order stated by either), else 0.
 * O(n²): rankings compared here are a handful of responses.
 */
export function kendallTauB(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new Error(`kendallTauB: lengths differ (${x.length} vs ${y.length})`);
  const n = x.length;
  if (n < 2) return 1;
  let concordant = 0;
  let discordant = 0;
  let tiesX = 0;
  let tiesY = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = Math.sign(x[i] - x[j]);
      const dy = Math.sign(y[i] - y[j]);
      if (dx === 0) tiesX++;
      if (dy === 0) tiesY++;
      if (dx !== 0 && dy !== 0) {
        if (dx === dy) concordant++;
        else discordant++;
      }
    }
  }
  const n0 = (n * (n - 1)) / 2;
  const denom = Math.sqrt((n0 - tiesX) * (n0 - tiesY));
  if (denom === 0) return tiesX === n0 && tiesY === n0 ? 1 : 0;
  return (concordant - discordant) / denom;
}
