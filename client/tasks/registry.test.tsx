import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { TASK_TYPES, type TaskType } from '@shared/tasks/types';
import { questionSchema, type Question } from '@shared/tasks/question';
import { clientTaskModule, clientTaskModules } from './registry';
import { TaskEditor } from './TaskEditor';
import { HotkeyDispatcher } from '../hotkeys/dispatcher';
import { HotkeyContext } from '../hotkeys/useHotkeys';

afterEach(cleanup);

const configs: { [T in TaskType]: unknown } = {
  classification: { labels: ['a', 'b'] },
  ner: { labels: ['PER'] },
  bbox: { labels: ['car'] },
  audio: { labels: ['speech'] },
  ranking: {},
  rating: { criteria: [{ id: 'x', title: 'X' }] },
  text: {},
};

describe('client task registry', () => {
  it('has a lazily loaded editor and hotkey help for every task type', () => {
    for (const type of TASK_TYPES) {
      const m = clientTaskModule(type);
      expect(m.type).toBe(type);
      expect((m.Editor as unknown as { $$typeof: symbol }).$$typeof).toBe(Symbol.for('react.lazy'));
      const q = questionSchema.parse({ id: 'q', type, title: 'Q', config: configs[type] });
      const help = (m.hotkeys as (c: unknown) => { keys: unknown; description: string }[])(q.config);
      expect(Array.isArray(help)).toBe(true);
      for (const h of help) expect(h.description).not.toBe('');
    }
    expect(Object.keys(clientTaskModules).sort()).toEqual([...TASK_TYPES].sort());
  });

  it('renders any question through TaskEditor, loading its editor on demand', async () => {
    const user = userEvent.setup();
    const q: Question = questionSchema.parse({ id: 'topic', type: 'classification', title: 'Topic', config: { labels: ['sports', 'politics'] } });
    const seen: unknown[] = [];
    const dispatcher = new HotkeyDispatcher(false);
    function Page() {
      const [value, setValue] = useState<unknown>(undefined);
      return (
        <TaskEditor
          question={q}
          data={{}}
          value={value}
          onChange={(v) => {
            seen.push(v);
            setValue(v);
          }}
          active
        />
      );
    }
    render(
      <HotkeyContext.Provider value={dispatcher}>
        <Page />
      </HotkeyContext.Provider>,
    );
    expect(screen.getByText('Loading the editor…')).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: /politics/ }));
    expect(seen).toEqual([{ labels: ['politics'] }]);
    act(() => void dispatcher.handle(new KeyboardEvent('keydown', { key: '1', cancelable: true })));
    expect(seen.at(-1)).toEqual({ labels: ['sports'] });
  });

  it('contains a failing editor in its own boundary, naming the hotkey conflict', async () => {
    const dispatcher = new HotkeyDispatcher(false);
    dispatcher.register({ id: 'mine', keys: '1', scope: 'global', description: 'Something global', run: () => {} });
    const q: Question = questionSchema.parse({ id: 'topic', type: 'classification', title: 'Topic', config: { labels: ['sports'] } });
    const error = console.error;
    console.error = () => {};
    try {
      render(
        <HotkeyContext.Provider value={dispatcher}>
          <TaskEditor question={q} data={{}} value={undefined} onChange={() => {}} active />
          <p>other questions still render</p>
        </HotkeyContext.Provider>,
      );
      expect(await screen.findByRole('alert')).toHaveTextContent(/“Topic” failed: hotkey conflict: "1".*"mine"/);
      expect(screen.getByText('other questions still render')).toBeInTheDocument();
    } finally {
      console.error = error;
    }
  });
});
