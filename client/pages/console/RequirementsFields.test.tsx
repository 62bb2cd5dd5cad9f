import { describe, expect, it } from 'vitest';
import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DEFAULT_SETTINGS, type ProjectSettings } from '@shared/project';
import { RequirementsFields } from './RequirementsFields';

let latest: ProjectSettings = DEFAULT_SETTINGS;
function Harness() {
  const [s, set] = useState<ProjectSettings>(DEFAULT_SETTINGS);
  latest = s;
  return <RequirementsFields settings={s} onChange={set} />;
}

describe('project requirements', () => {
  it('sets a minimum score per skill type and required expertise, and drops the setting when emptied', async () => {
    render(<Harness />);
    const u = userEvent.setup();
    await u.type(screen.getByLabelText('Minimum Evaluation score'), '3.5');
    await u.type(screen.getByLabelText('Required expertise'), 'Finance, cs');
    expect(latest.requirements).toEqual({ skills: { Evaluation: 3.5 }, expertise: ['finance', 'cs'] });
    await u.clear(screen.getByLabelText('Minimum Evaluation score'));
    await u.clear(screen.getByLabelText('Required expertise'));
    expect(latest.requirements).toBeUndefined();
  });
});
