import { expect, test } from '@playwright/test';
import { shot, signIn, signOut } from './helpers';

// The demo with a history (issue 16 part 6): on a fresh start the lead's first minute shows real figures
// in the project that comes with a week of work (dashboard over days, the per-person Quality tab with the
// careless labeler paused), a reviewer finds rows waiting in its review queue and a labeler rows to label.
const NAME = 'Assistant answer audit';

test('the lead opens the project with a history: dashboard, rows and the per-person view show figures, not empty states', async ({ page }) => {
  await signIn(page, 'lead@triad.test');
  await page.getByRole('link', { name: `Manage ${NAME}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Loading the dashboard' })).toHaveCount(0);
  await expect(page.getByText('No labels yet: the curve starts with the first submission.')).toHaveCount(0);
  await expect(page.getByText('Final', { exact: true }).locator('..')).toContainText(/\d+%/);
  await shot(page, 'demo-history-dashboard');

  await page.getByRole('link', { name: 'Quality', exact: true }).click();
  // The gold rule paused Cat: the leads' notice says why.
  await expect(page.getByRole('alert').filter({ hasText: 'Cat Carter' })).toContainText(/gold accuracy \d+% over your last \d+ gold rows/);
  const table = page.getByRole('table', { name: 'Per-person quality' });
  const row = (name: string) => table.getByRole('row').filter({ hasText: name });
  await expect(row('Ann Annotator')).toContainText(/100% of \d+/);
  await expect(row('Cat Carter')).toContainText('paused');
  await expect(row('Cat Carter')).toContainText(/\d+% of \d+/);
  await expect(page.getByRole('table', { name: "Cohen's kappa per pair of people" }).getByRole('row')).not.toHaveCount(1);
  await shot(page, 'demo-history-quality');

  await page.getByRole('link', { name: 'Rows', exact: true }).click();
  await page.getByLabel('State').selectOption('gold');
  await expect(page.getByRole('listitem').filter({ hasText: 'gold' })).toHaveCount(8);
  await shot(page, 'demo-history-rows-gold');
  await signOut(page);
});

test('a reviewer finds pairs waiting in the review queue; Cat is told she is paused', async ({ page }) => {
  await signIn(page, 'rita@triad.test');
  await page.getByRole('article', { name: NAME }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
  await shot(page, 'demo-history-reviewer-home');
  await page.getByRole('link', { name: /^Review/ }).first().click();
  await expect(page.getByRole('button', { name: 'Take Labeler 1' }).first()).toBeVisible();
  await shot(page, 'demo-history-review');
  await signOut(page);
  await signIn(page, 'cat@triad.test');
  await page.getByRole('article', { name: NAME }).getByRole('link').first().click();
  await page.getByRole('link', { name: /Start labeling/ }).click();
  await expect(page.getByText(/You are paused on this project: gold accuracy \d+% over your last \d+ gold rows/).first()).toBeVisible();
  await shot(page, 'demo-history-paused');
});
