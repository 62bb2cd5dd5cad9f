import ReactMarkdown, { type Components } from 'react-markdown';
import { linkKind, MEDIA_SRC, rehypePlugins, remarkPlugins } from './pipeline';
import 'highlight.js/styles/github.css';

const hasClass = (className: string | undefined, name: string) => !!className && className.split(' ').includes(name);

const components: Components = {
  a({ href, children, node: _node, ...rest }) {
    const kind = linkKind(href);
    if (kind === 'external') {
      return (
        <a {...rest} href={href} target="_blank" rel="noopener noreferrer nofollow">
          {children}
        </a>
      );
    }
    if (kind === 'anchor') return <a {...rest} href={href}>{children}</a>;
    // A relative or unknown link would navigate inside Triad: show what it says and where it points.
    return <span className="rich-link-off" title={href}>{children}</span>;
  },
  img({ src, alt }) {
    if (typeof src === 'string' && MEDIA_SRC.test(src)) return <img src={src} alt={alt ?? ''} className="rich-img" />;
    // Outside images are not fetched (they could track the reader); the reference stays readable.
    return (
      <span className="rich-img-off" title={typeof src === 'string' ? src : undefined}>
        [image{alt ? `: ${alt}` : ''}]
      </span>
    );
  },
  code({ className, children, node: _node, ...rest }) {
    // Math stays the TeX the model wrote, delimiters included, so nothing is lost or misread as emphasis.
    if (hasClass(className, 'math-inline')) return <code className="rich-math">${children}$</code>;
    if (hasClass(className, 'math-display')) return <code className="rich-math rich-math-display">{children}</code>;
    return <code {...rest} className={className}>{children}</code>;
  },
  table({ children, node: _node, ...rest }) {
    return (
      <div className="rich-table-wrap">
        <table {...rest}>{children}</table>
      </div>
    );
  },
};

/**
 * The markdown renderer RichText loads on first use (with the highlighter's grammars, its own chunk):
 * sanitized GitHub markdown; nothing in it runs. Raw HTML shows as text, links open elsewhere with
 * noopener/noreferrer/nofollow, outside images are not loaded.
 */
export default function MarkdownView({ text }: { text: string }) {
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
      {text}
    </ReactMarkdown>
  );
}
