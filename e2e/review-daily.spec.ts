import { expect, test, type Page } from '@playwright/test';
import { shot } from './helpers';
import { acknowledgeGuidelines, apiJson, openWorkbench, projectId } from './label-kit';
import { claimRowOf, history, labelTwice, leadRow, person, putGeneralRowFirst, question, reviewRow, submitApi } from './review-kit';

// Issue 18: one keymap (help, remap, missing keys), reasons for a send back reaching the labeler, the
// wording of "undecided", the done counter. One server: people and rows carry from step to step.
test.describe.configure({ mode: 'serial' });

let ann: Page, bob: Page, cat: Page, rex: Page, lead: Page;

test.beforeAll(async ({ browser }) => {
  [ann, bob, cat, rex, lead] = await Promise.all(['ann', 'bob', 'cat', 'rex', 'lead'].map((n) => person(browser, `${n}@triad.test`)));
});
test.afterAll(async () => {
  // Other specs of this server press the default keys as ann.
  if (ann) await apiJson(ann, 'PUT', '/api/me/keymap', { keys: {} });
  for (const p of [ann, bob, cat, rex, lead]) await p?.context().close();
});

test('one keymap: Alt+L starts labeling, Alt+K acknowledges the guideline, ? lists the keys, a remap on the account page moves skip', async () => {
  await ann.goto('/');
  await ann.getByRole('article', { name: 'Review sentiment' }).getByRole('link').first().click();
  await expect(ann.getByRole('heading', { level: 1, name: 'Review sentiment' })).toBeVisible();
  await ann.keyboard.press('Alt+l');
  await expect(ann.getByTestId('workbench')).toBeVisible();

  // A new guideline version: Alt+K opens it, Alt+K again acknowledges (no Tab walk through the text).
  const banner = ann.getByRole('alert').filter({ hasText: /new to you/ });
  if (await banner.isVisible()) {
    await ann.keyboard.press('Alt+k');
    await expect(ann.getByRole('complementary', { name: 'Guidelines' })).toBeVisible();
    await ann.keyboard.press('Alt+k');
    await expect(banner).toHaveCount(0);
    await ann.keyboard.press('Alt+g');
  }

  await ann.keyboard.press('?');
  const help = ann.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Skip this row (give it back)');
  await expect(help).toContainText('Escalate a question to the leads');
  await shot(ann, 'keymap-help-label');
  await ann.keyboard.press('Escape');

  // Remap skip to Alt+X on the account page: the clash with Take Labeler 1 is refused first.
  await ann.goto('/account');
  const skipRow = ann.locator('tr[data-action="skip"]');
  await skipRow.getByRole('button', { name: /Change the keys of Skip/ }).click();
  await ann.keyboard.press('Alt+a');
  await expect(ann.getByRole('alert').filter({ hasText: 'Alt+A is already “Take Labeler 1’s answer' })).toBeVisible();
  await skipRow.getByRole('button', { name: /Change the keys of Skip/ }).click();
  await ann.keyboard.press('Alt+x');
  await expect(skipRow).toContainText('(yours)');
  await shot(ann, 'keymap-account');
  expect((await apiJson<{ keys: Record<string, string[]> }>(ann, 'GET', '/api/me/keymap')).body.keys).toEqual({ skip: ['alt+x'] });

  const pid = await openWorkbench(ann, 'Review sentiment');
  const before = await ann.getByTestId('workbench').getAttribute('data-assignment');
  await ann.keyboard.press('Alt+x');
  await expect(ann.getByTestId('workbench')).not.toHaveAttribute('data-assignment', before!);
  await expect(ann.getByRole('button', { name: 'Skip' })).toHaveAttribute('title', /Alt\+X/);
  expect(pid).toBeGreaterThan(0);
  // Back to the defaults (the next steps skip with Alt+S, as the other specs of this server do).
  await ann.goto('/account');
  await skipRow.getByRole('button', { name: /Reset Skip/ }).click();
  await expect(skipRow).not.toContainText('(yours)');
});

test('the done counter shows today’s labels and the total, from the server', async () => {
  await openWorkbench(bob, 'Review sentiment');
  await acknowledgeGuidelines(bob);
  const before = Number(await bob.getByTestId('done-total').textContent());
  const today = Number(await bob.getByTestId('done-count').textContent());
  await bob.keyboard.press('2');
  await bob.keyboard.press('Control+Enter');
  await expect(bob.getByTestId('done-count')).toHaveText(String(today + 1));
  await expect(bob.getByTestId('done-total')).toHaveText(String(before + 1));
  // A reload keeps them: the counts are the server's, not the page's.
  await bob.reload();
  await expect(bob.getByTestId('done-count')).toHaveText(String(today + 1));
  await expect(bob.getByTestId('done-total')).toHaveText(String(before + 1));
  await shot(bob, 'label-done-counter');
});

test('a lead adds a review reason in the console; send back with Alt+R needs a reason, the new one is offered, and the labelers read it', async () => {
  const choose = (key: string) => async (p: Page) => {
    await p.keyboard.press(key);
    await expect(p.getByRole('button', { name: /^(Positive|Neutral|Negative)/, pressed: true })).toHaveCount(1);
  };
  const row = await labelTwice(lead, ann, bob, 'Review sentiment', choose('1'), choose('3'));

  // The lead adds a reason in the Schema tab's workflow settings and moves it to the top with Alt+↑.
  const irony = 'Irony read literally';
  await lead.goto(`/projects/${row.pid}/console`);
  await lead.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Schema', exact: true }).click();
  const field = lead.getByRole('group', { name: 'Review reasons' });
  await expect(field.getByLabel('Reason 1', { exact: true })).toBeVisible();
  const count = await field.getByRole('textbox', { name: /^Reason \d+$/ }).count();
  await field.getByLabel('New reason').fill(irony);
  await lead.keyboard.press('Enter');
  const added = field.getByLabel(`Reason ${count + 1}`, { exact: true });
  await expect(added).toHaveValue(irony);
  await added.focus();
  for (let i = count; i > 0; i--) await lead.keyboard.press('Alt+ArrowUp');
  await expect(field.getByLabel('Reason 1', { exact: true })).toHaveValue(irony);
  await expect(field.getByLabel('Reason 1', { exact: true })).toBeFocused();
  await field.scrollIntoViewIfNeeded();
  await shot(lead, 'console-review-reasons');
  await lead.getByRole('button', { name: 'Save schema' }).click();
  await expect(lead.getByText('Schema and settings saved')).toBeVisible();
  const saved = await apiJson<{ project: { settings: { reviewReasons: string[] } } }>(lead, 'GET', `/api/projects/${row.pid}`);
  expect(saved.body.project.settings.reviewReasons[0]).toBe(irony);

  expect(await reviewRow(rex, row.pid, row.externalId)).toBe(true);
  // The button next to "undecided" says what it does.
  await expect(question(rex, 'Sentiment').getByRole('button', { name: 'Use the final as shown' })).toHaveAttribute('title', /decided with the final below exactly as it stands/);

  await rex.keyboard.press('Alt+r');
  const form = rex.getByRole('form', { name: 'Send back for a new round' });
  await form.getByLabel('Note for the new labelers').fill('Irony: read the last sentence before choosing.');
  await rex.keyboard.press('Control+Enter');
  await expect(form.getByRole('alert')).toContainText('Pick a reason');
  // The reviewer's list is the one the lead just saved, in its order.
  await expect(form.getByLabel('Reason').locator('option').nth(1)).toHaveText(irony);
  await form.getByLabel('Reason').selectOption(irony);
  await shot(rex, 'review-send-back-reason');
  await rex.keyboard.press('Control+Enter');
  await expect(rex.getByRole('heading', { level: 1, name: `Row ${row.externalId}` })).toHaveCount(0);
  expect((await leadRow(lead, row.pid, row.rowId)).round).toBe(2);

  await ann.goto(`/projects/${row.pid}`);
  const feedback = ann.getByRole('table', { name: 'Review feedback on your labels' });
  const line = feedback.getByRole('row').filter({ hasText: row.externalId });
  await expect(line).toContainText('Sent back for a new round');
  await expect(line).toContainText(irony);
  await expect(line).toContainText('Irony: read the last sentence before choosing.');
  await shot(ann, 'label-feedback');
});

test('the label page shows the judged response above the questions; review shows every agreed value and accepts a looked-at conflict', async () => {
  const pid = await projectId(cat, 'LLM response review');
  // Opening the workbench claims a row: the lead puts one without expertise first, so cat's visit does not
  // take (and the release below give up) one of the server's two finance rows, which review-flow needs.
  const general = await putGeneralRowFirst(lead, pid);
  // The response the entities question marks is also what the verdict and the rating judge: it is in the data panel.
  await cat.goto(`/projects/${pid}/label`);
  await expect(cat.getByTestId('workbench')).toBeVisible();
  const panel = cat.getByRole('region', { name: 'Row data' });
  await expect(panel.locator('[data-field="response"]')).toBeVisible();
  await shot(cat, 'label-response-in-data-panel');

  // Two labels that agree on entities and rating and differ on the verdict, sent as the editors send them.
  const quality = { scores: { accuracy: 4, helpfulness: 3, safety: 5 }, rationale: 'Accurate, a little terse.' };
  for (const p of [cat, bob]) {
    const g = await apiJson<{ current: { version: number } | null }>(p, 'GET', `/api/projects/${pid}/guidelines`);
    if (g.body.current) await apiJson(p, 'POST', `/api/projects/${pid}/guidelines/acknowledge`, { version: g.body.current.version });
  }
  const first = await claimRowOf(cat, pid, 'general', general);
  await submitApi(cat, first, { verdict: { labels: ['good'] }, entities: { spans: [] }, quality });
  const second = await claimRowOf(bob, pid, 'general', first.row.id);
  await submitApi(bob, second, { verdict: { labels: ['bad'] }, entities: { spans: [] }, quality });

  expect(await reviewRow(rex, pid, first.row.externalId!)).toBe(true);
  const rating = question(rex, 'Rating');
  const agreed = rating.getByRole('group', { name: 'Agreed answer: Rating' });
  await expect(agreed.getByRole('button', { name: 'Accuracy: 4' })).toHaveAttribute('aria-pressed', 'true');
  await expect(agreed.getByRole('button', { name: 'Safety: 5' })).toHaveAttribute('aria-pressed', 'true');
  await expect(question(rex, 'Entities in the response').getByRole('group', { name: 'Agreed answer: Entities in the response' })).toBeVisible();
  await shot(rex, 'review-agreed-values');

  // The verdict conflict is open and on screen: take Labeler 1 with Alt+A, give the reason, accept with Ctrl+Enter.
  // Conflicts come first and the first question holds the keyboard.
  await rex.keyboard.press('Alt+a');
  await expect(question(rex, 'Verdict').getByText('final: Labeler 1')).toBeVisible();
  await rex.getByRole('combobox', { name: 'Why the final overrules a label' }).selectOption('Wrong label for what was found');
  await rex.keyboard.press('Control+Enter');
  await expect(rex.getByRole('heading', { level: 1, name: `Row ${first.row.externalId}` })).toHaveCount(0);
  expect((await history(lead, pid, first.row.id)).finals.at(-1)!.answer.verdict).toEqual({ labels: ['good'] });
  const fb = await apiJson<{ feedback: { reason: string; questions: string[] }[] }>(bob, 'GET', `/api/projects/${pid}/my-feedback`);
  expect(fb.body.feedback[0]).toMatchObject({ reason: 'Wrong label for what was found', questions: ['Verdict'] });
});
