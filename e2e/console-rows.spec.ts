import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD, shot, signIn } from './helpers';
import { apiJson } from './label-kit';

// The lead's rows browser (issue 18 items 7-8): a list as long as the page, search, filters, sorting by a
// column, a row's detail with its timeline and both labels compared, releasing a stuck claim and changing
// a priority, all by a lead with the mouse and the keyboard.
test.describe.configure({ mode: 'serial' });

const NAME = 'Rows browser';
const schema = [{
  id: 'sentiment', type: 'classification', title: 'Sentiment',
  config: { field: 'text', labels: [{ value: 'positive', hotkey: '1' }, { value: 'negative', hotkey: '2' }] },
}];
let pid = 0;

async function api(ctx: APIRequestContext, method: 'GET' | 'POST', path: string, data?: unknown) {
  const res = await ctx.fetch(path, { method, data });
  return { status: res.status(), body: await res.json().catch(() => null) };
}
async function person(baseURL: string, email: string) {
  const ctx = await request.newContext({ baseURL });
  expect((await api(ctx, 'POST', '/api/auth/login', { email, password: DEMO_PASSWORD })).status).toBe(200);
  return ctx;
}

test('a lead imports 150 rows; Ann and Bob label a finance row apart; Cat claims a row and goes quiet', async ({ page, baseURL }) => {
  await signIn(page, 'lead@triad.test');
  const p = await apiJson<{ project: { id: number } }>(page, 'POST', '/api/projects', { name: NAME, schema });
  expect(p.status).toBe(201);
  pid = p.body.project.id;
  for (const email of ['ann@triad.test', 'bob@triad.test', 'cat@triad.test']) {
    expect((await apiJson(page, 'POST', `/api/projects/${pid}/members`, { email, roles: ['annotator'] })).status).toBe(201);
  }
  const lines = Array.from({ length: 150 }, (_, i) => {
    const n = String(i + 1).padStart(3, '0');
    const invoice = i % 25 === 4;
    return {
      id: `row-${n}`, priority: i === 4 ? 5 : 0, expertise: invoice ? ['finance'] : [],
      text: invoice ? `The invoice ${n} was paid late and the fee doubled.` : `Review ${n}: the blender works as promised.`,
    };
  });
  const status = await page.evaluate(async ({ pid, body }) => (await fetch(`/api/projects/${pid}/imports`, { method: 'POST', body })).status,
    { pid, body: lines.map((l) => JSON.stringify(l)).join('\n') });
  expect(status).toBe(200);

  // Ann is the finance expert: she gets a finance row first; Bob gets it too (the highest priority) and disagrees.
  const ann = await person(baseURL!, 'ann@triad.test');
  const bob = await person(baseURL!, 'bob@triad.test');
  const cat = await person(baseURL!, 'cat@triad.test');
  const a = await api(ann, 'POST', `/api/projects/${pid}/next`, { role: 'label' });
  const b = await api(bob, 'POST', `/api/projects/${pid}/next`, { role: 'label' });
  expect([a.body.row.externalId, b.body.row.externalId]).toEqual(['row-005', 'row-005']);
  for (const [ctx, claim, label] of [[ann, a, 'negative'], [bob, b, 'positive']] as const) {
    const s = await api(ctx, 'POST', `/api/assignments/${claim.body.assignment.id}/submit`, {
      answer: { sentiment: { labels: [label] } }, clientSubmissionId: `rows-e2e-${label}`, activeMs: 30_000,
    });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
  }
  const c = await api(cat, 'POST', `/api/projects/${pid}/next`, { role: 'label' });
  expect(c.body.row.externalId).toBe('row-001'); // the oldest open row
  await Promise.all([ann.dispose(), bob.dispose(), cat.dispose()]);
  const row100 = await apiJson<{ rows: { id: number }[] }>(page, 'GET', `/api/projects/${pid}/rows?q=row%20100`);
  expect((await apiJson(page, 'POST', `/api/projects/${pid}/rows/${row100.body.rows[0].id}/priority`, { priority: 9 })).status).toBe(200);
});

test('the lead searches, filters and sorts the rows; the list is as long as the page', async ({ page }) => {
  await signIn(page, 'lead@triad.test');
  await page.goto(`/projects/${pid}/console/rows`);
  const list = page.getByRole('list', { name: 'Rows' });
  await expect(list.getByRole('listitem', { name: 'Row row-001' })).toBeVisible({ timeout: 30_000 }); // a loaded machine
  // No inner scroller: the list grows with the rows loaded and the page scrolls.
  const box = await list.boundingBox();
  expect(box!.height).toBeGreaterThan(100 * 40);
  await shot(page, 'rows-browser-list');
  // To the end of the page with the End key: the next page of rows loads as the list's end nears.
  await expect(async () => {
    await page.keyboard.press('End');
    await expect(list.getByRole('listitem', { name: 'Row row-150' })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByText('150 rows shown')).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));

  // Search as you type: whole words in the data.
  await page.getByRole('searchbox').click();
  await page.keyboard.type('invoice paid');
  await expect(list.getByRole('listitem')).toHaveCount(6);
  await expect(list.getByRole('listitem', { name: 'Row row-005' })).toContainText('requires finance (covered by Ann Annotator)');
  await expect(list.getByRole('listitem', { name: 'Row row-030' })).toContainText('needs finance');
  await shot(page, 'rows-browser-search');
  await page.getByLabel('Agreement').selectOption('false');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem', { name: 'Row row-005' })).toContainText('Ann Annotator ✓');
  await page.getByLabel('Agreement').selectOption('');
  await page.getByRole('searchbox').fill('');

  await page.getByLabel('Person').selectOption({ label: 'Cat Carter' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem', { name: 'Row row-001' })).toContainText('Cat Carter …');
  await page.getByLabel('Person').selectOption('');
  await page.getByLabel('State').selectOption('qa');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await page.getByLabel('State').selectOption('');

  // Sorting by a column: priority, highest first, then lowest first.
  await page.getByRole('button', { name: /^Priority/ }).click();
  await expect(list.getByRole('listitem').first()).toHaveAccessibleName('Row row-100');
  await expect(page.getByRole('columnheader', { name: /Priority/ })).toHaveAttribute('aria-sort', 'descending');
  await page.getByRole('button', { name: /^Age/ }).click();
  await page.getByRole('button', { name: /^Age/ }).click();
  await expect(list.getByRole('listitem').first()).toHaveAccessibleName('Row row-150');
});

test('the lead opens a row: one timeline, both labels compared, a stuck claim released and the priority changed', async ({ page }) => {
  await signIn(page, 'lead@triad.test');
  await page.goto(`/projects/${pid}/console/rows`);
  const list = page.getByRole('list', { name: 'Rows' });
  await page.getByRole('searchbox').fill('row 005');
  await list.getByRole('listitem', { name: 'Row row-005' }).click();
  const detail = page.getByRole('complementary', { name: 'Row row-005' });
  await expect(detail.getByText('requires finance (covered by Ann Annotator)')).toBeVisible();
  const timeline = detail.getByRole('list', { name: 'Timeline' });
  await expect(timeline.getByRole('listitem').nth(0)).toContainText('Ann Annotator claimed a label slot');
  await expect(timeline.getByRole('listitem').filter({ hasText: 'submitted a label' })).toHaveCount(2);
  const answers = detail.getByRole('region', { name: 'Answers: Sentiment' });
  await expect(answers.getByLabel('Agreement 0%, conflict')).toBeVisible(); // the reviewer's comparison view
  await expect(detail.getByText(/Round 1: Ann Annotator and Bob Builder/)).toBeVisible();
  await shot(page, 'rows-browser-detail-compare');

  // Cat's claim on row-001: released by the lead, then the row goes to the back of the queue.
  await page.getByRole('searchbox').fill('review 001');
  await list.getByRole('listitem', { name: 'Row row-001' }).click();
  const row1 = page.getByRole('complementary', { name: 'Row row-001' });
  await expect(row1.getByText(/Cat Carter holds a label slot since/)).toBeVisible();
  await row1.getByRole('button', { name: 'Release claim' }).click();
  await expect(row1.getByText('Claims held')).toHaveCount(0);
  await expect(row1.getByRole('list', { name: 'Timeline' })).toContainText("Lena Lead released Cat Carter's claim");
  const prio = row1.getByLabel('Priority');
  await prio.fill('');
  await prio.pressSequentially('-40');
  await prio.press('Enter');
  await expect(row1.getByRole('list', { name: 'Timeline' })).toContainText('Lena Lead changed the priority from 0 to -40');
  await expect(list.getByRole('listitem', { name: 'Row row-001' })).toContainText('-40');
  await shot(page, 'rows-browser-release-priority');
});
