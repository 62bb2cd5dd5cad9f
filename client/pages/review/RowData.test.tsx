import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { preloadRichText } from '../../components/rich/RichText';
import { RowData } from './RowData';

beforeAll(async () => {
  await preloadRichText();
});
afterEach(cleanup);

const conversation = [
  { role: 'user', content: 'What is 2^10?' },
  { role: 'assistant', content: '**1024**, since $2^{10} = 1024$.' },
  { role: 'user', content: 'And in binary?' },
  { role: 'assistant', content: '```\n10000000000\n```' },
];

describe('RowData', () => {
  it('shows a conversation as a transcript and marks the turn the reviewer is on', () => {
    render(<RowData data={{ conversation, domain: 'math' }} focus={{ field: 'conversation', each: 'turn', index: 3 }} />);
    const data = screen.getByRole('region', { name: 'Row data' });
    const chat = within(data).getByRole('region', { name: 'Conversation' });
    expect(chat.querySelectorAll('[data-turn]')).toHaveLength(4);
    expect(chat.querySelector('[data-turn="1"] strong')).toHaveTextContent('1024');
    expect(chat.querySelector('[data-turn="1"] .rich-math')).toHaveTextContent('$2^{10} = 1024$');
    expect(chat.querySelector('[data-turn="3"]')).toHaveAttribute('aria-current', 'true');
    expect(within(data).getByText('math')).toBeInTheDocument();
  });

  it('shows long text and each response as markdown, marking the response in focus', () => {
    const responses = ['Plain `code` answer.', 'A list:\n\n- one\n- two'];
    render(<RowData data={{ prompt: 'Compare these two answers about *sorting* please.', responses }} focus={{ field: 'responses', each: 'response', index: 0 }} />);
    const data = screen.getByRole('region', { name: 'Row data' });
    expect(within(data).getByText('sorting').tagName).toBe('EM');
    const items = data.querySelectorAll('li[data-response]');
    expect(items[0].querySelector('code')).toHaveTextContent('code');
    expect(items[0]).toHaveAttribute('aria-current', 'true');
    expect(items[1].querySelectorAll('ul li')).toHaveLength(2);
  });

  it('keeps hostile text inert and shows it as text', () => {
    const evil = 'see <script>window.__pwned=1</script> and [go](javascript:window.__pwned=1)';
    render(<RowData data={{ notes: evil }} />);
    const data = screen.getByRole('region', { name: 'Row data' });
    expect(data.querySelector('script, a')).toBeNull();
    expect(data).toHaveTextContent('see <script>window.__pwned=1</script> and go');
  });
});
