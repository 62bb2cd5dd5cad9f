import { expect, test } from '@playwright/test';
import { signIn } from './helpers';
import { acknowledgeGuidelines, currentAssignment, editorShot, openWorkbench, reloadKeepsDraft, serverView, submitWithKeys } from './label-kit';

test('text: the draft answer rewritten in the editor survives a reload and is stored', async ({ page }) => {
  await signIn(page, 'cat@triad.test');
  const pid = await openWorkbench(page, 'Ideal answers');
  await acknowledgeGuidelines(page);
  const area = page.getByLabel('Your version');
  // A rewrite starts from the original draft answer.
  const original = (await serverView(page, await currentAssignment(page))).row.data.draft as string;
  await expect(area).toHaveValue(original);
  await expect(page.getByRole('region', { name: 'Row data' })).toContainText('Prompt');

  const rewritten = 'A clear, correct answer written the way an expert assistant would put it.';
  await page.keyboard.press('e');
  await expect(area).toBeFocused();
  await page.keyboard.press('Control+a');
  await page.keyboard.type(rewritten);
  await expect(area).toHaveValue(rewritten);
  await editorShot(page, 'label-text');

  await reloadKeepsDraft(page, async () => {
    await expect(page.getByLabel('Your version')).toHaveValue(rewritten);
  });
  expect((await serverView(page, await currentAssignment(page))).draft).toEqual({ ideal: { text: rewritten } });

  await page.getByLabel('Your version').focus();
  const { sent, stored } = await submitWithKeys(page, pid);
  expect(sent.answer).toEqual({ ideal: { text: rewritten } });
  expect(stored).toEqual({ ideal: { text: rewritten } });
  await expect(page.getByLabel('Your version')).not.toHaveValue(rewritten);
});
