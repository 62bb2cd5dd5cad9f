/**
 * Levenshtein distance (unit costs for insert, delete, substitute), generic over sequences so the same
 * code serves characters (normalized edit similarity) and words (WER).
 * Source: V. I. Levenshtein, "Binary codes capable of correcting deletions, insertions, and reversals"
 * (1966); the two-row dynamic programme of Wagner & Fischer, "The string-to-string correction problem" (1974).
 */
export function levenshtein<T>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  // Keep the shorter sequence as the row so memory is O(min(n, m)).
  if (a.length < b.length) [a, b] = [b, a];
  const n = a.length;
  const m = b.length;
  if (m === 0) return n;
  let prev = new Int32Array(m + 1);
  let curr = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    curr[0] = i;
    const ai = a[i - 1];
    for (let j = 1; j <= m; j++) {
      const sub = prev[j - 1] + (ai === b[j - 1] ? 0 : 1);
      const del = prev[j] + 1;
      const ins = curr[j - 1] + 1;
      curr[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    [prev, curr] = [curr, prev];
  }
  return prev[m];
}

/** Collapses runs of whitespace and trims, so layout differences do not count as edits. */
export function normalizeWhitespace(s: string): string {
  return s.replace(/\s+/gu, ' ').trim();
}

/**
 * Normalized edit similarity: 1 − levenshtein(a, b) / max(|a|, |b|) over whitespace-normalized strings,
 * counted in Unicode code points (so an emoji is one edit, not two UTF-16 units).
 * Two empty strings are identical: 1.
 */
export function editSimilarity(a: string, b: string): number {
  const x = Array.from(normalizeWhitespace(a));
  const y = Array.from(normalizeWhitespace(b));
  const max = Math.max(x.length, y.length);
  if (max === 0) return 1;
  return 1 - levenshtein(x, y) / max;
}

/** Splits a transcript into words for WER: lower-cased, punctuation other than apostrophes dropped. */
export function werWords(s: string): string[] {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'’\s]+/gu, ' ')
    .split(/\s+/u)
    .filter((w) => w.length > 0);
}

/**
 * Word error rate: (substitutions + deletions + insertions) / words in the reference, i.e. word-level
 * Levenshtein distance over the reference length (the NIST sclite definition).
 * Defined edge cases: an empty reference gives 0 if the hypothesis is empty too, else 1 (every word is an
 * insertion; capped so a rate never divides by zero). WER can exceed 1 when the hypothesis is much longer.
 */
export function wer(reference: string | string[], hypothesis: string | string[]): number {
  const r = typeof reference === 'string' ? werWords(reference) : reference;
  const h = typeof hypothesis === 'string' ? werWords(hypothesis) : hypothesis;
  if (r.length === 0) return h.length === 0 ? 0 : 1;
  return levenshtein(r, h) / r.length;
}
