import { expect, test, type Page } from '@playwright/test';
import { shot, signIn, signOut } from './helpers';
import { apiJson, openWorkbench } from './label-kit';

// Gold rows and the automatic pause (issue 16): a careless labeler answers the gold rows wrong, falls below
// the project's gold accuracy and is paused (the workbench says why and whom to ask); the lead sees the
// notice in the console's Quality tab, reads the per-person table and resumes them; they get rows again.
test.describe.configure({ mode: 'serial' });

const NAME = 'Gold check';
const schema = [{
  id: 'sentiment', type: 'classification', title: 'Sentiment',
  config: { field: 'text', labels: [{ value: 'positive', hotkey: '1' }, { value: 'negative', hotkey: '2' }] },
}];

async function importLines(page: Page, pid: number, lines: unknown[]) {
  const status = await page.evaluate(async ({ pid, body }) => (await fetch(`/api/projects/${pid}/imports`, { method: 'POST', body })).status,
    { pid, body: lines.map((l) => JSON.stringify(l)).join('\n') });
  expect(status).toBe(200);
}

let pid = 0;

test('a lead sets up gold rows: imported with a reference, served first, pause below 50% after 2', async ({ page }) => {
  await signIn(page, 'lead@triad.test');
  const p = await apiJson<{ project: { id: number } }>(page, 'POST', '/api/projects', {
    name: NAME, schema, settings: { gold: { firstRows: 2, percent: 0, pauseBelow: 50, pauseAfter: 2 } },
  });
  expect(p.status).toBe(201);
  pid = p.body.project.id;
  expect((await apiJson(page, 'POST', `/api/projects/${pid}/members`, { email: 'cat@triad.test', roles: ['annotator'] })).status).toBe(201);
  await importLines(page, pid, [
    // Ids that say nothing: the labeler sees the external id, and a gold row must look like any other.
    { id: 'rv-101', data: { text: 'I love this blender, it works perfectly.' }, gold: { sentiment: { labels: ['positive'] } } },
    { id: 'rv-102', data: { text: 'Best purchase this year, five stars.' }, gold: { sentiment: { labels: ['positive'] } } },
    ...Array.from({ length: 4 }, (_, i) => ({ id: `rv-${103 + i}`, data: { text: `An ordinary review number ${i + 1}.` } })),
  ]);
  await page.goto(`/projects/${pid}/console/quality`);
  const form = page.getByRole('form', { name: 'Gold settings' });
  await expect(form.getByLabel(/Pause below/)).toHaveValue('50');
  await signOut(page);
});

test('a careless labeler answers the gold rows wrong and is paused', async ({ page }) => {
  await signIn(page, 'cat@triad.test');
  await openWorkbench(page, NAME);
  for (let i = 0; i < 2; i++) {
    const before = await page.getByTestId('workbench').getAttribute('data-assignment');
    await page.keyboard.press('2');
    await expect(page.getByRole('button', { name: /negative/i })).toHaveAttribute('aria-pressed', 'true');
    const res = page.waitForResponse((r) => r.url().endsWith(`/api/assignments/${before}/submit`));
    await page.keyboard.press('Control+Enter');
    expect((await res).status()).toBe(200);
    if (i === 0) await expect(page.getByTestId('workbench')).not.toHaveAttribute('data-assignment', String(before));
  }
  // Paused: the row claimed ahead went back to the pool and no new one comes; the page says why and whom to ask.
  await expect(page.getByText(/You are paused on this project: gold accuracy 0% over your last 2 gold rows, below the project's 50%\. Ask Lena Lead/).first()).toBeVisible();
  await shot(page, 'gold-paused-labeler');
  const next = await apiJson<{ error: { message: string } }>(page, 'POST', `/api/projects/${pid}/next`, { role: 'label' });
  expect(next.status).toBe(403);
  await signOut(page);
});

test('the lead sees the notice and the per-person figures, resumes the labeler, who gets rows again', async ({ page }) => {
  await signIn(page, 'lead@triad.test');
  await page.goto(`/projects/${pid}/console/quality`);
  const notice = page.getByRole('alert').filter({ hasText: 'Cat Carter' });
  await expect(notice).toContainText('gold accuracy 0% over your last 2 gold rows');
  const table = page.getByRole('table', { name: 'Per-person quality' });
  const cat = table.getByRole('row').filter({ hasText: 'Cat Carter' });
  await expect(cat).toContainText('0% of 2');
  // Both gold answers fell on one day.
  await expect(cat).toContainText('0/2');
  await expect(cat).toContainText('paused');
  await cat.getByRole('button', { name: /Cat Carter/ }).click();
  await expect(table.getByRole('row').filter({ hasText: '↳ Sentiment' })).toContainText('0% of 2');
  await shot(page, 'gold-quality-tab-paused');
  await notice.getByRole('button', { name: 'Resume Cat Carter' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Cat Carter' })).toHaveCount(0);
  await expect(cat).not.toContainText('paused');
  await shot(page, 'gold-quality-tab-resumed');
  await signOut(page);

  await signIn(page, 'cat@triad.test');
  await openWorkbench(page, NAME);
  await expect(page.getByTestId('workbench')).toHaveAttribute('data-assignment', /\d+/);
});
