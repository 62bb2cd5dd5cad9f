import rehypeHighlight from 'rehype-highlight';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import type { Options } from 'react-markdown';

// The markdown pipeline of model output. Order matters: raw HTML becomes text first (so the labeler sees
// what the model wrote instead of losing it), then the sanitizer keeps GitHub's safe subset (no scripts,
// iframes, event handlers, style, or javascript:/data: URLs), and only then does the highlighter add its
// own class-only spans to code, so nothing it adds comes from the text.

interface HNode {
  type: string;
  value?: string;
  children?: HNode[];
}

/** Raw HTML in the markdown, shown as the literal text it is (react-markdown would drop it after sanitizing). */
function rehypeRawAsText() {
  const walk = (node: HNode) => {
    node.children?.forEach((child, i, kids) => {
      if (child.type === 'raw') kids[i] = { type: 'text', value: child.value ?? '' };
      else walk(child);
    });
  };
  return (tree: HNode) => walk(tree);
}

/** GitHub's sanitize schema, plus the two math classes remark-math puts on code (inline vs display). */
const schema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    code: [['className', /^language-./, 'math-inline', 'math-display']],
  },
};

export const remarkPlugins: NonNullable<Options['remarkPlugins']> = [remarkGfm, remarkMath];

export const rehypePlugins: NonNullable<Options['rehypePlugins']> = [
  rehypeRawAsText,
  [rehypeSanitize, schema],
  // Only fenced code that names its language is highlighted: guessing is slow and often wrong.
  [rehypeHighlight, { detect: false, plainText: ['math', 'text', 'txt', 'plaintext', 'plain'] }],
];

/** Project media (uploaded to Triad) is the only image a response may show; anything else would be fetched from elsewhere. */
export const MEDIA_SRC = /^\/api\/media\/[0-9a-f]{64}$/;

/** Links that leave for another site in a new tab; in-page footnote links stay; anything else is plain text. */
export function linkKind(href: string | undefined): 'external' | 'anchor' | 'none' {
  if (!href) return 'none';
  if (/^(https?:|mailto:)/i.test(href)) return 'external';
  if (href.startsWith('#')) return 'anchor';
  return 'none';
}

/** A fenced code block holding `code` whatever backticks it contains (the fence is longer than any run inside). */
export function fenced(code: string, language = ''): string {
  const longest = Math.max(2, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${code}\n${fence}`;
}
