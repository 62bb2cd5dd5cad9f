import { expect, test } from '@playwright/test';
import { signIn } from './helpers';
import { acknowledgeGuidelines, apiJson, currentAssignment, editorShot, openWorkbench, reloadKeepsDraft, serverView, submitWithKeys } from './label-kit';

test.describe.configure({ mode: 'serial' });

test('classification: number keys choose, Ctrl+Enter submits and the next row is there; a reload keeps the draft', async ({ page }) => {
  await signIn(page, 'cat@triad.test');
  const pid = await openWorkbench(page, 'Review sentiment');
  const submit = page.getByRole('button', { name: /^Submit/ });

  // The review text is on the left; the question on the right; nothing chosen yet, so Submit says why not.
  await expect(page.getByRole('region', { name: 'Row data' })).toContainText(/\w+/);
  await expect(submit).toBeDisabled();
  await expect(page.getByTestId('submit-blocked')).toHaveText(/guideline version 1/);
  await acknowledgeGuidelines(page);
  await expect(page.getByTestId('submit-blocked')).toHaveText('Still to answer: Sentiment.');

  await page.keyboard.press('3');
  await expect(page.getByRole('button', { name: /Negative/ })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('1');
  await expect(page.getByRole('button', { name: /Positive/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: /Negative/ })).toHaveAttribute('aria-pressed', 'false');
  // Undo goes back to the previous choice through the row's one history.
  await page.keyboard.press('Control+z');
  await expect(page.getByRole('button', { name: /Negative/ })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByRole('button', { name: /Positive/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(submit).toBeEnabled();
  await expect(page.getByTestId('submit-blocked')).toHaveCount(0);
  await editorShot(page, 'label-classification');

  const first = await submitWithKeys(page, pid);
  expect(first.sent.answer).toEqual({ sentiment: { labels: ['positive'] } });
  expect(first.sent.clientSubmissionId.length).toBeGreaterThanOrEqual(8);
  expect(first.sent.activeMs).toBeGreaterThan(0);
  expect(first.stored).toEqual({ sentiment: { labels: ['positive'] } });
  await expect(page.getByTestId('done-count')).toHaveText('1');

  // The next row opens empty; a choice is autosaved and survives a reload.
  await expect(page.getByRole('button', { name: /Positive/ })).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('2');
  const id = await currentAssignment(page);
  await reloadKeepsDraft(page, async () => {
    await expect(page.getByRole('button', { name: /Neutral/ })).toHaveAttribute('aria-pressed', 'true');
  });
  expect((await serverView(page, id)).draft).toEqual({ sentiment: { labels: ['neutral'] } });

  // The help overlay lists the workbench keys and the editor's.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Submit and open the next row');
  await expect(help).toContainText('Skip this row');
  await expect(help).toContainText('Undo');
  await expect(help).toContainText('Choose “Neutral”');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  const second = await submitWithKeys(page, pid);
  expect(second.stored).toEqual({ sentiment: { labels: ['neutral'] } });
  // The counter is today's work from the server, so the reload in between does not reset it.
  await expect(page.getByTestId('done-count')).toHaveText('2');
  await expect(page.getByTestId('done-total')).toHaveText('2');
});

test('flag needs expert, escalate, then skip: the row gets the domain, the leads get the question, the claim goes back', async ({ page }) => {
  await signIn(page, 'cat@triad.test');
  const pid = await openWorkbench(page, 'Review sentiment');
  const before = await currentAssignment(page);
  const rowId = (await serverView(page, before)).row.id;

  await page.keyboard.press('Alt+f');
  const flag = page.getByRole('dialog', { name: 'Flag: this row needs an expert' });
  await flag.getByRole('button', { name: 'finance', exact: true }).click();
  await flag.getByLabel('Note for the expert (optional)').fill('Mentions a refund policy.');
  await flag.getByRole('button', { name: 'Flag row' }).click();
  await expect(flag).toHaveCount(0);
  await expect(page.locator('.lb-expertise')).toContainText('finance');
  const row = await apiJson<{ row: { expertise: string[] } }>(page, 'GET', `/api/projects/${pid}/rows/${rowId}`);
  expect(row.body.row.expertise).toEqual(['finance']);

  await page.keyboard.press('Alt+e');
  const esc = page.getByRole('dialog', { name: 'Escalate a question to the leads' });
  await esc.getByLabel('Your question').fill('Is a review about delivery only neutral?');
  // Ctrl+Enter inside the dialog must not submit the row behind it.
  await esc.getByLabel('Your question').press('Control+Enter');
  await expect(page.getByTestId('workbench')).toHaveAttribute('data-assignment', String(before));
  await esc.getByRole('button', { name: 'Send to the leads' }).click();
  await expect(esc).toHaveCount(0);
  await expect(page.getByText('Your question went to the project leads')).toBeVisible();

  await page.keyboard.press('Alt+s');
  await expect(page.getByTestId('workbench')).not.toHaveAttribute('data-assignment', String(before));
  const r = await page.evaluate(async (id) => (await fetch(`/api/assignments/${id}`)).status, before);
  expect(r).toBe(409);
});
