import { expect, test, type Page } from '@playwright/test';
import { shot } from './helpers';
import { send } from './security-kit';
import { person } from './review-kit';
import { acknowledgeGuidelines, currentAssignment, editorShot, openWorkbench, serverView, submitWithKeys } from './label-kit';

// Ranking four responses, as InstructGPT's labelers ranked 4–9 outputs: a lead makes an order question
// with ties over a conversation and four markdown replies; an annotator ranks them by dragging with the
// mouse and by keys, ties two of them, and the stored answer is the order seen on screen.
test.describe.configure({ mode: 'serial' });

const PROJECT = 'Four-way ranking';
const CHAT = [
  { role: 'system', content: 'You answer Python questions briefly.' },
  { role: 'user', content: 'How do I read a whole file into a string?' },
];
const REPLIES = [
  'Use a context manager:\n\n```python\nwith open(path, encoding="utf-8") as f:\n    text = f.read()\n```',
  'Call `open(path).read()`; the file closes **eventually**.',
  'Use `pathlib`:\n\n```python\nfrom pathlib import Path\ntext = Path(path).read_text(encoding="utf-8")\n```',
  'Files cannot be read into strings in Python.',
];

let lead: Page;
let pid = 0;

test.beforeAll(async ({ browser }) => {
  lead = await person(browser, 'lead@triad.test');
  const schema = [{ id: 'rank', type: 'ranking', title: 'Rank the replies, best first', config: { promptField: 'chat', mode: 'order', orderTies: true } }];
  const created = await send(lead, 'POST', '/api/projects', { name: PROJECT, schema });
  expect(created.status).toBe(201);
  pid = created.body.project.id as number;
  for (const who of ['cat', 'ann']) expect((await send(lead, 'POST', `/api/projects/${pid}/members`, { email: `${who}@triad.test`, roles: ['annotator'] })).status).toBe(201);
  const lines = ['r1', 'r2'].map((id) => JSON.stringify({ id, data: { chat: CHAT, responses: REPLIES } })).join('\n');
  expect((await send(lead, 'POST', `/api/projects/${pid}/imports?format=jsonl`, lines, 'application/x-ndjson')).body.report).toMatchObject({ imported: 2 });
});
test.afterAll(async () => lead?.context().close());

/** The ranking as the list shows it: one label per rank, tied responses named together. */
const ranks = (p: Page) => p.getByRole('list', { name: 'Ranking, best first' }).locator('[data-group]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));

/** Drags a response by its handle to a point of another rank's row (0 = its top edge, 1 = its bottom). */
async function drag(p: Page, name: string, toRank: number, at: number) {
  const list = p.getByRole('list', { name: 'Ranking, best first' });
  await list.scrollIntoViewIfNeeded();
  const handle = list.getByRole('button', { name: `Drag ${name}` });
  const target = list.locator(`[data-group="${toRank}"]`);
  const from = (await handle.boundingBox())!;
  const to = (await target.boundingBox())!;
  await p.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await p.mouse.down();
  await p.mouse.move(to.x + 40, to.y + to.height * at, { steps: 8 });
  await p.mouse.up();
}

test('ranks four responses by drag and by keys, with a tie, and submits that order', async ({ browser }) => {
  const page = await person(browser, 'cat@triad.test');
  await openWorkbench(page, PROJECT);
  await acknowledgeGuidelines(page);
  const prompt = page.getByRole('region', { name: 'Prompt' });
  await expect(prompt.getByRole('article', { name: /User, message 2/ })).toContainText('read a whole file');
  // Replies render as markdown: highlighted code, bold.
  await expect(page.getByRole('region', { name: 'Response A' }).locator('pre code')).toContainText('with open(path');
  await expect(page.getByRole('region', { name: 'Response B' }).locator('strong')).toHaveText('eventually');
  expect(await ranks(page)).toEqual(['Rank 1', 'Rank 2', 'Rank 3', 'Rank 4']);

  // Drag C above A (the upper edge of rank 1), then D onto the middle of B's rank: a tie.
  await drag(page, 'C', 0, 0.1);
  expect(await ranks(page)).toEqual(['Rank 1', 'Rank 2', 'Rank 3', 'Rank 4']);
  await expect(page.locator('[data-group="0"]')).toContainText('C');
  await drag(page, 'D', 2, 0.5);
  expect(await ranks(page)).toEqual(['Rank 1', 'Rank 2', 'Rank 3, tied: B, D']);

  // Keys: 4 selects D and = unties it (it stands below its tie); 1 then Home puts A first; B goes up a
  // rank with Shift+↑ and back down with ], then = ties it with C above it.
  await page.keyboard.press('4');
  await page.keyboard.press('=');
  expect(await ranks(page)).toEqual(['Rank 1', 'Rank 2', 'Rank 3', 'Rank 4']);
  await page.keyboard.press('1');
  await page.keyboard.press('Home');
  await page.keyboard.press('2');
  await page.keyboard.press('Shift+ArrowUp');
  await expect(page.locator('[data-group="1"]')).toContainText('B');
  await page.keyboard.press(']');
  await page.keyboard.press('=');
  expect(await ranks(page)).toEqual(['Rank 1', 'Rank 2, tied: C, B', 'Rank 3']);
  await editorShot(page, 'label-ranking-four');

  const expected = { preferred: 0, order: [0, 2, 1, 3], ties: [[2, 1]] };
  await expect.poll(async () => (await serverView(page, await currentAssignment(page))).draft?.rank).toMatchObject(expected);
  const { sent, stored } = await submitWithKeys(page, pid);
  expect(sent.answer.rank).toMatchObject(expected);
  expect(stored.rank).toMatchObject(expected);
  await page.context().close();
});

test('the dashboard shows the ranking question\'s top-choice agreement and Kendall τ', async ({ browser }) => {
  // A second labeler ranks both rows through the API: D first, then A = C, then B.
  const ann = await person(browser, 'ann@triad.test');
  for (let i = 0; i < 2; i++) {
    const next = await send(ann, 'POST', `/api/projects/${pid}/next`, { role: 'label' });
    expect(next.status).toBe(200);
    const answer = { rank: { preferred: 3, order: [3, 0, 2, 1], ties: [[0, 2]], strength: null, reason: '', claims: [] } };
    const done = await send(ann, 'POST', `/api/assignments/${next.body.assignment.id}/submit`, { answer, clientSubmissionId: crypto.randomUUID() });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
  }
  await ann.context().close();
  // Row r1 now has two labels: A > C = B > D against D > A = C > B. Different tops; τ-b over the six
  // pairs: (A,B) concordant; (A,D), (B,D), (C,D) discordant; (B,C) tied in the first, (A,C) in the
  // second: (1 − 3) / √(5 · 5) = −0.4.
  await lead.goto(`/projects/${pid}/console`);
  await expect(lead.getByRole('status').filter({ hasText: 'Loading the dashboard' })).toHaveCount(0);
  const row = lead.getByRole('table', { name: 'Agreement per question' }).getByRole('row').filter({ hasText: 'rank' });
  await expect(row).toContainText('top choice agrees 0% · Kendall τ -0.40 (1 pair)');
  await shot(lead, 'console-dashboard-ranking');
});
