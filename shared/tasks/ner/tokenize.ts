export interface Token {
  text: string;
  /** UTF-16 offset of the first character. */
  start: number;
  /** UTF-16 offset after the last character (exclusive). */
  end: number;
}

/*
 * Word tokenizer for BIO units and the CoNLL export. It follows the Penn Treebank conventions as NLTK's
 * TreebankWordTokenizer implements them (the tokenizer Label Studio's CoNLL converter uses), including
 * Label Studio's one change to it ("/" is split off like ";@#$%&"), so our CoNLL files tokenize text the
 * way Label Studio users already expect:
 * - punctuation , : ; @ # $ / % & ? ! ( ) [ ] { } < > and "--" / "..." become tokens of their own, except
 *   a comma or colon followed by a digit ("1,000", "10:30");
 * - a period is split off only at the very end of the text ("U.S." and a mid-text "fiber." stay whole);
 * - clitics split: "don't" → "do" "n't", "I'll" → "I" "'ll", "cannot" → "can" "not";
 * - hyphenated words, numbers like "3.99", e-mail-free words stay whole; whitespace never belongs to a token.
 * Offsets are found by locating each token in the original text in order.
 */

// Python's \b and \d are Unicode-aware; these are their equivalents under the `u` flag.
const W = '[\\p{L}\\p{N}_]';
const B_BEFORE = `(?<!${W})`;
const B_AFTER = `(?!${W})`;

type Rule = [RegExp, string];
const rules: Rule[] = [
  // Starting quotes.
  [/^"/u, '``'],
  [/(``)/gu, ' $1 '],
  [/([ ([{<])("|'{2})/gu, '$1 `` '],
  // Punctuation.
  [/([:,])([^\p{Nd}])/gu, ' $1 $2'],
  [/([:,])$/gu, ' $1 '],
  [/\.\.\./gu, ' ... '],
  [/[;@#$/%&]/gu, ' $& '],
  [/([^.])(\.)([\])}>"']*)\s*$/gu, '$1 $2$3 '],
  [/[?!]/gu, ' $& '],
  [/([^'])' /gu, "$1 ' "],
  // Parentheses and brackets, double dashes.
  [/[\][(){}<>]/gu, ' $& '],
  [/--/gu, ' -- '],
];
const endingRules: Rule[] = [
  [/''/gu, " '' "],
  [/"/gu, " '' "],
  [/([^' ])('[sS]|'[mM]|'[dD]|') /gu, '$1 $2 '],
  [/([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) /gu, '$1 $2 '],
];
// Robert MacIntyre's contractions, as in NLTK.
const contractions: RegExp[] = [
  ...['(can)(not)', "(d)('ye)", '(gim)(me)', '(gon)(na)', '(got)(ta)', '(lem)(me)', "(more)('n)"].map((p) => new RegExp(`${B_BEFORE}${p}${B_AFTER}`, 'giu')),
  new RegExp(`${B_BEFORE}(wan)(na)(?=\\s)`, 'giu'),
  new RegExp(` ('t)(is)${B_AFTER}`, 'giu'),
  new RegExp(` ('t)(was)${B_AFTER}`, 'giu'),
];

/** The token strings, as TreebankWordTokenizer.tokenize returns them (quotes converted to `` and ''). */
export function treebankWords(text: string): string[] {
  let s = text;
  for (const [re, sub] of rules) s = s.replace(re, sub);
  s = ` ${s} `;
  for (const [re, sub] of endingRules) s = s.replace(re, sub);
  for (const re of contractions) s = s.replace(re, ' $1 $2 ');
  return s.split(/\s+/u).filter((t) => t.length > 0);
}

/** Tokens with UTF-16 offsets into `text`. */
export function tokenize(text: string): Token[] {
  let words = treebankWords(text);
  // The tokenizer rewrites double quotes as `` or ''; put the original characters back before aligning.
  if (text.includes('"') || text.includes("''")) {
    const originals = text.match(/``|'{2}|"/gu) ?? [];
    words = words.map((w) => (w === '"' || w === '``' || w === "''" ? (originals.shift() ?? w) : w));
  }
  const out: Token[] = [];
  let at = 0;
  for (const w of words) {
    const start = text.indexOf(w, at);
    // Cannot happen for rules that only insert spaces; fall back rather than lose the document.
    if (start < 0) return whitespaceTokens(text);
    out.push({ text: w, start, end: start + w.length });
    at = start + w.length;
  }
  return out;
}

function whitespaceTokens(text: string): Token[] {
  return [...text.matchAll(/\S+/gu)].map((m) => ({ text: m[0], start: m.index!, end: m.index! + m[0].length }));
}
