import { memo } from 'react';
import { lazyWithPreload, usePreloaded } from '../../lazy-preload';
import { fenced } from './fence';
import './rich.css';

// The markdown renderer and the highlighter's grammars are a chunk of their own, fetched the first time
// any rich text shows: pages that never show model output (boxes, audio) do not carry them.
const Markdown = lazyWithPreload(() => import('./MarkdownView'));

/** Starts fetching the markdown renderer (e.g. as soon as a page knows it will show model output). */
export const preloadRichText = (): Promise<void> => Markdown.preload().then(() => undefined);

export interface RichTextProps {
  /** Markdown as a model wrote it: GitHub-flavoured (tables, lists, task lists, code), `$…$` math left as TeX. */
  text: string;
  /** Extra class on the wrapper (e.g. a type's own spacing). */
  className?: string;
  /** Show the text as written, without markdown (e.g. for content far off screen; it costs nothing to render). */
  plain?: boolean;
}

/**
 * Response text as sanitized markdown with highlighted code. Nothing in it runs: raw HTML shows as text,
 * links open elsewhere with noopener/noreferrer/nofollow, outside images are not loaded. Until the
 * renderer has loaded (the first time only) the text shows as written.
 */
export const RichText = memo(function RichText({ text, className, plain = false }: RichTextProps) {
  const ready = usePreloaded(Markdown);
  const rich = ready && !plain;
  return <div className={`${rich ? 'rich' : 'rich rich-plain'}${className ? ` ${className}` : ''}`}>{rich ? <Markdown text={text} /> : text}</div>;
});

export interface CodeBlockProps {
  code: string;
  /** A highlight.js language name (`json`, `python`, …); `text` or none for no highlighting. */
  language?: string;
  /** Show it unhighlighted (costs nothing to render). */
  plain?: boolean;
}

/** A block of code, highlighted once the renderer has loaded, else shown as written. */
export const CodeBlock = memo(function CodeBlock({ code, language = 'text', plain = false }: CodeBlockProps) {
  const ready = usePreloaded(Markdown);
  if (!ready || plain) return <pre className="rich-plain rich-code-plain">{code}</pre>;
  return (
    <div className="rich">
      <Markdown text={fenced(code, language)} />
    </div>
  );
});
