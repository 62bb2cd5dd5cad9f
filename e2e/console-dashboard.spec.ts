import { expect, test, type Page } from '@playwright/test';
import { shot, signIn } from './helpers';
import { apiJson } from './label-kit';
import { person } from './review-kit';

// The lead's dashboard (issue 18 item 10): QA decisions per reviewer beside labels per person, the
// hour/day/week switch, a date range, the people table sorted from its headings, and a click from a
// confusion cell to the rows behind it, driven as a lead would with the mouse and the keyboard.
test.describe.configure({ mode: 'serial' });

const schema = [{ id: 'tone', type: 'classification', title: 'Tone', config: { field: 'text', labels: ['pos', 'neg'] } }];
let pid = 0;
const today = new Date().toISOString().slice(0, 10);
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

type Json = { status: number; body: any };
const api = (who: Page, method: string, path: string, body?: unknown) => apiJson(who, method, path, body) as Promise<Json>;
const panel = (page: Page, name: string | RegExp) => page.getByRole('region', { name });

test('Ann and Bob label three rows; Rita accepts one, sends one back and escalates one', async ({ page, browser }) => {
  await signIn(page, 'lead@triad.test');
  const p = await apiJson<{ project: { id: number } }>(page, 'POST', '/api/projects', { name: 'Dashboard ranges', schema });
  expect(p.status).toBe(201);
  pid = p.body.project.id;
  for (const [email, roles] of [['ann@triad.test', ['annotator']], ['bob@triad.test', ['annotator']], ['rita@triad.test', ['reviewer']]] as const) {
    expect((await apiJson(page, 'POST', `/api/projects/${pid}/members`, { email, roles })).status).toBe(201);
  }
  const body = ['one', 'two', 'three'].map((w, i) => JSON.stringify({ id: `dash-${i + 1}`, text: `Review ${w}: it works.` })).join('\n');
  expect(await page.evaluate(async ({ pid, body }) => (await fetch(`/api/projects/${pid}/imports`, { method: 'POST', body })).status, { pid, body })).toBe(200);

  const [ann, bob, rita] = await Promise.all(['ann', 'bob', 'rita'].map((n) => person(browser, `${n}@triad.test`)));
  // dash-1: pos × neg, dash-2: pos × pos, dash-3: neg × pos (Ann's label first each time).
  for (const [a, b] of [['pos', 'neg'], ['pos', 'pos'], ['neg', 'pos']]) {
    const x = await api(ann, 'POST', `/api/projects/${pid}/next`, { role: 'label' });
    const y = await api(bob, 'POST', `/api/projects/${pid}/next`, { role: 'label' });
    expect(y.body.row.id).toBe(x.body.row.id);
    for (const [ctx, claim, label] of [[ann, x, a], [bob, y, b]] as const) {
      const s = await api(ctx, 'POST', `/api/assignments/${claim.body.assignment.id}/submit`, {
        answer: { tone: { labels: [label] } }, clientSubmissionId: `dash-e2e-${x.body.row.externalId}-${label}-${ctx === ann ? 'a' : 'b'}`, activeMs: 40_000,
      });
      expect(s.status, JSON.stringify(s.body)).toBe(200);
    }
  }
  for (const body of [
    { action: 'accept', answer: { tone: { labels: ['pos'] } }, clientSubmissionId: 'dash-e2e-accept', activeMs: 20_000, reason: { reason: 'Guideline misread' } },
    { action: 'send_back', note: 'Read the whole review again.', reason: 'Guideline misread' },
    { action: 'escalate', question: 'Is "works" positive here?' },
  ]) {
    const q = await api(rita, 'POST', `/api/projects/${pid}/next`, { role: 'qa' });
    expect(q.status, JSON.stringify(q.body)).toBe(200);
    const r = await api(rita, 'POST', `/api/assignments/${q.body.assignment.id}/resolve`, body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  await Promise.all([ann, bob, rita].map((x) => x.context().close()));
});

test('the lead sees QA per reviewer beside labels per person and switches hours, days and weeks', async ({ page }) => {
  await signIn(page, 'lead@triad.test');
  await page.goto(`/projects/${pid}/console`);
  await expect(panel(page, 'Labels per person (per day)').getByRole('img', { name: 'Labels per person per day' })).toBeVisible();
  await expect(panel(page, 'QA decisions per reviewer (per day)').getByRole('img', { name: 'QA decisions per reviewer per day' })).toBeVisible();
  // The QA chart's tooltip: Rita's three rows, what each decision was.
  const qa = panel(page, /^QA decisions per reviewer/).getByRole('img');
  await qa.scrollIntoViewIfNeeded();
  const box = (await qa.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByText(/Rita .*: 3 \(1 accepted, 1 sent back, 1 escalated\)/)).toBeVisible();
  await shot(page, 'dashboard-day');

  const buckets = page.getByRole('radiogroup', { name: 'Over time in' });
  await buckets.getByText('Hour').click();
  await expect(page).toHaveURL(/bucket=hour/);
  await expect(panel(page, 'Rows by state over time (per hour)')).toBeVisible();
  await expect(panel(page, 'QA decisions per reviewer (per hour)').getByRole('img', { name: 'QA decisions per reviewer per hour' })).toBeVisible();
  await shot(page, 'dashboard-hour');
  // The keyboard moves along the radio group: Week, then back to Day.
  await buckets.getByRole('radio', { name: 'Hour' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(buckets.getByRole('radio', { name: 'Day' })).toBeChecked();
  await page.keyboard.press('ArrowRight');
  await expect(buckets.getByRole('radio', { name: 'Week' })).toBeChecked();
  await expect(panel(page, 'Labels per person (per week)')).toBeVisible();
  await expect(page).toHaveURL(/bucket=week/);
  await shot(page, 'dashboard-week');
  await buckets.getByText('Day').click();
  await expect(page).not.toHaveURL(/bucket=/);
});

test('the lead sorts the people table from its headings', async ({ page }) => {
  await signIn(page, 'lead@triad.test');
  await page.goto(`/projects/${pid}/console`);
  const table = page.getByRole('table', { name: 'People' });
  const names = () => table.getByRole('rowheader').allTextContents();
  await expect(table.getByRole('rowheader')).toHaveCount(3);
  await expect(table.getByRole('columnheader', { name: /^Labels/ })).toHaveAttribute('aria-sort', 'descending');
  await table.getByRole('button', { name: /^QA resolved/ }).click();
  expect((await names())[0]).toMatch(/^Rita/);
  await expect(table.getByRole('columnheader', { name: /^QA resolved/ })).toHaveAttribute('aria-sort', 'descending');
  const rita = table.getByRole('row', { name: /^Rita/ });
  await expect(rita.getByRole('cell')).toHaveText(['0', /^\d\.\d\d$/, 'n/a', 'n/a', '3', '1', '1', '1']);
  // By name from the keyboard: Ann, Bob, Rita; again: the other way.
  await table.getByRole('button', { name: /^Person/ }).focus();
  await page.keyboard.press('Enter');
  expect((await names()).map((n) => n.split(' ')[0])).toEqual(['Ann', 'Bob', 'Rita']);
  await page.keyboard.press('Enter');
  expect((await names()).map((n) => n.split(' ')[0])).toEqual(['Rita', 'Bob', 'Ann']);
  await expect(table.getByRole('columnheader', { name: /^Person/ })).toHaveAttribute('aria-sort', 'descending');
  await table.scrollIntoViewIfNeeded();
  await shot(page, 'dashboard-people-sorted');
});

test('the lead limits the dashboard to dates; a range that ends before it starts says so', async ({ page }) => {
  await signIn(page, 'lead@triad.test');
  await page.goto(`/projects/${pid}/console`);
  const range = page.getByRole('form', { name: 'Dashboard range' });
  await range.getByLabel('From').fill(today);
  await range.getByLabel('To').fill(yesterday);
  await range.getByRole('button', { name: 'Apply' }).click();
  await expect(range.getByRole('alert')).toHaveText(`to: the range ends (${yesterday}) before it starts (${today}); pick a "to" on or after "from"`);
  await shot(page, 'dashboard-range-refused');
  await range.getByLabel('To').fill(today);
  await range.getByLabel('To').press('Enter');
  await expect(page).toHaveURL(new RegExp(`from=${today}&to=${today}`));
  await expect(range.getByRole('alert')).toHaveText('');
  await expect(page.getByRole('table', { name: 'People' }).locator('caption')).toHaveText(`Each person's work from ${today} to ${today}; sort by any column.`);
  await expect(page.getByRole('table', { name: 'People' }).getByRole('rowheader')).toHaveCount(3);
  await shot(page, 'dashboard-range-today');
  // A range before the project: nothing in it, said in words; the tiles still count the rows as they are.
  await range.getByLabel('From').fill('2020-01-01');
  await range.getByLabel('To').fill('2020-01-31');
  await range.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('region', { name: 'People' })).toContainText('Nobody labeled or reviewed from 2020-01-01 to 2020-01-31.');
  await expect(panel(page, 'Confusion: tone (labeler 1 × labeler 2)')).toContainText('No row of this question got its second label from 2020-01-01 to 2020-01-31.');
  await expect(page.locator('.dash-tiles')).toContainText('Rows3');
  await shot(page, 'dashboard-range-empty');
  await range.getByRole('button', { name: 'All time' }).click();
  await expect(page).not.toHaveURL(/from=/);
});

test('a click on a confusion cell opens the Rows tab on exactly the rows behind it', async ({ page }) => {
  await signIn(page, 'lead@triad.test');
  await page.goto(`/projects/${pid}/console?from=${today}&to=${today}`);
  const confusion = panel(page, 'Confusion: tone (labeler 1 × labeler 2)');
  const chart = confusion.getByRole('img', { name: 'Confusion matrix of tone' });
  // The heatmap's plot area (grid: 90 px left, 20 right, 10 top, 60 bottom) holds 3 × 3 cells: pos, neg, (none).
  const cell = async (i: number, j: number) => {
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    return { x: box.x + 90 + ((j + 0.5) * (box.width - 110)) / 3, y: box.y + 10 + ((i + 0.5) * (box.height - 70)) / 3 };
  };
  let posNeg = await cell(0, 1);
  await page.mouse.move(posNeg.x, posNeg.y);
  await expect(page.getByText(/labeler 1: pos.*labeler 2: neg.*1 row · click to list them/)).toBeVisible();
  await page.screenshot({ path: 'e2e/output/screenshots/dashboard-confusion-hover.png' });
  // The screenshot may have scrolled: find the cell again.
  posNeg = await cell(0, 1);
  await page.mouse.click(posNeg.x, posNeg.y);
  await expect(page).toHaveURL(new RegExp(`/console/rows\\?question=tone&label1=pos&label2=neg&pairedFrom=${today}&pairedTo=${today}$`));
  await expect(page.getByRole('link', { name: 'Rows', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('status').filter({ hasText: 'from the dashboard’s confusion matrix' })).toContainText('labeler 1 answered “pos” and labeler 2 “neg” on tone');
  const list = page.getByRole('list', { name: 'Rows' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem', { name: 'Row dash-1' })).toBeVisible();
  await shot(page, 'dashboard-confusion-rows');
  await page.getByRole('button', { name: 'Show all rows' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(3);

  // From the keyboard: the matrix as a table, its neg × pos count a link to dash-3.
  await page.goto(`/projects/${pid}/console`);
  const summary = panel(page, 'Confusion: tone (labeler 1 × labeler 2)').getByText('The matrix as a table');
  await summary.focus();
  await page.keyboard.press('Enter');
  const link = page.getByRole('link', { name: '1 rows: labeler 1 neg, labeler 2 pos' });
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/console\/rows\?question=tone&label1=neg&label2=pos$/);
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem', { name: 'Row dash-3' })).toBeVisible();
});
