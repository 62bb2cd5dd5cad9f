import { distance as myersDistance } from 'fastest-levenshtein';

/**
 * Levenshtein distance (unit costs for insert, delete, substitute), generic over sequences so the same
 * code serves characters (normalized edit similarity) and words (WER).
 * Source: V. I. Levenshtein, "Binary codes capable of correcting deletions, insertions, and reversals"
 * (1966). Computed with Myers' bit-parallel algorithm ("A fast bit-vector algorithm for approximate string
 * matching based on dynamic programming", 1999; `fastest-levenshtein`): about n·m/32 word operations and
 * memory linear in the input, where the two-row dynamic programme took n·m steps.
 * Strings are compared by UTF-16 unit; other sequences by element identity (`===`).
 */
export function levenshtein<T>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  if (typeof a === 'string' && typeof b === 'string') return myersDistance(a, b);
  const units = asUnits(a, b);
  return units ? myersDistance(units[0], units[1]) : dynamicDistance(a, b);
}

/**
 * The two sequences rewritten as strings of 16-bit units, one unit per distinct element, so the string
 * algorithm compares anything. Null when there are more distinct elements than units (callers bound
 * their inputs far below that).
 */
function asUnits<T>(a: ArrayLike<T>, b: ArrayLike<T>): [string, string] | null {
  const codes = new Map<T, number>();
  const encode = (s: ArrayLike<T>): string | null => {
    const out = new Uint16Array(s.length);
    for (let i = 0; i < s.length; i++) {
      let c = codes.get(s[i]);
      if (c === undefined) {
        if (codes.size > 0xffff) return null;
        codes.set(s[i], (c = codes.size));
      }
      out[i] = c;
    }
    let str = '';
    for (let i = 0; i < out.length; i += 8192) str += String.fromCharCode(...out.subarray(i, i + 8192));
    return str;
  };
  const x = encode(a);
  const y = x === null ? null : encode(b);
  return x === null || y === null ? null : [x, y];
}

/** The two-row dynamic programme of Wagner & Fischer (1974), for alphabets beyond 65,536 symbols. */
function dynamicDistance<T>(a: ArrayLike<T>, b: ArrayLike<T>): number {
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
 * Above this many cells (|a| × |b| code points) the exact distance costs more than a request may block the
 * event loop (7,000 × 7,000 takes about 20 ms on one core), so similarity switches to trigrams.
 */
export const EXACT_EDIT_CELLS = 50_000_000;

// Without the u flag, so the class sees the surrogate units of a pair rather than the code point.
const ASTRAL = /[\uD800-\uDFFF]/;

/** Code points of a string: the string itself when it has no surrogate pairs (one unit per code point). */
const codePoints = (s: string): string | string[] => (ASTRAL.test(s) ? Array.from(s) : s);

/**
 * Normalized edit similarity over whitespace-normalized strings, counted in Unicode code points (so an
 * emoji is one edit, not two UTF-16 units). Two empty strings are identical: 1.
 * Up to `EXACT_EDIT_CELLS` it is exact: 1 − levenshtein(a, b) / max(|a|, |b|). Beyond, it is the trigram
 * similarity (`trigramSimilarity`), linear in the input, so two 200,000-character answers are compared in
 * milliseconds; see there for how it relates to the edit distance.
 */
export function editSimilarity(a: string, b: string): number {
  const x = codePoints(normalizeWhitespace(a));
  const y = codePoints(normalizeWhitespace(b));
  const max = Math.max(x.length, y.length);
  if (max === 0) return 1;
  if (x.length * y.length > EXACT_EDIT_CELLS) return trigramSimilarity(x, y);
  return 1 - levenshtein<string>(x, y) / max;
}

/**
 * Dice similarity of the multisets of character trigrams (q-grams, q = 3; E. Ukkonen, "Approximate
 * string-matching with q-grams and maximal matches", 1992): 2·|A ∩ B| / (|A| + |B|), with texts shorter
 * than three code points compared whole. One edit changes at most three trigrams, so a few edits in a long
 * text cost little, as in the edit similarity; unlike it, moving a paragraph costs only its borders.
 * Identical texts score 1, texts without a common trigram 0.
 */
export function trigramSimilarity(a: string | ArrayLike<string>, b: string | ArrayLike<string>): number {
  const x = typeof a === 'string' ? codePoints(a) : a;
  const y = typeof b === 'string' ? codePoints(b) : b;
  if (x.length < 3 || y.length < 3) return Array.from(x).join('') === Array.from(y).join('') ? 1 : 0;
  const bag = new Map<string, number>();
  for (let i = 0; i + 2 < x.length; i++) {
    const g = x[i] + x[i + 1] + x[i + 2];
    bag.set(g, (bag.get(g) ?? 0) + 1);
  }
  let common = 0;
  for (let i = 0; i + 2 < y.length; i++) {
    const g = y[i] + y[i + 1] + y[i + 2];
    const n = bag.get(g);
    if (n) {
      common++;
      bag.set(g, n - 1);
    }
  }
  return (2 * common) / (x.length - 2 + (y.length - 2));
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
