import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Conversation } from '@shared/conversation';
import { preloadRichText } from './RichText';
import { Transcript } from './Transcript';

beforeAll(() => preloadRichText());
afterEach(cleanup);

const chat: Conversation = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Sort a list in **Python**?' },
  {
    role: 'assistant',
    content: 'Use `sorted`:\n\n```python\nprint(sorted([3, 1]))\n```',
    tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'run_python', arguments: '{"code":"print(1)"}' } }],
  },
  { role: 'tool', tool_call_id: 'call_1', content: '{"stdout":"1\\n"}' },
  { role: 'assistant', content: [{ type: 'text', text: 'Done.' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${'A'.repeat(5000)}` } }] },
];

describe('Transcript', () => {
  it('shows one block per message with its role, number and data-turn', () => {
    const { container } = render(<Transcript messages={chat} />);
    const turns = container.querySelectorAll('[data-turn]');
    expect(Array.from(turns, (t) => t.getAttribute('data-turn'))).toEqual(['0', '1', '2', '3', '4']);
    expect(Array.from(turns, (t) => t.querySelector('.tr-role')?.textContent)).toEqual(['System', 'User', 'Assistant', 'Tool', 'Assistant']);
    expect(screen.getByRole('article', { name: 'User, message 2' })).toHaveClass('tr-user');
  });

  it('renders user and assistant text as markdown with highlighted code', () => {
    const { container } = render(<Transcript messages={chat} />);
    expect(within(container.querySelector('[data-turn="1"]')!).getByText('Python').tagName).toBe('STRONG');
    const code = container.querySelector('[data-turn="2"] pre code.language-python');
    expect(code?.querySelector('.hljs-built_in')).toHaveTextContent('print');
  });

  it('shows tool calls and results as titled, indented JSON, and names the call a result answers', () => {
    const { container } = render(<Transcript messages={chat} />);
    const call = container.querySelector('[data-turn="2"] .tr-code')!;
    expect(call.querySelector('figcaption')).toHaveTextContent('Tool call: run_python');
    expect(call.querySelector('code.language-json')?.textContent).toBe('{\n  "code": "print(1)"\n}\n');
    const result = container.querySelector('[data-turn="3"]')!;
    expect(result).toHaveTextContent('answers call_1');
    expect(result.querySelector('code.language-json')?.textContent).toBe('{\n  "stdout": "1\\n"\n}\n');
  });

  it('shows other parts as JSON with long strings cut', () => {
    const { container } = render(<Transcript messages={chat} />);
    const image = container.querySelector('[data-turn="4"] .tr-code')!;
    expect(image.querySelector('figcaption')).toHaveTextContent('Image');
    expect(image).toHaveTextContent('(5022 characters)');
    expect(image.textContent!.length).toBeLessThan(700);
    expect(container.querySelector('img')).toBeNull();
  });

  it('marks the active turn and scrolls it into view when it changes', () => {
    const scroll = vi.fn();
    Element.prototype.scrollIntoView = scroll;
    try {
      const { container, rerender } = render(<Transcript messages={chat} activeTurn={2} />);
      expect(container.querySelector('[data-turn="2"]')).toHaveAttribute('aria-current', 'true');
      expect(container.querySelectorAll('.is-active')).toHaveLength(1);
      scroll.mockClear();
      // jsdom lays nothing out: every box is 0×0 at the top, so a turn counts as out of sight only below it.
      vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({ top: 2000, bottom: 2100, height: 100 } as DOMRect);
      rerender(<Transcript messages={chat} activeTurn={4} />);
      expect(container.querySelector('[data-turn="4"]')).toHaveClass('is-active');
      expect(container.querySelector('[data-turn="2"]')).not.toHaveClass('is-active');
      expect(scroll).toHaveBeenCalledTimes(1);
    } finally {
      vi.restoreAllMocks();
      delete (Element.prototype as Partial<Element>).scrollIntoView;
    }
  });

  it('puts what the caller renders after each turn right after it', () => {
    const { container } = render(<Transcript messages={chat} renderAfterTurn={(i) => (chat[i].role === 'assistant' ? <p className="q">question on {i}</p> : null)} />);
    const qs = container.querySelectorAll('.q');
    expect(Array.from(qs, (q) => q.textContent)).toEqual(['question on 2', 'question on 4']);
    expect(qs[0].previousElementSibling).toHaveAttribute('data-turn', '2');
  });

  it('says when a message has no content', () => {
    render(<Transcript messages={[{ role: 'assistant', content: null }]} />);
    expect(screen.getByText('(no content)')).toBeInTheDocument();
  });
});
