import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { shot, signIn } from './helpers';
import { acknowledgeGuidelines, apiJson, openWorkbench } from './label-kit';
import { person } from './review-kit';

// The console of issue 18 items 9-10 as a lead uses it: the Media tab (what is uploaded, where it is used,
// search, copying a URL, pages), the schema tab's preview at 1280x800, the project list's counts, and who
// has acknowledged which guideline version.
test.describe.configure({ mode: 'serial' });
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const media = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../server/seed/media');
const NAME = 'Media library';
const schema = [{ id: 'objects', type: 'bbox', title: 'Objects', config: { field: 'image', labels: ['car', 'person'] } }];
let pid = 0;
const ids: Record<string, string> = {};

const card = (page: Page, name: string) => page.getByRole('article', { name });
/** The number under a stage's name on a project card. */
const stage = (c: Locator, term: string) => c.getByLabel('Rows by where they are').locator('div', { has: c.page().getByText(term, { exact: true }) }).locator('dd');

test('a lead uploads images and audio in the Media tab and imports rows that use them', async ({ page }) => {
  await signIn(page, 'lead@triad.test');
  const p = await apiJson<{ project: { id: number } }>(page, 'POST', '/api/projects', { name: NAME, schema });
  expect(p.status).toBe(201);
  pid = p.body.project.id;
  for (const [email, roles] of [['ann@triad.test', ['annotator']], ['rita@triad.test', ['reviewer']]] as const) {
    expect((await apiJson(page, 'POST', `/api/projects/${pid}/members`, { email, roles })).status).toBe(201);
  }
  await page.goto(`/projects/${pid}/console/media`);
  await expect(page.getByText('Nothing uploaded yet: upload images or audio above.')).toBeVisible();
  const file = (name: string, as = name) => ({ name: as, mimeType: name.endsWith('.wav') ? 'audio/wav' : 'image/png', buffer: fs.readFileSync(path.join(media, name)) });
  await page.getByLabel('Files').setInputFiles([file('street-01.png'), file('street-02.png'), file('speech-01.wav'), file('street-03.png', 'night drive.png')]);
  for (const name of ['street-01.png', 'street-02.png', 'speech-01.wav', 'night drive.png']) {
    await expect(page.getByTestId(`upload-${name}`)).toContainText('/api/media/', { timeout: 20_000 });
  }
  await expect(page.getByRole('region', { name: 'Media in this project' })).toContainText('4 files');
  const listed = await apiJson<{ media: { name: string; id: string }[] }>(page, 'GET', `/api/projects/${pid}/media`);
  for (const m of listed.body.media) ids[m.name] = m.id;
  const rows = [
    { id: 'corner-a', image: `/api/media/${ids['street-01.png']}` },
    { id: 'corner-b', image: `/api/media/${ids['street-01.png']}` },
    { id: 'corner-c', image: `/api/media/${ids['street-01.png']}`, audio: `/api/media/${ids['speech-01.wav']}` },
    { id: 'crossing', image: `/api/media/${ids['street-02.png']}` },
    { id: 'night', image: `/api/media/${ids['night drive.png']}` },
  ];
  const status = await page.evaluate(async ({ pid, body }) => (await fetch(`/api/projects/${pid}/imports`, { method: 'POST', body })).status,
    { pid, body: rows.map((r) => JSON.stringify(r)).join('\n') });
  expect(status).toBe(200);
});

test('the lead sees each file\'s preview, length or size, upload time and rows, searches by name and copies a URL', async ({ page }) => {
  await signIn(page, 'lead@triad.test');
  await page.goto(`/projects/${pid}/console/media`);
  const street = page.getByTestId('media-street-01.png');
  await expect(street).toContainText('3 rows');
  await expect(street).toContainText('640×400 px');
  await expect(street).toContainText(/PNG image · \d\.\d kB/);
  const thumb = street.getByRole('link', { name: 'Open street-01.png full size' }).locator('img');
  await expect(thumb).toHaveAttribute('loading', 'lazy');
  // The thumbnail is drawn (the file arrived and decoded), scaled into its cell.
  await expect.poll(() => thumb.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(640);
  expect((await thumb.boundingBox())!.width).toBeLessThanOrEqual(64);
  const speech = page.getByTestId('media-speech-01.wav');
  await expect(speech).toContainText(/\d\.\d s/);
  await expect(speech).toContainText('1 row');
  await expect(speech.getByRole('button', { name: 'Open row corner-c (uses speech-01.wav)' })).toBeVisible();
  await expect(speech.getByRole('button', { name: 'Play speech-01.wav' })).toBeVisible();
  await shot(page, 'media-library');

  const search = page.getByRole('searchbox', { name: 'Search media by file name' });
  await search.click();
  await page.keyboard.type('STREET');
  await expect(page.getByRole('region', { name: 'Media in this project' })).toContainText('2 matching');
  await expect(page.getByTestId('media-night drive.png')).toHaveCount(0);
  await search.fill('');
  await page.keyboard.type('night');
  await expect(page.getByTestId('media-night drive.png')).toContainText('1 row');
  await expect(page.getByTestId('media-street-01.png')).toHaveCount(0);
  await search.fill(`https://elsewhere.example/api/media/${ids['speech-01.wav']}`);
  await expect(page.getByTestId('media-speech-01.wav')).toBeVisible();
  await search.fill('zebra');
  await expect(page.getByText('No file matches this search.')).toBeVisible();
  await shot(page, 'media-search-none');
  await search.fill('');
  await page.getByRole('combobox', { name: 'Kind of file' }).selectOption('Audio');
  await expect(page.getByRole('region', { name: 'Media in this project' })).toContainText('1 matching');
  await page.getByRole('combobox', { name: 'Kind of file' }).selectOption('Images and audio');

  const copy = page.getByTestId('media-street-01.png').getByRole('button', { name: 'Copy the URL of street-01.png' });
  await copy.click();
  await expect(copy).toHaveText('✓ Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`/api/media/${ids['street-01.png']}`);
  await shot(page, 'media-copied');
  await expect(copy).toHaveText('Copy', { timeout: 5000 });

  // Where it is used: the row opens beside the list.
  await page.getByTestId('media-street-01.png').getByRole('button', { name: 'Open row corner-b (uses street-01.png)' }).click();
  const detail = page.getByRole('complementary', { name: 'Row corner-b' });
  await expect(detail).toBeVisible();
  await expect(detail).toContainText('labeling');
  await shot(page, 'media-row-open');
  await detail.getByRole('button', { name: 'Close the row' }).click();
  await expect(detail).toHaveCount(0);
});

test('a project with more files than a page pages through them', async ({ page }) => {
  await signIn(page, 'lead@triad.test');
  const p = await apiJson<{ project: { id: number } }>(page, 'POST', '/api/projects', { name: 'Media paging', schema });
  const paging = p.body.project.id;
  // 55 distinct small PNGs (a header and a few bytes each: the list needs no real pixels).
  const status = await page.evaluate(async (paging) => {
    const out: number[] = [];
    for (let i = 0; i < 55; i++) {
      const b = new Uint8Array(40);
      b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 8, 0, 0, 0, 8]);
      b[36] = i;
      out.push((await fetch(`/api/projects/${paging}/media?name=frame-${String(i).padStart(2, '0')}.png`, { method: 'POST', body: b, headers: { 'content-type': 'image/png' } })).status);
    }
    return out;
  }, paging);
  expect(new Set(status)).toEqual(new Set([201]));
  await page.goto(`/projects/${paging}/console/media`);
  const pager = page.getByRole('navigation', { name: 'Media pages' });
  await expect(pager).toContainText('1–50 of 55');
  await expect(page.getByRole('table', { name: 'Uploaded media' }).locator('tbody tr')).toHaveCount(50);
  await pager.getByRole('button', { name: 'Next →' }).click();
  await expect(pager).toContainText('51–55 of 55');
  await expect(page.getByRole('table', { name: 'Uploaded media' }).locator('tbody tr')).toHaveCount(5);
  await expect(page.getByTestId('media-frame-00.png')).toBeVisible();
  await expect(pager.getByRole('button', { name: 'Next →' })).toBeDisabled();
  await pager.getByRole('button', { name: '← Previous' }).click();
  await expect(page.getByTestId('media-frame-54.png')).toBeVisible();
});

test('the media list is the leads\' only: a labeler neither sees the tab nor reads the list', async ({ browser }) => {
  const ann = await person(browser, 'ann@triad.test');
  await ann.goto(`/projects/${pid}/console/media`);
  await expect(ann.getByText(/The console is for the project’s leads/)).toBeVisible();
  expect((await apiJson(ann, 'GET', `/api/projects/${pid}/media`)).status).toBe(403);
  expect((await apiJson(ann, 'GET', `/api/projects/${pid}/guidelines/acknowledgements`)).status).toBe(403);
  await ann.context().close();
});

test('the schema tab\'s annotator preview shows whole at 1280x800, however long the schema', async ({ page }) => {
  await signIn(page, 'lead@triad.test');
  const projects = (await apiJson<{ projects: { id: number; name: string }[] }>(page, 'GET', '/api/projects')).body.projects;
  const idOf = (name: string) => projects.find((x) => x.name === name)!.id;
  const pane = page.getByRole('complementary', { name: 'Annotator preview' });
  const topbar = 52;

  // A long schema: the preview is far taller than the window.
  await page.goto(`/projects/${idOf('LLM conversation review')}/console/schema`);
  await expect(pane.getByRole('heading', { name: 'Annotator preview' })).toBeInViewport();
  await expect(pane.getByText(/First row of the project/)).toBeVisible();
  const last = pane.getByRole('region', { name: /^Preview: / }).last();
  await expect(last).toBeAttached({ timeout: 20_000 });
  // No scroll box inside the page: all of the preview is the page's to scroll.
  expect(await pane.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(1);
  // Each editor loads lazily and grows its question when it arrives: End shows the last question whole
  // once none is still loading (pressed again if a late layout pushed it down, as a person would).
  await expect(pane.getByText(/^Loading the .* editor…$/)).toHaveCount(0, { timeout: 20_000 });
  await shot(page, 'schema-preview-long');
  await expect(async () => {
    await page.keyboard.press('End');
    const box = (await last.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(topbar);
    expect(box.y + box.height).toBeLessThanOrEqual(800);
  }).toPass({ timeout: 5000 });
  await page.screenshot({ path: 'e2e/output/screenshots/schema-preview-long-end.png' });
  // Back at the top, its heading shows again below the top bar.
  await page.keyboard.press('Home');
  await expect(async () => expect((await pane.getByRole('heading', { name: 'Annotator preview' }).boundingBox())!.y).toBeGreaterThanOrEqual(topbar)).toPass({ timeout: 5000 });

  // A box question: the image gets the pane's width, not a strip beside the box list.
  await page.goto(`/projects/${idOf('Street scenes')}/console/schema`);
  const stageBox = pane.locator('.bb-stage');
  await expect(stageBox).toBeVisible({ timeout: 20_000 });
  // The editor lays itself out after the image loads: read its width once it has settled.
  await expect(async () => expect((await stageBox.boundingBox())?.width ?? 0).toBeGreaterThan(400)).toPass({ timeout: 10_000 });
  await expect(async () => {
    await page.keyboard.press('End');
    const box = (await pane.getByText(/No boxes yet/).boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(800);
  }).toPass({ timeout: 5000 });
  await page.screenshot({ path: 'e2e/output/screenshots/schema-preview-bbox-end.png' });

  // A short schema: the preview sticks under the top bar while the lead scrolls the builder.
  await page.goto(`/projects/${idOf('Review sentiment')}/console/schema`);
  await expect(pane.getByRole('region', { name: /^Preview: / }).first()).toBeVisible();
  await page.mouse.wheel(0, 600);
  await expect(async () => expect((await pane.boundingBox())!.y).toBeCloseTo(topbar + 12, 0)).toPass({ timeout: 5000 });
  const box = (await pane.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(800);
});

test('the project list counts untouched rows as to do, and a row someone took as being labeled', async ({ page, browser }) => {
  await signIn(page, 'lead@triad.test');
  const c = card(page, NAME);
  await expect(c).toContainText('5 rows');
  await expect(stage(c, 'to do')).toHaveText('5');
  await expect(stage(c, 'being labeled')).toHaveText('0');
  await expect(c.getByText('labeling', { exact: true })).toHaveCount(0);
  await c.getByText('to do', { exact: true }).hover();
  await expect(c.getByTitle('Nobody has claimed or labeled them yet (this round)')).toBeVisible();

  // Ann opens the workbench: the row she holds (and the one claimed ahead for her) are being labeled.
  const ann = await person(browser, 'ann@triad.test');
  await openWorkbench(ann, NAME);
  await page.reload();
  const held = Number(await stage(c, 'being labeled').textContent());
  expect(held).toBeGreaterThanOrEqual(1);
  await expect(stage(c, 'to do')).toHaveText(String(5 - held));
  await shot(page, 'project-list-counts');
  await ann.context().close();
});

test('the lead sees who has acknowledged each guideline version, and when', async ({ page, browser }) => {
  await signIn(page, 'lead@triad.test');
  await page.goto(`/projects/${pid}/console/guidelines`);
  await page.getByLabel('Guideline text (markdown)').fill('# Boxes\n\nDraw a box around every car, tight to its edges.\n');
  await page.getByLabel('Note for this version').fill('first rules');
  await page.getByRole('button', { name: 'Publish new version' }).click();
  const acks = page.getByRole('region', { name: 'Who has read it' });
  // The publisher has read what they wrote; Ann and Rita have not.
  await expect(acks).toContainText('1 of 3 members acknowledged version 1');
  const pending = acks.getByRole('table', { name: 'Not yet acknowledged version 1' });
  await expect(pending.getByRole('row')).toHaveCount(3);
  await expect(pending).toContainText('Ann Annotator');
  await expect(pending).toContainText('Rita Reviewer');

  // Ann reads it on her workbench, as she is asked to.
  const ann = await person(browser, 'ann@triad.test');
  await openWorkbench(ann, NAME);
  await acknowledgeGuidelines(ann);
  await ann.context().close();

  await page.reload();
  await expect(acks).toContainText('2 of 3 members acknowledged version 1');
  const done = acks.getByRole('table', { name: 'Acknowledged version 1', exact: true });
  const annRow = done.getByRole('row', { name: /Ann Annotator/ });
  await expect(annRow).toContainText('annotator');
  await expect(annRow).toContainText(new Date().getFullYear().toString());
  await expect(acks.getByRole('table', { name: 'Not yet acknowledged version 1' })).toContainText('Rita Reviewer');
  await shot(page, 'guideline-acks-v1');

  // A new version: nobody but the publisher has read it; the earlier version's readers stay one pick away.
  await page.getByLabel('Guideline text (markdown)').fill('# Boxes\n\nDraw a box around every car and every person, tight to its edges.\n');
  await page.getByLabel('Note for this version').fill('people too');
  await page.getByRole('button', { name: 'Publish new version' }).click();
  await expect(acks).toContainText('1 of 3 members acknowledged version 2');
  const annPending = acks.getByRole('table', { name: 'Not yet acknowledged version 2' }).getByRole('row', { name: /Ann Annotator/ });
  await expect(annPending).toContainText('v1');
  const picker = acks.getByRole('combobox', { name: 'Guideline version read' });
  await expect(picker.locator('option')).toHaveText(['v2 (current) · 1 of 3', 'v1 · 2 of 3']);
  await picker.selectOption('v1 · 2 of 3');
  await expect(acks.getByRole('table', { name: 'Acknowledged version 1', exact: true })).toContainText('Ann Annotator');
  await shot(page, 'guideline-acks-v2');
});
