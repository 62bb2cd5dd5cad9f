import fs from 'node:fs';
import { expect, request, test, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD, shot, signIn } from './helpers';

// One story in order on one server: the lead sets a project up in the console, people work on it through
// the API, and the lead reads the result back (rows, dashboard, export).
test.describe.configure({ mode: 'serial' });

const PROJECT = 'Console: ticket sentiment';
const GOOD_LINES = [
  { id: 't1', data: { text: 'The refund arrived in two days, thank you!' } },
  { id: 't2', data: { text: 'Still waiting for an answer after a week.' } },
  { id: 't3', data: { text: 'The app works, but the new menu is confusing.' } },
];
const jsonl = (lines: unknown[]) => Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
// 1×1 PNG: the media store sniffs magic bytes, so the upload must be a real image.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let projectId = 0;

async function api(ctx: APIRequestContext, method: 'GET' | 'POST', path: string, data?: unknown) {
  const res = await ctx.fetch(path, { method, data });
  const body = await res.json().catch(() => null);
  return { status: res.status(), body };
}

async function personApi(baseURL: string, email: string) {
  const ctx = await request.newContext({ baseURL });
  const r = await api(ctx, 'POST', '/api/auth/login', { email, password: DEMO_PASSWORD });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return ctx;
}

async function openTab(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name, exact: true })).toHaveAttribute('aria-current', 'page');
}

test('the lead creates a project, builds its schema, imports rows with a bad line, fixes them, uploads media and publishes guidelines', async ({ page }) => {
  await signIn(page, 'lead@triad.test');
  await page.goto('/projects/new');
  await page.getByLabel('Name', { exact: true }).fill(PROJECT);
  await page.getByLabel(/^Classification/).check();
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible();
  projectId = Number(/\/projects\/(\d+)$/.exec(page.url())![1]);
  await page.getByRole('link', { name: /Manage/ }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/console$`));

  // ---- schema builder: two questions
  await openTab(page, 'Schema');
  const q1 = page.getByRole('region', { name: 'Question 1' });
  await q1.getByLabel('Title', { exact: true }).fill('How does the customer feel?');
  await q1.getByLabel('Label 3 value').fill('mixed');
  await q1.getByLabel('Label 3 title').fill('Mixed feelings');
  await page.getByLabel('Add a question').selectOption('rating');
  await page.getByRole('button', { name: 'Add question' }).click();
  const q2 = page.getByRole('region', { name: 'Question 2' });
  await q2.getByLabel('Data field shown').fill('text');
  await q2.getByLabel('Criterion 2 title').fill('Politeness');
  await q2.getByLabel('Criterion 2 id').fill('politeness');
  // The live preview renders the real editors on a sample row (no rows yet).
  const preview = page.getByLabel('Annotator preview');
  await expect(preview.getByText('Sample row made up from the fields')).toBeVisible();
  await expect(preview.getByRole('button', { name: /Mixed feelings/ })).toBeVisible();
  await expect(preview.getByText('Politeness')).toBeVisible();
  await page.getByRole('button', { name: 'JSON' }).click();
  await expect(page.getByLabel(/Schema JSON/)).toHaveValue(/"id": "politeness"/);
  await page.getByRole('button', { name: 'Form' }).click();
  await page.getByRole('button', { name: 'Save schema' }).click();
  await expect(page.getByText('Schema and settings saved')).toBeVisible();
  await shot(page, 'console-schema');

  // ---- import: a bad line is reported with its line and field, nothing is written; the fixed file imports
  await openTab(page, 'Import');
  const bad = [GOOD_LINES[0], { id: 't2', data: { text: 42 } }, GOOD_LINES[2]];
  await page.getByLabel('File').setInputFiles({ name: 'tickets.jsonl', mimeType: 'application/x-ndjson', buffer: jsonl(bad) });
  await expect(page.getByLabel('Format')).toHaveValue('jsonl');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const badLines = page.getByRole('table', { name: 'Bad lines' });
  await expect(badLines).toBeVisible();
  const firstBad = badLines.getByRole('row').nth(1);
  await expect(firstBad.getByRole('cell').nth(0)).toHaveText('2');
  await expect(firstBad.getByRole('cell').nth(1)).toHaveText('data.text');
  await expect(page.getByText('nothing imported')).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Upload progress' })).toHaveAttribute('aria-valuenow', '100');
  await shot(page, 'console-import-error');

  await page.getByLabel('File').setInputFiles({ name: 'tickets.jsonl', mimeType: 'application/x-ndjson', buffer: jsonl(GOOD_LINES) });
  await page.getByRole('button', { name: 'Import again' }).click();
  await expect(page.getByTestId('report-imported')).toHaveText('3');
  await expect(badLines).toHaveCount(0);
  await shot(page, 'console-import');

  // ---- media: an image is stored and its URL shown; a file that is not what it claims is refused
  await openTab(page, 'Media');
  await page.getByLabel('Files').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByTestId('upload-dot.png').getByText(/^\/api\/media\/[0-9a-f]{64}$/)).toBeVisible();
  await expect(page.getByTestId('upload-dot.png')).toContainText('image/png');
  await page.getByLabel('Files').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('just some text, not a picture') });
  await expect(page.getByTestId('upload-notes.png').getByRole('alert')).toBeVisible();
  await shot(page, 'console-media');

  // ---- guidelines: two versions, compared
  await openTab(page, 'Guidelines');
  const body = page.getByLabel('Guideline text (markdown)');
  await body.fill('# Ticket sentiment\n\nChoose how the customer feels.\n\n- **positive**: thanks, praise\n- **negative**: complaints\n');
  await expect(page.getByLabel('Guideline preview').getByRole('heading', { name: 'Ticket sentiment' })).toBeVisible();
  await page.getByLabel('Note for this version').fill('First version');
  await page.getByRole('button', { name: 'Publish new version' }).click();
  await expect(page.getByText('Guideline version 1 published')).toBeVisible();
  await body.fill('# Ticket sentiment\n\nChoose how the customer feels.\n\n- **positive**: thanks, praise\n- **negative**: complaints\n- **mixed**: praise and complaint in one ticket\n');
  await page.getByLabel('Note for this version').fill('Mixed tickets');
  await page.getByRole('button', { name: 'Publish new version' }).click();
  await expect(page.getByText('Guideline version 2 published')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Guideline versions' }).getByRole('row')).toHaveCount(3);
  await page.getByLabel('From').selectOption('1');
  await page.getByLabel('To').selectOption('2');
  await page.getByRole('button', { name: 'Compare' }).click();
  const diff = page.getByLabel('Changes from version 1 to 2');
  await expect(diff.locator('[data-op="added"]')).toContainText('**mixed**: praise and complaint in one ticket');
  await expect(diff).toContainText('+1');
  await shot(page, 'console-guidelines');

  // ---- members: two annotators and a reviewer
  await openTab(page, 'Members');
  const form = page.getByRole('form', { name: 'Add a member' });
  for (const [email, role] of [['ann@triad.test', 'annotator'], ['bob@triad.test', 'annotator'], ['rita@triad.test', 'reviewer']] as const) {
    await form.getByLabel('Email of an existing user').fill(email);
    if (role === 'reviewer') {
      await form.getByLabel('annotator').uncheck();
      await form.getByLabel('reviewer').check();
    }
    await form.getByRole('button', { name: 'Add member' }).click();
    await expect(page.getByTestId(`member-${email}`)).toBeVisible();
  }
});

test('people label and review the rows; the lead sees them in rows, members and the dashboard and downloads the export', async ({ page, baseURL }) => {
  expect(projectId).toBeGreaterThan(0);
  // Two labels per row (bob disagrees on t3), then QA accepts: every row ends final.
  const ann = await personApi(baseURL!, 'ann@triad.test');
  const bob = await personApi(baseURL!, 'bob@triad.test');
  const rita = await personApi(baseURL!, 'rita@triad.test');
  for (const [ctx, who] of [[ann, 'ann'], [bob, 'bob']] as const) {
    for (let i = 0; i < 5; i++) {
      const n = await api(ctx, 'POST', `/api/projects/${projectId}/next`, { role: 'label' });
      expect(n.status, JSON.stringify(n.body)).toBe(200);
      if (!n.body.assignment) break;
      const ext = n.body.row.externalId as string;
      const label = ext === 't1' ? 'positive' : ext === 't3' && who === 'bob' ? 'mixed' : 'negative';
      const s = await api(ctx, 'POST', `/api/assignments/${n.body.assignment.id}/submit`, {
        answer: { label: { labels: [label] }, rating: { scores: { accuracy: 4, politeness: who === 'ann' ? 5 : 4 }, rationale: '' } },
        clientSubmissionId: `console-e2e-${who}-${ext}`, activeMs: 40_000,
      });
      expect(s.status, JSON.stringify(s.body)).toBe(200);
    }
  }
  for (let i = 0; i < 5; i++) {
    const n = await api(rita, 'POST', `/api/projects/${projectId}/next`, { role: 'qa' });
    expect(n.status, JSON.stringify(n.body)).toBe(200);
    if (!n.body.assignment) break;
    const r = await api(rita, 'POST', `/api/assignments/${n.body.assignment.id}/resolve`, {
      action: 'accept', answer: n.body.labels[0].answer, clientSubmissionId: `console-e2e-qa-${n.body.row.externalId}`, activeMs: 20_000,
      reason: { reason: 'Guideline misread' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  await Promise.all([ann.dispose(), bob.dispose(), rita.dispose()]);

  await signIn(page, 'lead@triad.test');

  // ---- rows: the list, a row's history with the guideline version of each label, Reopen for finals
  await page.goto(`/projects/${projectId}/console/rows`);
  await expect(page.getByRole('listitem', { name: 'Row t3' })).toBeVisible();
  await page.getByLabel('State').selectOption('final');
  await expect(page.getByRole('listitem')).toHaveCount(3);
  await page.getByRole('listitem', { name: 'Row t3' }).click();
  const history = page.getByRole('complementary', { name: 'Row t3' });
  await expect(history.getByText(/submitted a label \(round 1, guideline v2/).first()).toBeVisible();
  await expect(history.getByRole('button', { name: 'Reopen' })).toBeVisible();
  await shot(page, 'console-rows');

  // ---- members with their numbers
  await page.goto(`/projects/${projectId}/console/members`);
  await expect(page.getByTestId('person-ann@triad.test')).toBeVisible();
  await shot(page, 'console-members');

  // ---- dashboard of this project
  await page.goto(`/projects/${projectId}/console`);
  await expect(page.getByRole('status').filter({ hasText: 'Loading the dashboard' })).toHaveCount(0);
  await shot(page, 'console-dashboard-new-project');

  // ---- export: JSONL of every row through a plain download link
  await page.goto(`/projects/${projectId}/console/export`);
  await page.getByLabel(/^JSONL/).check();
  await page.getByLabel('Which rows').selectOption('all');
  await page.getByLabel('Include both raw labels').check();
  await shot(page, 'console-export');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download JSONL' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.jsonl$/);
  const text = fs.readFileSync((await download.path())!, 'utf8');
  const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines).toHaveLength(3);
  const t1 = lines.find((l) => JSON.stringify(l).includes('The refund arrived'))!;
  expect(t1).toBeDefined();
  expect(JSON.stringify(t1)).toContain('"positive"');
});

test('the dashboard of the seeded flagship project', async ({ page }) => {
  await signIn(page, 'lead@triad.test');
  await page.getByRole('link', { name: 'Manage LLM response review' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'LLM response review' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Loading the dashboard' })).toHaveCount(0);
  await shot(page, 'console-dashboard');
  await openTab(page, 'Schema');
  // The flagship has rows: the preview shows its first row with its prelabels.
  const preview = page.getByLabel('Annotator preview');
  await expect(preview.getByText(/First row of the project/)).toBeVisible();
  await expect(preview.getByRole('button', { name: /Good/ })).toBeVisible();
  await shot(page, 'console-schema-flagship');
  await openTab(page, 'Rows');
  await expect(page.getByRole('listitem').first()).toBeVisible();
  await shot(page, 'console-rows-flagship');
});
