import { expect, test, type Page } from '@playwright/test';
import { shot } from './helpers';
import { send } from './security-kit';
import { acknowledgeGuidelines, currentAssignment, openWorkbench, serverView, submitWithKeys } from './label-kit';
import { giveOverruleReason, history, leadRow, person, question, reviewRow } from './review-kit';

// Questions asked per assistant turn, end to end: a lead imports a conversation project through the API,
// two labelers judge it turn by turn with the keyboard alone (a rubric per turn, a safety choice per
// turn, a harm category only for the unsafe turn), a reviewer resolves the one turn they disagree on,
// and the final comes back through the export API, per row and per turn.
test.describe.configure({ mode: 'serial' });

const PROJECT = 'Per-turn chat review';
const perTurn = { each: 'turn', field: 'messages' };
const SCHEMA = [
  {
    id: 'quality', type: 'rating', title: 'Quality', scope: perTurn,
    config: { criteria: [{ id: 'helpful', title: 'Helpful', tolerance: 0 }, { id: 'correct', title: 'Correct', tolerance: 0 }] },
  },
  { id: 'safety', type: 'classification', title: 'Safety', scope: perTurn, config: { labels: [{ value: 'safe', hotkey: 's' }, { value: 'unsafe', hotkey: 'u' }] } },
  {
    id: 'harm', type: 'classification', title: 'Harm category', scope: perTurn, showIf: { question: 'safety', equals: 'unsafe' },
    config: { labels: [{ value: 'chemical', hotkey: 'c' }, { value: 'other', hotkey: 'o' }] },
  },
];
const MESSAGES = [
  { role: 'system', content: 'You are a helpful assistant for household chores.' },
  { role: 'user', content: 'How do I descale a kettle?' },
  { role: 'assistant', content: 'Fill it halfway with **equal parts** water and white vinegar, boil, leave it for an hour, then rinse:\n\n```text\n1. boil\n2. wait 60 min\n3. rinse twice\n```' },
  { role: 'user', content: 'Can I add bleach to make it faster?' },
  { role: 'assistant', content: 'Yes, a splash of bleach with the vinegar works faster.' },
];

let ann: Page, bob: Page, rex: Page, lead: Page;
let pid = 0;

test.beforeAll(async ({ browser }) => {
  [ann, bob, rex, lead] = await Promise.all(['ann', 'bob', 'rex', 'lead'].map((n) => person(browser, `${n}@triad.test`)));
  const created = await send(lead, 'POST', '/api/projects', { name: PROJECT, schema: SCHEMA });
  expect(created.status).toBe(201);
  pid = created.body.project.id as number;
  for (const [who, role] of [['ann', 'annotator'], ['bob', 'annotator'], ['rex', 'reviewer']]) {
    expect((await send(lead, 'POST', `/api/projects/${pid}/members`, { email: `${who}@triad.test`, roles: [role] })).status).toBe(201);
  }
  // A second row, so a submit shows the next one (the workbench claims it ahead) as it would in real work.
  const lines = [
    { id: 'chat-1', data: { messages: MESSAGES } },
    { id: 'chat-2', data: { messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello! How can I help?' }] } },
  ].map((l) => JSON.stringify(l)).join('\n');
  const imported = await send(lead, 'POST', `/api/projects/${pid}/imports?format=jsonl`, lines, 'application/x-ndjson');
  expect(imported.body.report).toMatchObject({ imported: 2 });
});
test.afterAll(async () => {
  for (const p of [ann, bob, rex, lead]) await p?.context().close();
});

const q = (p: Page, id: string) => p.locator(`[data-question="${id}"]`);
const turnOf = (p: Page, id: string, n: number) => q(p, id).getByRole('listitem', { name: `Turn ${n}` });

/**
 * One labeler's pass, keys only: digits score the active turn's criteria, Shift+↓ moves to the next
 * turn, Tab to the next question; `s`/`u` answer safety; the harm question appears for the unsafe turn.
 */
async function labelTurnByTurn(p: Page, scores: { turn3: string; turn5: string }, screenshot?: string) {
  await expect(turnOf(p, 'quality', 3)).toHaveAttribute('data-active', 'true');
  await expect(q(p, 'harm')).toHaveCount(0);
  // The transcript in the data panel follows the turn that owns the keyboard.
  const transcript = p.getByRole('region', { name: 'Row data' }).locator('[data-turn][aria-current="true"]');
  await expect(transcript).toHaveAttribute('data-turn', '2');
  await p.keyboard.type(scores.turn3);
  await p.keyboard.press('Shift+ArrowDown');
  await expect(turnOf(p, 'quality', 5)).toHaveAttribute('data-active', 'true');
  await expect(transcript).toHaveAttribute('data-turn', '4');
  await p.keyboard.type(scores.turn5);
  await expect(q(p, 'quality')).toContainText('per turn · 2/2 done');

  await p.keyboard.press('Tab');
  await expect(turnOf(p, 'safety', 3)).toHaveAttribute('data-active', 'true');
  await p.keyboard.press('s');
  await p.keyboard.press('Shift+ArrowDown');
  await p.keyboard.press('u');
  await expect(q(p, 'harm').getByRole('listitem')).toHaveCount(1);
  await expect(turnOf(p, 'harm', 5)).toBeVisible();
  await expect(p.getByTestId('submit-blocked')).toContainText('Harm category');
  await p.keyboard.press('Tab');
  await expect(turnOf(p, 'harm', 5)).toHaveAttribute('data-active', 'true');
  await p.keyboard.press('c');
  await expect(p.getByTestId('submit-blocked')).toHaveCount(0);
  if (screenshot) await shot(p, screenshot);
}

const score = (helpful: number, correct: number) => ({ scores: { helpful, correct }, rationale: '' });

test('two labelers judge a conversation turn by turn with the keyboard', async () => {
  const annPid = await openWorkbench(ann, PROJECT);
  expect(annPid).toBe(pid);
  await acknowledgeGuidelines(ann);
  const { row } = await serverView(ann, await currentAssignment(ann));
  expect(row.externalId).toBe('chat-1');
  // The help overlay names the keys that move between turns.
  await ann.keyboard.press('?');
  const help = ann.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help.getByRole('region', { name: 'Quality · Turn 3' })).toContainText('Next turn');
  await ann.keyboard.press('Escape');
  await labelTurnByTurn(ann, { turn3: '45', turn5: '11' }, 'per-turn-label');
  const first = await submitWithKeys(ann, pid);
  expect(first.stored).toEqual({
    quality: { items: { 2: score(4, 5), 4: score(1, 1) } },
    safety: { items: { 2: { labels: ['safe'] }, 4: { labels: ['unsafe'] } } },
    harm: { items: { 4: { labels: ['chemical'] } } },
  });

  await openWorkbench(bob, PROJECT);
  await acknowledgeGuidelines(bob);
  expect((await serverView(bob, await currentAssignment(bob))).row.externalId).toBe('chat-1');
  await labelTurnByTurn(bob, { turn3: '45', turn5: '31' });
  await submitWithKeys(bob, pid);
  expect((await leadRow(lead, pid, row.id)).state).toBe('qa');
});

test('the reviewer resolves the turn in conflict, and the final comes back through the export API', async () => {
  expect(await reviewRow(rex, pid, 'chat-1')).toBe(true);
  const quality = question(rex, 'Quality');
  // Only turn 5's rubric differs: it comes first, open and marked; turn 3 is folded with the agreed scores.
  const conflict = quality.getByRole('article', { name: 'Turn 5 (conflict)' });
  await expect(conflict).toBeVisible();
  await expect(quality.getByTestId('items-summary')).toHaveText('1 of 2 turns in conflict · 1 undecided');
  await expect(conflict).toContainText('Can I add bleach to make it faster?');
  await expect(quality.getByRole('article', { name: 'Turn 3' })).toContainText('Both labelers agree');
  await expect(question(rex, 'Safety')).toContainText('Both labelers agree; the final holds the agreed answer.');
  await rex.keyboard.press('Control+Enter');
  await expect(rex.getByRole('alert')).toContainText('Decide “Quality” (Turn 5) first');
  await shot(rex, 'per-turn-review');

  // Labeler 1 was right about turn 5: Alt+A takes their answer for the turn the question is on.
  await conflict.getByText('Yes, a splash of bleach').click();
  await rex.keyboard.press('Alt+a');
  await expect(quality.getByTestId('items-summary')).toHaveText('1 of 2 turns in conflict');
  // Turn 3 agreed and turn 5 is now Labeler 1's: the final is Labeler 1's whole answer.
  await expect(quality.getByText('final: Labeler 1')).toBeVisible();
  // Labeler 2 is overruled on the conflict: the reviewer says why.
  await giveOverruleReason(rex);
  await rex.keyboard.press('Control+Enter');
  await expect(rex.getByRole('heading', { level: 1, name: 'Row chat-1' })).toHaveCount(0);

  const expected = {
    quality: { items: { 2: score(4, 5), 4: score(1, 1) } },
    safety: { items: { 2: { labels: ['safe'] }, 4: { labels: ['unsafe'] } } },
    harm: { items: { 4: { labels: ['chemical'] } } },
  };
  const rows = await exportLines(lead, `/api/projects/${pid}/exports?format=jsonl`); // finalized rows only: chat-1
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ external_id: 'chat-1', final: expected });
  const h = await history(lead, pid, rows[0].id as number);
  expect(h.finals.at(-1)).toMatchObject({ source: 'qa', answer: expected });

  // Per-turn rows: one line per assistant turn and question, with the turn's text and its answer.
  const items = await exportLines(lead, `/api/projects/${pid}/exports?format=items&question=quality`);
  expect(items.map((l) => [l.item, l.item_title, l.answer])).toEqual([[2, 'Turn 3', score(4, 5)], [4, 'Turn 5', score(1, 1)]]);
  expect(items[1].content).toBe(MESSAGES[4].content);
});

/** An export's JSON lines, as the lead downloads them. */
async function exportLines(p: Page, path: string): Promise<Record<string, unknown>[]> {
  const text = await p.evaluate(async (url) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
    return res.text();
  }, path);
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}
