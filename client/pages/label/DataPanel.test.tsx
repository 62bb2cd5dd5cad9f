import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { schemaSchema } from '@shared/tasks/question';
import { preloadRichText } from '../../components/rich/RichText';
import { DataPanel } from './DataPanel';

beforeAll(async () => {
  await preloadRichText();
});
afterEach(cleanup);

const schema = schemaSchema.parse([
  { id: 'verdict', type: 'classification', title: 'Verdict', config: { labels: [{ value: 'ok' }, { value: 'bad' }] } },
]);

const messages = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Reverse a list in **Python**?' },
  { role: 'assistant', content: 'Use slicing:\n\n```python\nitems[::-1]\n```' },
  { role: 'user', content: 'And in place?' },
  { role: 'assistant', content: 'Call `items.reverse()`.' },
];

const region = () => screen.getByRole('region', { name: 'Row data' });

describe('DataPanel', () => {
  it('shows a conversation field as a transcript, one block per message with its role', () => {
    render(<DataPanel schema={schema} data={{ messages }} />);
    const chat = within(region()).getByRole('region', { name: 'Messages' });
    const turns = chat.querySelectorAll('[data-turn]');
    expect(turns).toHaveLength(5);
    expect(within(turns[1] as HTMLElement).getByText('Python').tagName).toBe('STRONG');
    expect(turns[2].querySelector('pre code.language-python')).toHaveTextContent('items[::-1]');
    expect(Array.from(turns, (t) => t.querySelector('.tr-role')?.textContent)).toEqual(['System', 'User', 'Assistant', 'User', 'Assistant']);
  });

  it('highlights the turn a per-turn question is on', () => {
    const { rerender } = render(<DataPanel schema={schema} data={{ messages }} focus={{ field: 'messages', each: 'turn', index: 2 }} />);
    expect(region().querySelector('[data-turn="2"]')).toHaveAttribute('aria-current', 'true');
    rerender(<DataPanel schema={schema} data={{ messages }} focus={{ field: 'messages', each: 'turn', index: 4 }} />);
    expect(region().querySelector('[data-turn="2"]')).not.toHaveAttribute('aria-current');
    expect(region().querySelector('[data-turn="4"]')).toHaveAttribute('aria-current', 'true');
  });

  it('shows long text as markdown with highlighted code, and short facts as they are', () => {
    const answer = 'Here is **the fix**:\n\n```js\nconst x = 1;\n```\n\n| rate | value |\n| - | - |\n| APR | 5% |';
    render(<DataPanel schema={schema} data={{ domain: '**finance**', answer }} />);
    const facts = region().querySelector('.lb-data-facts')!;
    expect(facts).toHaveTextContent('**finance**');
    expect(facts.querySelector('strong')).toBeNull();
    const field = region().querySelector('[data-field="answer"]')!;
    expect(within(field as HTMLElement).getByText('the fix').tagName).toBe('STRONG');
    expect(field.querySelector('code.language-js .hljs-keyword')).toHaveTextContent('const');
    expect(within(field as HTMLElement).getByRole('cell', { name: '5%' })).toBeInTheDocument();
  });

  it('shows each response of a list as markdown and marks the one a per-response question is on', () => {
    const responses = ['Use `sorted()`.', 'Write a **bubble sort**.'];
    render(<DataPanel schema={schema} data={{ responses }} focus={{ field: 'responses', each: 'response', index: 1 }} />);
    const items = region().querySelectorAll('li[data-response]');
    expect(items).toHaveLength(2);
    expect(items[0].querySelector('code')).toHaveTextContent('sorted()');
    expect(items[1].querySelector('strong')).toHaveTextContent('bubble sort');
    expect(items[1]).toHaveAttribute('aria-current', 'true');
    expect(items[0]).not.toHaveAttribute('aria-current');
  });

  it('keeps hostile markdown in a field inert', () => {
    const evil = '<img src=x onerror="window.__pwned=1"> [x](javascript:window.__pwned=1) <iframe src="/"></iframe>';
    render(<DataPanel schema={schema} data={{ notes: evil, messages: [{ role: 'assistant', content: evil }] }} />);
    expect(region().querySelector('img, iframe, script')).toBeNull();
    expect(region().querySelector('a')).toBeNull();
    expect(Array.from(region().querySelectorAll('*')).flatMap((el) => Array.from(el.attributes, (a) => a.name)).filter((n) => n.startsWith('on'))).toEqual([]);
    expect(region().querySelector('[data-field="notes"]')).toHaveTextContent('<img src=x onerror="window.__pwned=1">');
  });

  it('shows other structured values as JSON', () => {
    render(<DataPanel schema={schema} data={{ meta: { source: 'web', tags: ['a'] } }} />);
    expect(region().querySelector('pre.lb-data-json')?.textContent).toBe('{\n  "source": "web",\n  "tags": [\n    "a"\n  ]\n}');
  });

  it('shows the response an entities question draws when other questions judge it, above the rest', () => {
    const judged = schemaSchema.parse([
      { id: 'verdict', type: 'classification', title: 'Verdict', config: { field: 'response', labels: [{ value: 'ok' }, { value: 'bad' }] } },
      { id: 'entities', type: 'ner', title: 'Entities in the response', config: { field: 'response', labels: [{ value: 'ORG' }] } },
    ]);
    render(<DataPanel schema={judged} data={{ source: 'chat log', response: 'Acme Corp shipped the fix on Monday.' }} />);
    const fields = [...region().querySelectorAll('[data-field]')].map((f) => f.getAttribute('data-field'));
    expect(fields).toEqual(['response']);
    expect(region()).toHaveTextContent('Acme Corp shipped the fix on Monday.');
    // Drawn by the entities editor and asked about by nobody else: not shown twice.
    cleanup();
    const onlyNer = schemaSchema.parse([judged[1]]);
    render(<DataPanel schema={onlyNer} data={{ response: 'Acme Corp shipped the fix on Monday.', source: 'chat log' }} />);
    expect(region()).not.toHaveTextContent('Acme Corp');
  });
});
