import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createProjectBody } from '@shared/api/projects';
import { describeError } from '@shared/tasks/common';
import { LLAMA2_SCALE } from '@shared/tasks/ranking';
import { TASK_TYPES, starterSchema, type StarterInput } from '../../pages/starterSchemas';
import NewProject from '../../pages/NewProject';
import { fakeApi, renderAt, signedInEachTest } from '../../testing/fakeApi';

signedInEachTest();

const defaults = TASK_TYPES.find((t) => t.type === 'ranking')!.defaults;
const schema = (patch: Partial<StarterInput>) => {
  const s = starterSchema('ranking', { ...defaults, ...patch });
  const parsed = createProjectBody.safeParse({ name: 'x', schema: s });
  expect(parsed.success, parsed.success ? '' : describeError(parsed.error)).toBe(true);
  return s;
};

describe('ranking starter', () => {
  it('keeps the 7-point scale by default, one question', () => {
    const s = schema({});
    expect(s).toHaveLength(1);
    expect(s[0].config).toEqual({ mode: 'pairwise', promptField: 'prompt' });
  });

  it("offers Llama 2's four levels, and helpfulness and safety as two questions on the same pair", () => {
    const s = schema({ rankingScale: 'llama2', rankingSafety: true, title: 'Which response is more helpful?' });
    expect(s.map((q) => [q.id, q.title])).toEqual([['preference', 'Which response is more helpful?'], ['safety', 'Which response is safer?']]);
    expect(s[0].config).toMatchObject({ scale: LLAMA2_SCALE, allowTie: false, promptField: 'prompt' });
    // The safety question reads the same fields and scale, and leaves showing them to the first.
    expect(s[1].config).toMatchObject({ scale: LLAMA2_SCALE, allowTie: false, promptField: 'prompt', showTexts: false, flagClaims: false });
  });

  it('an order has neither scale nor safety question', () => {
    const s = schema({ rankingMode: 'order', rankingScale: 'llama2', rankingSafety: true });
    expect(s).toHaveLength(1);
    expect(s[0].config).toEqual({ mode: 'order', promptField: 'prompt' });
  });

  it('the new-project form sends both questions', async () => {
    const api = fakeApi({
      'POST /api/projects': (call) => ({ project: { id: 7, ...(call.body as object), roles: ['lead'], archived: false, createdAt: 0 } }),
    });
    renderAt(<NewProject />, '/projects/new');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name'), 'Chat pairs');
    await user.click(screen.getByLabelText(/^Response ranking/));
    await user.selectOptions(screen.getByLabelText('Strength scale'), 'llama2');
    await user.click(screen.getByLabelText(/Also ask which is safer/));
    await user.click(screen.getByRole('button', { name: 'Create project' }));
    const body = api.callsTo('POST', '/api/projects')[0].body as { schema: Array<{ id: string; title: string }> };
    expect(body.schema.map((q) => [q.id, q.title])).toEqual([['preference', 'Which response is more helpful?'], ['safety', 'Which response is safer?']]);
  });
});
