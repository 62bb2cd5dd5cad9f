import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { LLAMA2_SCALE, rankingConfig } from '@shared/tasks/ranking';
import ConfigEditor, { scalePreset } from './ConfigEditor';

afterEach(cleanup);

/** The form over a config it writes back, as the schema builder holds it (an unset key is removed). */
function Harness({ initial, seen }: { initial: Record<string, unknown>; seen: (c: Record<string, unknown>) => void }) {
  const [config, setConfig] = useState(initial);
  return (
    <ConfigEditor
      prefix="q0" issues={[]} config={config}
      set={(patch) => setConfig((c) => {
        const next = { ...c, ...patch } as Record<string, unknown>;
        for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
        seen(next);
        return next;
      })}
    />
  );
}

describe('ranking config editor', () => {
  it("switches the scale between the 7-point default and Llama 2's four levels (no tie), and back", async () => {
    const user = userEvent.setup();
    const seen = vi.fn();
    render(<Harness initial={{}} seen={seen} />);
    expect(screen.getByText(/default 7-point scale/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /Use Llama 2/ }));
    const llama = seen.mock.calls.at(-1)![0];
    expect(llama).toEqual({ scale: LLAMA2_SCALE, allowTie: false });
    expect(rankingConfig.parse(llama).scale.map((s) => s.margin)).toEqual([1, 2 / 3, 1 / 3, 0, 0, 1 / 3, 2 / 3, 1]);
    // The preset's steps are a table with their margins, editable.
    expect(screen.getByText(/Llama 2’s forced choice/)).toBeTruthy();
    expect(screen.getByLabelText('Scale step 1 title')).toHaveValue('A significantly better');
    await user.clear(screen.getByLabelText('Scale step 4 margin'));
    await user.type(screen.getByLabelText('Scale step 4 margin'), '0.1');
    expect(seen.mock.calls.at(-1)![0].scale[3]).toMatchObject({ title: 'A negligibly better / unsure', margin: 0.1 });
    expect(scalePreset(seen.mock.calls.at(-1)![0].scale)).toBe('custom');
    await user.click(screen.getByRole('button', { name: 'Use the 7-point default' }));
    expect(seen.mock.calls.at(-1)![0]).toEqual({});
  });

  it('order mode asks about ties instead of the scale', async () => {
    const user = userEvent.setup();
    const seen = vi.fn();
    render(<Harness initial={{ mode: 'order' }} seen={seen} />);
    expect(screen.queryByText(/Strength scale/)).toBeNull();
    expect(screen.queryByLabelText('Allow a tie')).toBeNull();
    await user.click(screen.getByLabelText(/Allow ties/));
    expect(seen.mock.calls.at(-1)![0]).toEqual({ mode: 'order', orderTies: true });
  });
});
