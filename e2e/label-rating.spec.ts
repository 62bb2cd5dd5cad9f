import { expect, test } from '@playwright/test';
import { signIn } from './helpers';
import { acknowledgeGuidelines, currentAssignment, editorShot, openWorkbench, reloadKeepsDraft, serverView, submitWithKeys } from './label-kit';

test('rating: scores clicked per criterion and a rationale survive a reload and are stored', async ({ page }) => {
  await signIn(page, 'cat@triad.test');
  const pid = await openWorkbench(page, 'Answer rating');
  await acknowledgeGuidelines(page);
  // The prompt and the response under review are in the data panel.
  await expect(page.getByRole('region', { name: 'Row data' })).toContainText('Prompt');
  await expect(page.getByRole('region', { name: 'Row data' })).toContainText('Response');

  await page.getByRole('button', { name: 'Accuracy: 4' }).click();
  await page.getByRole('button', { name: 'Helpfulness: 3' }).click();
  await page.getByRole('button', { name: 'Instruction following: 5' }).click();
  await page.getByRole('button', { name: 'Safety: 5' }).click();
  await page.getByPlaceholder('Why these scores?').fill('Correct but terse.');
  await expect(page.getByTestId('submit-blocked')).toHaveCount(0);
  await editorShot(page, 'label-rating');

  const expected = { scores: { accuracy: 4, helpfulness: 3, instructions: 5, safety: 5 }, rationale: 'Correct but terse.' };
  await reloadKeepsDraft(page, async () => {
    await expect(page.getByRole('button', { name: 'Accuracy: 4' })).toHaveAttribute('aria-pressed', 'true');
  });
  expect((await serverView(page, await currentAssignment(page))).draft).toEqual({ rubric: expected });

  const { sent, stored } = await submitWithKeys(page, pid);
  expect(sent.answer).toEqual({ rubric: expected });
  expect(stored).toEqual({ rubric: expected });
  await expect(page.getByRole('button', { name: 'Accuracy: 4' })).toHaveAttribute('aria-pressed', 'false');
});
