import ReactMarkdown from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';

// The few hast shapes the highlighter touches (the tree rehype hands to plugins).
interface HText { type: 'text'; value: string }
interface HElement { type: 'element'; tagName: string; properties: Record<string, unknown>; children: HNode[] }
type HNode = HText | HElement | { type: string; children?: HNode[] };

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Wraps every case-insensitive match of `query` in <mark>. It runs after rehype-sanitize, so the marks
 * it adds are the only markup not checked by the sanitizer, and they carry no attributes from the text.
 */
function rehypeHighlight(query: string) {
  const re = new RegExp(escapeRegExp(query), 'gi');
  const walk = (node: HNode) => {
    const kids = (node as { children?: HNode[] }).children;
    if (!kids) return;
    const out: HNode[] = [];
    for (const child of kids) {
      if (child.type !== 'text') {
        walk(child);
        out.push(child);
        continue;
      }
      const text = (child as HText).value;
      let last = 0;
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        if (m.index > last) out.push({ type: 'text', value: text.slice(last, m.index) });
        out.push({ type: 'element', tagName: 'mark', properties: { className: ['lb-hit'] }, children: [{ type: 'text', value: m[0] }] });
        last = m.index + m[0].length;
      }
      if (last === 0) out.push(child);
      else if (last < text.length) out.push({ type: 'text', value: text.slice(last) });
    }
    (node as { children: HNode[] }).children = out;
  };
  return () => (tree: HNode) => walk(tree);
}

/** Guideline markdown: GitHub-flavoured, sanitized, with search matches marked. */
export default function Markdown({ source, highlight }: { source: string; highlight?: string }) {
  const q = highlight?.trim() ?? '';
  return (
    <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={q ? [rehypeSanitize, rehypeHighlight(q)] : [rehypeSanitize]}>
      {source}
    </ReactMarkdown>
  );
}
