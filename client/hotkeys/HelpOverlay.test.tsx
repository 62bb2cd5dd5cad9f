import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HelpOverlay } from './HelpOverlay';
import { HotkeyDispatcher } from './dispatcher';
import { HotkeyContext, useHotkeys, useQuestionScope } from './useHotkeys';

afterEach(cleanup);

function Question({ id, title, active }: { id: string; title: string; active: boolean }) {
  const scope = useQuestionScope(id, active, title);
  useHotkeys([{ id: 'pick', keys: '1', scope, group: 'Labels', description: `Pick in ${title}`, run: () => {} }], [scope]);
  return null;
}

describe('HelpOverlay', () => {
  it('lists the global bindings and the active question’s, grouped by scope, and closes on Escape', async () => {
    const user = userEvent.setup();
    const d = new HotkeyDispatcher(false);
    d.register({ id: 'submit', keys: 'mod+enter', scope: 'global', group: 'Row', description: 'Submit the row', run: () => {} });
    const onClose = vi.fn();
    const { rerender } = render(
      <HotkeyContext.Provider value={d}>
        <Question id="a" title="Sentiment" active />
        <Question id="b" title="Topic" active={false} />
        <HelpOverlay open onClose={onClose} />
      </HotkeyContext.Provider>,
    );
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    const general = within(dialog).getByRole('region', { name: 'General' });
    expect(general).toHaveTextContent('CtrlEnterSubmit the row');
    expect(within(dialog).getByRole('region', { name: 'Sentiment' })).toHaveTextContent('Pick in Sentiment');
    expect(within(dialog).queryByRole('region', { name: 'Topic' })).toBeNull();
    rerender(
      <HotkeyContext.Provider value={d}>
        <Question id="a" title="Sentiment" active={false} />
        <Question id="b" title="Topic" active />
        <HelpOverlay open onClose={onClose} />
      </HotkeyContext.Provider>,
    );
    expect(within(dialog).getByRole('region', { name: 'Topic' })).toHaveTextContent('Pick in Topic');
    expect(within(dialog).queryByRole('region', { name: 'Sentiment' })).toBeNull();
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalled();
  });
});
