import { common, createLowlight } from 'lowlight';
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
  tagName?: string;
  properties?: { className?: unknown };
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

// One highlighter for the page: highlight.js compiles a grammar on its first use per instance, and
// rehype-highlight made an instance per render (a compile of every grammar per message with code).
const lowlight = createLowlight(common);
/** Code fenced as one of these is shown as written (math is TeX kept for reading). */
const PLAIN = new Set(['math', 'text', 'txt', 'plaintext', 'plain']);

const textOf = (n: HNode): string => (n.type === 'text' ? (n.value ?? '') : (n.children ?? []).map(textOf).join(''));

/**
 * Highlights fenced code that names its language (guessing is slow and often wrong). The spans it adds
 * carry only highlight.js classes; it runs after the sanitizer, on text the sanitizer already kept.
 */
function rehypeCode() {
  const walk = (node: HNode, parent: HNode | null) => {
    if (node.tagName === 'code' && parent?.tagName === 'pre') {
      const classes = Array.isArray(node.properties?.className) ? (node.properties.className as unknown[]).map(String) : [];
      const lang = classes.find((c) => c.startsWith('language-'))?.slice('language-'.length).toLowerCase();
      if (!lang || PLAIN.has(lang) || !lowlight.registered(lang)) return;
      const tree = lowlight.highlight(lang, textOf(node));
      node.properties = { ...node.properties, className: ['hljs', ...classes] };
      node.children = tree.children as HNode[];
      return;
    }
    node.children?.forEach((c) => walk(c, node));
  };
  return (tree: HNode) => walk(tree, null);
}

/** GitHub's sanitize schema, plus the two math classes remark-math puts on code (inline vs display). */
const schema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    code: [['className', /^language-./, 'math-inline', 'math-display']],
  },
};

interface MdNode {
  type: string;
  value?: string;
  position?: { start: { offset?: number }; end: { offset?: number } };
  children?: MdNode[];
}

/**
 * Pandoc's rule for `$…$`: math only when the opening `$` is followed by a non-space, the closing one
 * follows a non-space and is not followed by a digit. remark-math alone reads "paid $5 and got $3 back"
 * as math; this turns such spans back into the text they were, dollar signs included.
 */
function remarkMoneyIsNotMath() {
  return (tree: MdNode, file: { value: unknown }) => {
    const src = String(file.value);
    const walk = (node: MdNode) => {
      node.children?.forEach((child, i, kids) => {
        if (child.type !== 'inlineMath') return walk(child);
        const start = child.position?.start.offset;
        const end = child.position?.end.offset;
        if (start === undefined || end === undefined) return;
        const raw = src.slice(start, end);
        const inner = raw.replace(/^\$+/, '').replace(/\$+$/, '');
        if (inner === '' || /^\s/.test(inner) || /\s$/.test(inner) || /^\d/.test(src.charAt(end))) kids[i] = { type: 'text', value: raw };
      });
    };
    walk(tree);
  };
}

export const remarkPlugins: NonNullable<Options['remarkPlugins']> = [remarkGfm, remarkMath, remarkMoneyIsNotMath];

export const rehypePlugins: NonNullable<Options['rehypePlugins']> = [
  rehypeRawAsText,
  [rehypeSanitize, schema],
  rehypeCode,
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
