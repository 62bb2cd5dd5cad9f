import { expect, test, type Locator, type Page } from '@playwright/test';
import { shot } from './helpers';
import { ALL, IFRAME, IMG, JS_URL, MARKDOWN, SCRIPT, SVG, TEMPLATE, expectInert, person, send } from './security-kit';

// Stored XSS (issue 12): a hostile lead or labeler types script-bearing strings wherever Triad takes text,
// then everyone opens every screen. One story on one server, in order.
test.describe.configure({ mode: 'serial' });

const PROJECT = `Project ${IMG} ${TEMPLATE}`;
const NAMES = { lead: `Lead ${SCRIPT}`, ann: `Ann ${IMG}`, bob: `Bob ${SVG}`, rita: `Rita ${IFRAME}` };
const CLARITY = `Clarity ${IMG}`;
// Two label values that differ, so the confusion matrix has a cell for each labeler's choice.
const LABELS = [
  { value: IMG, title: `One ${SVG}`, description: SCRIPT, color: `red" onmouseover="window.__xss=1` },
  { value: SVG, title: `Two ${IMG}`, description: IFRAME },
  { value: TEMPLATE, title: JS_URL },
];
const SCHEMA = [
  { id: 'mood', type: 'classification', title: `Mood ${SVG}`, description: ALL, config: { field: 'text', labels: LABELS } },
  { id: 'answer', type: 'text', title: `Answer ${IMG}`, description: MARKDOWN, config: { field: 'prompt' } },
  { id: 'pref', type: 'ranking', title: `Better ${SCRIPT}`, config: { scale: [{ value: -1, title: `A ${IMG}` }, { value: 0, title: `Tie ${SVG}` }, { value: 1, title: `B ${IFRAME}` }] } },
  { id: 'rubric', type: 'rating', title: `Rubric ${TEMPLATE}`, config: { field: 'text', criteria: [{ id: 'clarity', title: CLARITY, description: SCRIPT }] } },
];
const ROWS = [`r1 ${IMG}`, `r2 ${SVG}`].map((id) => ({
  id,
  data: { text: ALL, prompt: `Prompt ${ALL}`, responses: [`A: ${IMG} ${SCRIPT}`, `B: ${SVG} ${IFRAME}`], link: JS_URL, notes: MARKDOWN, template: TEMPLATE },
  prelabels: { mood: { labels: [TEMPLATE] } },
}));
const jsonl = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

let lead: Page, ann: Page, bob: Page, cat: Page, rita: Page;
let pid = 0;

test.beforeAll(async ({ browser }) => {
  [lead, ann, bob, cat, rita] = await Promise.all(['lead', 'ann', 'bob', 'cat', 'rita'].map((n) => person(browser, `${n}@triad.test`)));
});
test.afterAll(async () => {
  for (const p of [lead, ann, bob, cat, rita]) await p?.context().close();
});

async function ok(r: Promise<{ status: number; body: any }>, status = 200) {
  const res = await r;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}

/** From the project list through the project's card to its page, as a person comes in. */
async function openProject(page: Page, who: string) {
  await page.goto('/');
  const card = page.getByRole('article', { name: PROJECT });
  await expect(card).toContainText(PROJECT);
  await expectInert(page, `the project list (${who})`);
  await card.getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible();
  await expect(page.getByText(IMG).first()).toBeVisible();
  await expectInert(page, `the project page (${who})`);
}

async function readGuidelines(page: Page, who: string) {
  const banner = page.getByRole('alert').filter({ hasText: /new to you/ });
  await banner.getByRole('button', { name: 'Read the guidelines' }).click();
  const panel = page.getByRole('complementary', { name: 'Guidelines' });
  // Raw HTML in markdown is dropped, not shown: what is left is the text around it.
  await expect(panel.getByRole('heading', { level: 1 })).toHaveText(/^Guide\s*$/);
  await expect(panel).toContainText(TEMPLATE);
  await expectInert(page, `the guidelines panel (${who})`);
  // Search marks matches inside the sanitized tree: the marks must not bring the markup back.
  await panel.getByLabel('Search the guidelines').fill('constructor');
  await expect(panel.locator('mark').first()).toBeVisible();
  await expectInert(page, `the guidelines panel with a search (${who})`);
  await panel.getByLabel('Search the guidelines').fill('');
  await panel.getByRole('button', { name: /I have read version/ }).click();
  await expect(banner).toHaveCount(0);
  await panel.getByRole('button', { name: 'Close the guidelines' }).click();
}

/** Labels the row on screen with the mouse and typed text, every text a payload, and submits it. */
async function labelRow(page: Page, who: string, side: 0 | 1) {
  const before = await page.getByTestId('workbench').getAttribute('data-assignment');
  await expect(page.getByRole('region', { name: 'Row data' })).toContainText(ALL);
  await page.getByRole('group', { name: /\(choose one\)$/ }).getByRole('button').nth(side).click();
  await page.getByLabel('Your answer').fill(`${who} says ${ALL}`);
  await page.getByRole('group', { name: 'Preference' }).getByRole('button').nth(side === 0 ? 0 : 2).click();
  await page.getByPlaceholder('What makes the preferred response better?').fill(`${who}: ${ALL}`);
  await page.getByRole('button', { name: `${CLARITY}: ${side === 0 ? 5 : 1}`, exact: true }).click();
  await page.getByPlaceholder('Why these scores?').fill(`${who}: ${MARKDOWN}`);
  await expect(page.getByTestId('submit-blocked')).toHaveCount(0);
  await expectInert(page, `the workbench with a labeled row (${who})`);
  if (who === 'ann') await shot(page, 'security-workbench');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('workbench').or(page.getByRole('heading', { name: 'Nothing to label right now' })))
    .not.toHaveAttribute('data-assignment', before!);
}

test('the lead plants script-bearing strings in a new project, its rows, guidelines, people and an import', async () => {
  const { users } = await ok(send(lead, 'GET', '/api/users'));
  const idOf = (who: string) => (users as { id: number; email: string }[]).find((u) => u.email === `${who}@triad.test`)!.id;
  for (const [who, name] of Object.entries(NAMES)) await ok(send(lead, 'PATCH', `/api/users/${idOf(who)}`, { name }));

  const { project } = await ok(send(lead, 'POST', '/api/projects', { name: PROJECT, description: `${ALL}\n\n${MARKDOWN}`, schema: SCHEMA }), 201);
  pid = project.id;
  for (const [who, role] of [['ann', 'annotator'], ['bob', 'annotator'], ['cat', 'annotator'], ['rita', 'reviewer']]) {
    await ok(send(lead, 'POST', `/api/projects/${pid}/members`, { email: `${who}@triad.test`, roles: [role] }), 201);
  }
  await ok(send(lead, 'POST', `/api/projects/${pid}/guidelines`, { body: MARKDOWN, note: ALL }), 201);
  const imported = await ok(send(lead, 'POST', `/api/projects/${pid}/imports?format=jsonl`, jsonl(ROWS), 'application/x-ndjson'));
  expect(imported.report.imported).toBe(2);

  // A malformed file through the Import tab: the report quotes the bad line's field and message.
  await lead.goto(`/projects/${pid}/console/import`);
  const bad = [{ id: `bad ${IMG}`, data: ROWS[0].data, prelabels: { [SVG]: { labels: [IMG] } } }];
  await lead.getByLabel('File').setInputFiles({ name: `${SVG}.jsonl`, mimeType: 'application/x-ndjson', buffer: Buffer.from(jsonl(bad)) });
  await lead.getByRole('button', { name: 'Import', exact: true }).click();
  const badLines = lead.getByRole('table', { name: 'Bad lines' });
  await expect(badLines).toContainText(SVG);
  await expectInert(lead, 'the import report');
  await shot(lead, 'security-import-report');
});

test('annotators see the payloads as text on the project list, project page, console and workbench, and label with more', async () => {
  expect(pid).toBeGreaterThan(0);
  for (const [page, who, side] of [[ann, 'ann', 0], [bob, 'bob', 1]] as const) {
    await openProject(page, who);
    await page.goto(`/projects/${pid}/console`);
    await expect(page.getByText(/The console is for the project’s leads/)).toContainText(PROJECT);
    await expectInert(page, `the console refused to an annotator (${who})`);

    await page.goto(`/projects/${pid}/label`);
    await expect(page.getByTestId('workbench')).toBeVisible();
    await expect(page.getByText(/Loading the .* editor/)).toHaveCount(0);
    await readGuidelines(page, who);
    // Two rows, each labeled by both annotators: the second is claimed ahead while the first is on screen.
    await labelRow(page, who, side);
    await labelRow(page, who, side);
    await expect(page.getByRole('heading', { name: 'Nothing to label right now' })).toBeVisible();
    await expectInert(page, `the empty workbench (${who})`);
  }
});

test('the reviewer compares the labels, escalates one row and sends the other back, with payloads in both notes', async () => {
  await openProject(rita, 'rita');
  await rita.goto(`/projects/${pid}/console`);
  await expect(rita.getByText(/The console is for the project’s leads/)).toContainText(PROJECT);
  await expectInert(rita, 'the console refused to a reviewer');
  await rita.goBack();
  await rita.getByRole('link', { name: /^Review/ }).click();
  const heading = rita.getByRole('heading', { level: 1, name: /^Row r[12] / });
  await expect(heading).toBeVisible();
  await expect(rita.getByRole('region', { name: `Question: Mood ${SVG}` })).toBeVisible();
  // The two written answers are close enough to agree, so their question starts folded: open it.
  const answer = rita.getByRole('region', { name: `Question: Answer ${IMG}` });
  await answer.getByRole('button', { expanded: false }).click();
  await expect(answer).toContainText(`says ${ALL}`);
  await expectInert(rita, 'the review page');
  await shot(rita, 'security-review');

  const first = (await heading.textContent())!;
  await rita.keyboard.press('Alt+e');
  await rita.getByRole('form', { name: 'Escalate to the leads' }).getByLabel('Question for the leads').fill(`Escalated: ${ALL}`);
  await rita.keyboard.press('Control+Enter');
  await expect(rita.getByRole('heading', { level: 1, name: first })).toHaveCount(0);

  await expect(rita.getByRole('heading', { level: 1, name: /^Row r[12] / })).toBeVisible();
  await expectInert(rita, 'the review page, second row');
  await rita.keyboard.press('Alt+r');
  const form = rita.getByRole('form', { name: 'Send back for a new round' });
  await form.getByLabel('Reason').selectOption({ index: 1 });
  await form.getByLabel('Note for the new labelers').fill(`Sent back: ${ALL}`);
  await form.getByRole('button', { name: 'Send back' }).click();
  await expect(rita.getByRole('heading', { level: 1, name: /^Row r[12] / })).toHaveCount(0);
  await expectInert(rita, 'the empty review page');
});

test('the lead answers the escalation in the inbox', async () => {
  await lead.goto(`/projects/${pid}/escalations`);
  const item = lead.getByRole('article', { name: /^Escalation on row r[12] / });
  await expect(item.getByLabel('Question')).toHaveText(`Escalated: ${ALL}`);
  await expect(item.getByRole('region', { name: /^Data of row/ })).toContainText(ALL);
  await expectInert(lead, 'the escalations inbox');
  await shot(lead, 'security-escalations');
  await item.getByLabel('Your answer').fill(`Answered: ${ALL}`);
  await item.getByRole('button', { name: 'Answer', exact: true }).click();
  await expect(item).toHaveCount(0);
  await lead.getByRole('button', { name: /^Answered/ }).click();
  await expect(lead.getByRole('article', { name: /^Escalation on row r[12] / }).getByLabel('Answer')).toContainText(`Answered: ${ALL}`);
  await expectInert(lead, 'the answered escalations');
});

test('the new labeler reads the QA note; the reviewer reads the lead’s answer beside the escalated row', async () => {
  await cat.goto(`/projects/${pid}/label`);
  await expect(cat.getByTestId('workbench')).toBeVisible();
  await readGuidelines(cat, 'cat');
  await expect(cat.getByRole('note', { name: 'Note from QA' })).toContainText(`Sent back: ${ALL}`);
  await expectInert(cat, 'the workbench with a QA note (cat)');

  await rita.goto(`/projects/${pid}/review`);
  await expect(rita.getByRole('region', { name: 'Answers from the leads' })).toContainText(`Answered: ${ALL}`);
  await expectInert(rita, 'the review page with the lead’s answer');
});

/**
 * Sweeps the mouse over a chart on an n×n lattice, calling `onPoint` at each stop. The lattice covers the
 * whole chart: the plot area's place depends on how wide ECharts finds the axis labels.
 */
async function sweep(page: Page, chart: Locator, n: number, onPoint = async () => {}) {
  await chart.scrollIntoViewIfNeeded();
  const box = (await chart.boundingBox())!;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      await page.mouse.move(box.x + ((j + 0.5) * box.width) / n, box.y + ((i + 0.5) * box.height) / n);
      await onPoint();
    }
  }
}

async function openTab(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name, exact: true })).toHaveAttribute('aria-current', 'page');
}

/** The lead's walk through the console and the users page; `label` names the context in the messages. */
async function leadWalk(page: Page, label: string) {
  // The dashboard's figures are filled in the background after the labels are committed.
  await expect.poll(async () => {
    const d = await send(page, 'GET', `/api/projects/${pid}/dashboard`);
    return (d.body?.confusion?.[0]?.matrix as number[][] | undefined)?.flat().reduce((a, b) => a + b, 0) ?? 0;
  }).toBeGreaterThan(0);
  await openProject(page, label);
  await page.getByRole('link', { name: /^Manage/ }).click();
  const confusion = page.getByRole('img', { name: 'Confusion matrix of mood' });
  await expect(confusion).toBeVisible();
  await expectInert(page, `the dashboard (${label})`);
  const tooltip = page.getByText(/labeler 1:/);
  const seen = new Set<string>();
  await sweep(page, confusion, 12, async () => {
    if (await tooltip.isVisible()) seen.add((await tooltip.textContent())!);
  });
  await expectInert(page, `the confusion matrix tooltip (${label})`);
  // The label values are in the tooltips as the text they are.
  expect([...seen].filter((t) => t.includes(`labeler 1: ${IMG}`) || t.includes(`labeler 2: ${IMG}`)), [...seen].join('\n')).not.toEqual([]);
  // Rita's escalation and send-back put her name (an iframe payload) in the QA chart's tooltip.
  for (const name of ['Labels per person per day', 'QA decisions per reviewer per day', 'Active hours, agreement with the final and share kept by QA per person']) {
    const chart = page.getByRole('img', { name });
    await sweep(page, chart, 8);
    await expectInert(page, `the tooltip of “${name}” (${label})`);
  }
  await shot(page, `security-dashboard-${label}`);

  await openTab(page, 'Schema');
  await expect(page.getByRole('complementary', { name: 'Annotator preview' })).toContainText(ALL);
  await expectInert(page, `the schema tab (${label})`);
  await openTab(page, 'Media');
  await expectInert(page, `the media tab (${label})`);
  await openTab(page, 'Guidelines');
  await expect(page.getByLabel('Guideline preview').getByRole('heading', { level: 1 })).toHaveText(/^Guide\s*$/);
  await page.getByRole('button', { name: 'View version 1' }).click();
  await expect(page.getByText('Start editing from this version')).toBeVisible();
  await expectInert(page, `the guidelines tab (${label})`);
  await openTab(page, 'Members');
  await expect(page.getByText(NAMES.ann).first()).toBeVisible();
  await expectInert(page, `the members tab (${label})`);
  await openTab(page, 'Rows');
  for (const row of ROWS) {
    await page.getByRole('listitem', { name: `Row ${row.id}` }).click();
    const history = page.getByRole('complementary', { name: `Row ${row.id}`, exact: true });
    await expect(history).toContainText(NAMES.ann);
    await expectInert(page, `the history of ${row.id} (${label})`);
  }
  await shot(page, `security-rows-${label}`);
  await openTab(page, 'Export');
  await expectInert(page, `the export tab (${label})`);

  await page.goto('/admin/users');
  await expect(page.getByText(NAMES.rita).first()).toBeVisible();
  await expectInert(page, `the users page (${label})`);
}

test('the lead opens every console tab, hovers the confusion matrix and the people charts, and the users page', async () => {
  await leadWalk(lead, 'lead');
});

test('with the Content-Security-Policy in force the same walk blocks no script: nothing tried to run', async ({ browser }) => {
  const page = await person(browser, 'lead@triad.test', { cspEnforced: true });
  await leadWalk(page, 'lead-csp');
  await page.context().close();
});
