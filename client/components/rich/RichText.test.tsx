import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { preloadRichText, RichText } from './RichText';

beforeAll(() => preloadRichText());
afterEach(cleanup);

describe('RichText', () => {
  it('renders GitHub-flavoured markdown: headings, lists, tables, task lists, emphasis', () => {
    const md = ['## Plan', '', '1. first', '2. **second**', '', '- [x] done', '', '| a | b |', '| - | - |', '| 1 | 2 |'].join('\n');
    const { container } = render(<RichText text={md} />);
    expect(screen.getByRole('heading', { name: 'Plan' })).toBeInTheDocument();
    expect(container.querySelectorAll('ol > li')).toHaveLength(2);
    expect(container.querySelector('strong')).toHaveTextContent('second');
    expect(screen.getByRole('table')).toBeInTheDocument();
    expect(screen.getByRole('cell', { name: '2' })).toBeInTheDocument();
    expect(container.querySelector('input[type="checkbox"]')).toBeChecked();
  });

  it('highlights fenced code that names its language and leaves other code plain', () => {
    const { container } = render(<RichText text={'```python\ndef f(x):\n    return "hi"\n```\n\n```\nplain text\n```'} />);
    const [py, plain] = container.querySelectorAll('pre code');
    expect(py).toHaveClass('hljs', 'language-python');
    expect(py.querySelector('.hljs-keyword')).toHaveTextContent('def');
    expect(py.querySelector('.hljs-string')).toHaveTextContent('"hi"');
    expect(py.textContent).toBe('def f(x):\n    return "hi"\n');
    expect(plain.querySelector('span')).toBeNull();
  });

  it('keeps math as the TeX written, not turned into emphasis', () => {
    const { container } = render(<RichText text={'The product $a_1*b_2*c$ matters.\n\n$$\n\\sum_i x_i*y_i\n$$'} />);
    expect(container.querySelector('em')).toBeNull();
    const inline = container.querySelector('code.rich-math:not(.rich-math-display)');
    expect(inline).toHaveTextContent('$a_1*b_2*c$');
    expect(container.querySelector('.rich-math-display')).toHaveTextContent('\\sum_i x_i*y_i');
  });

  it('leaves amounts of money as text: "$5 and $3" is not math', () => {
    const { container } = render(<RichText text={'I paid $5 and got $3 back, then $ 4 $ more.'} />);
    expect(container.querySelector('code')).toBeNull();
    expect(container).toHaveTextContent('I paid $5 and got $3 back, then $ 4 $ more.');
  });

  it('shows the text as written when asked for plain', () => {
    const { container } = render(<RichText text={'**bold** `code`'} plain />);
    expect(container.querySelector('strong, code')).toBeNull();
    expect(container).toHaveTextContent('**bold** `code`');
  });

  it('opens outside links in a new tab without opener or referrer, and shows other links as text', () => {
    render(<RichText text={'[docs](https://example.com/a) and [home](/projects/1)'} />);
    const link = screen.getByRole('link', { name: 'docs' });
    expect(link).toHaveAttribute('href', 'https://example.com/a');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer nofollow');
    expect(screen.queryByRole('link', { name: 'home' })).toBeNull();
    expect(screen.getByText('home')).toHaveAttribute('title', '/projects/1');
  });

  it('does not load images from elsewhere but names them', () => {
    const { container } = render(<RichText text={'![a cat](https://tracker.example/p.gif)'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('[image: a cat]')).toBeInTheDocument();
  });

  it('shows raw HTML the model wrote as its text', () => {
    render(<RichText text={'Use <b>bold</b> here'} />);
    expect(screen.getByText(/Use <b>bold<\/b> here/)).toBeInTheDocument();
  });
});

// Every payload tries to flip this flag; none may, and none may leave a live element or handler behind.
declare global {
  interface Window {
    __pwned?: boolean;
  }
}

const PAYLOADS = [
  '<script>window.__pwned = true</script>',
  '<img src=x onerror="window.__pwned = true">',
  '<iframe src="javascript:window.__pwned=true"></iframe>',
  '<iframe srcdoc="<script>parent.__pwned=true</script>"></iframe>',
  '<svg onload="window.__pwned=true"><script>window.__pwned=true</script></svg>',
  '<a href="javascript:window.__pwned=true">click</a>',
  '[click](javascript:window.__pwned=true)',
  '[click](JaVaScRiPt:window.__pwned=true)',
  '[data](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD10cnVlPC9zY3JpcHQ+)',
  '![x](javascript:window.__pwned=true)',
  '<div onclick="window.__pwned=true" onmouseover="window.__pwned=true">hover</div>',
  '<object data="javascript:window.__pwned=true"></object><embed src="javascript:window.__pwned=true">',
  '<form action="javascript:window.__pwned=true"><button>go</button></form>',
  '<style>body{background:url("javascript:window.__pwned=true")}</style>',
  '<math><mi xlink:href="javascript:window.__pwned=true">x</mi></math>',
  '```html\n<script>window.__pwned = true</script>\n<img src=x onerror="window.__pwned=true">\n```',
  '`<img src=x onerror="window.__pwned=true">`',
  '[a](https://ok.example "x\\" onmouseover=\\"window.__pwned=true")',
  '<details open ontoggle="window.__pwned=true">x</details>',
];

describe('RichText sanitizer', () => {
  afterEach(() => {
    delete window.__pwned;
  });

  it.each(PAYLOADS)('nothing in %j runs or stays live', async (payload) => {
    const { container } = render(<RichText text={`before\n\n${payload}\n\nafter`} />);
    // Give any handler a chance to fire (image errors, load events).
    await new Promise((r) => setTimeout(r, 20));
    expect(window.__pwned).toBeUndefined();
    expect(container.querySelector('script, iframe, object, embed, form, style, svg, math, details')).toBeNull();
    for (const el of Array.from(container.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) {
        expect(attr.name.startsWith('on'), `${el.tagName} has ${attr.name}`).toBe(false);
        expect(/^\s*(javascript|data|vbscript):/i.test(attr.value), `${el.tagName} ${attr.name}=${attr.value}`).toBe(false);
      }
    }
    expect(container).toHaveTextContent('before');
    expect(container).toHaveTextContent('after');
  });

  it('shows a script the model wrote as visible text, so the labeler can judge it', () => {
    const { container } = render(<RichText text={'<script>window.__pwned = true</script>'} />);
    expect(container).toHaveTextContent('<script>window.__pwned = true</script>');
    expect(container.querySelector('script')).toBeNull();
  });
});
