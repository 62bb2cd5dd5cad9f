export interface Token {
  text: string;
  /** UTF-16 offset of the first character. */
  start: number;
  /** UTF-16 offset after the last character (exclusive). */
  end: number;
}

/**
 * Word tokenizer for BIO units and CoNLL export: a token is a run of letters, marks, digits and
 * underscores (with inner apostrophes/hyphens kept, e.g. "don't", "state-of-the-art"), or any other single
 * non-space character (punctuation, symbols). Whitespace separates tokens and is never part of one.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const re = /[\p{L}\p{M}\p{N}_]+(?:['’\-][\p{L}\p{M}\p{N}_]+)*|[^\s]/gu;
  for (const m of text.matchAll(re)) out.push({ text: m[0], start: m.index!, end: m.index! + m[0].length });
  return out;
}
