import { expect, test } from '@playwright/test';
import { signIn } from './helpers';
import { acknowledgeGuidelines, currentAssignment, editorShot, openWorkbench, reloadKeepsDraft, serverView, submitWithKeys } from './label-kit';

test('ranking: a preference by key and a written reason survive a reload and are stored', async ({ page }) => {
  await signIn(page, 'cat@triad.test');
  const pid = await openWorkbench(page, 'Chatbot preferences');
  await acknowledgeGuidelines(page);
  await expect(page.getByRole('region', { name: 'Response A' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Response B' })).toBeVisible();

  const scale = page.getByRole('group', { name: 'Preference' });
  // The first key is the strongest preference for A.
  await page.keyboard.press('1');
  await expect(scale.getByRole('button').first()).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('submit-blocked')).toHaveText('Still to answer: Which response is better?.');
  await page.keyboard.press('r');
  await page.keyboard.type('A is correct and answers the question; B is wrong.');
  await expect(page.getByTestId('submit-blocked')).toHaveCount(0);
  await editorShot(page, 'label-ranking');

  type Pref = { preference: { preferred: number | null; strength: number; reason: string } };
  const check = (a: unknown) => {
    const v = (a as Pref).preference;
    expect(v.preferred).toBe(0);
    expect(v.strength).toBeLessThan(0);
    expect(v.reason).toBe('A is correct and answers the question; B is wrong.');
  };
  await reloadKeepsDraft(page, async () => {
    await expect(page.getByPlaceholder('What makes the preferred response better?')).toHaveValue('A is correct and answers the question; B is wrong.');
  });
  check((await serverView(page, await currentAssignment(page))).draft);

  const { sent, stored } = await submitWithKeys(page, pid);
  check(sent.answer);
  check(stored);
  await expect(page.getByPlaceholder('What makes the preferred response better?')).toHaveValue('');
});
