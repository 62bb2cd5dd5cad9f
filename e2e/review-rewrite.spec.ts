import { expect, test, type Page } from '@playwright/test';
import { shot } from './helpers';
import { history, labelTwice, leadRow, person, question, reviewRow } from './review-kit';

// Rewrite review: two labelers rewrite a draft answer in the workbench; the reviewer compares each rewrite
// with the original and with the other in word diffs, takes one, edits the final and accepts it.
test.describe.configure({ mode: 'serial' });

let ann: Page, cat: Page, rex: Page, lead: Page;

test.beforeAll(async ({ browser }) => {
  [ann, cat, rex, lead] = await Promise.all(['ann', 'cat', 'rex', 'lead'].map((n) => person(browser, `${n}@triad.test`)));
});
test.afterAll(async () => {
  for (const p of [ann, cat, rex, lead]) await p?.context().close();
});

/** Edits the draft in the workbench with the keyboard: `e` focuses the text, then the keys given. */
const rewrite = (keys: (p: Page) => Promise<void>) => async (p: Page) => {
  await p.keyboard.press('e');
  await expect(p.getByLabel('Your version')).toBeFocused();
  await keys(p);
};

test('rewrite: word diffs against the original and between the labelers, take one, edit the final, accept', async () => {
  const row = await labelTwice(
    lead, ann, cat, 'Ideal answers',
    rewrite(async (p) => {
      await p.keyboard.press('Control+End');
      await p.keyboard.type(' Checked against the official documentation.');
    }),
    rewrite(async (p) => {
      await p.keyboard.press('Control+Home');
      await p.keyboard.type('In short: ');
    }),
  );
  expect(await reviewRow(rex, row.pid, row.externalId)).toBe(true);

  const q = question(rex, 'Ideal answer');
  const diff = q.getByRole('region', { name: 'Word diff' });
  const tabs = diff.getByRole('tab');
  await expect(tabs).toHaveText([/^Labeler 1 vs original \+5 −0$/, /^Labeler 2 vs original \+2 −0$/, /^Labeler 1 vs Labeler 2 \+2 −5$/]);
  const panel = diff.getByRole('tabpanel');
  await expect(panel.locator('ins')).toHaveText([' Checked against the official documentation.'.trimStart()]);
  await expect(panel.getByText('5 words added')).toBeVisible();

  // The final editor shows the original beside the final, and the final's diff below.
  const final = q.getByRole('region', { name: 'Final answer' });
  const box = final.getByLabel('Your version');
  await expect(box).toBeVisible();
  await shot(rex, 'review-rewrite');

  await tabs.nth(2).click();
  await expect(panel.getByTitle('only Labeler 2')).toHaveText(['In short:']);
  await rex.keyboard.press('ArrowLeft');
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(panel.locator('ins')).toHaveText(['In short:']);

  // Take Labeler 2, then write the final: both additions, one typed by the reviewer.
  await q.getByRole('button', { name: 'Take Labeler 2' }).click();
  await expect(q.getByRole('button', { name: 'Take Labeler 2' })).toHaveAttribute('aria-pressed', 'true');
  const taken = await box.inputValue();
  expect(taken.startsWith('In short: ')).toBe(true);
  await box.click();
  await rex.keyboard.press('Control+End');
  await rex.keyboard.type(' Reviewed.');
  await expect(box).toHaveValue(`${taken} Reviewed.`);
  const changes = final.getByLabel('Changes');
  await expect(changes.locator('ins')).toHaveText(['In short:', 'Reviewed.']);
  await expect(final.getByText('3 words added')).toBeVisible();
  await shot(rex, 'review-rewrite-edited');

  await rex.keyboard.press('Escape');
  await rex.keyboard.press('Control+Enter');
  await expect(rex.getByRole('heading', { level: 1, name: `Row ${row.externalId}` })).toHaveCount(0);
  const h = await history(lead, row.pid, row.rowId);
  expect(h.finals.at(-1)).toMatchObject({ source: 'qa', answer: { ideal: { text: `${taken} Reviewed.` } }, choices: { ideal: 'edited' } });
  expect((await leadRow(lead, row.pid, row.rowId)).state).toBe('final');
});
