import { expect, test, type Page } from '@playwright/test';
import { shot } from './helpers';
import { apiJson, projectId } from './label-kit';
import { claimRowOf, giveOverruleReason, history, labelTwice, leadRow, person, question, reviewRow, submitApi } from './review-kit';

// One server and database: the people, rows and claims of each step carry into the next.
test.describe.configure({ mode: 'serial' });

let ann: Page, bob: Page, cat: Page, rex: Page, rita: Page, lead: Page;

test.beforeAll(async ({ browser }) => {
  [ann, bob, cat, rex, rita, lead] = await Promise.all(
    ['ann', 'bob', 'cat', 'rex', 'rita', 'lead'].map((n) => person(browser, `${n}@triad.test`)),
  );
});
test.afterAll(async () => {
  for (const p of [ann, bob, cat, rex, rita, lead]) await p?.context().close();
});

const choose = (key: string) => async (p: Page) => {
  await p.keyboard.press(key);
  await expect(p.getByRole('button', { name: /^(Positive|Neutral|Negative)/, pressed: true })).toHaveCount(1);
};

/** Tags the first word of the row's text with the label of `key`, by mouse and keyboard. */
const tagFirstWord = (key: string) => async (p: Page) => {
  const text = p.getByTestId('ner-text');
  await text.locator('[data-offset]').first().dblclick({ position: { x: 4, y: 8 } });
  await p.keyboard.press(key);
  await expect(text.locator('[data-spans]').first()).toBeVisible();
};

test('classification: two labels disagree, the reviewer sees the conflict, takes a version, edits it, and the final is stored', async () => {
  const row = await labelTwice(lead, ann, bob, 'Review sentiment', choose('1'), choose('3'));

  // The reviewer comes in from the project page.
  await rex.goto('/');
  await rex.getByRole('article', { name: 'Review sentiment' }).getByRole('link').first().click();
  await rex.getByRole('link', { name: /^Review/ }).click();
  await expect(rex).toHaveURL(new RegExp(`/projects/${row.pid}/review$`));
  expect(await reviewRow(rex, row.pid, row.externalId)).toBe(true);

  const q = question(rex, 'Sentiment');
  await expect(rex.getByText('1 of 1 question in conflict')).toBeVisible();
  await expect(q.getByLabel(/Agreement 0%, conflict/)).toBeVisible();
  const l1 = q.getByRole('region', { name: 'Labeler 1' });
  const l2 = q.getByRole('region', { name: 'Labeler 2' });
  await expect(l1.getByRole('button', { name: /conflict, Labeler 2 did not choose it/ })).toBeVisible();
  await expect(l2.getByRole('button', { name: /conflict, Labeler 1 did not choose it/ })).toBeVisible();
  // Nothing is chosen for the reviewer: Accept says what is still open.
  await expect(q.getByText('undecided')).toBeVisible();
  await rex.keyboard.press('Control+Enter');
  await expect(rex.getByRole('alert')).toContainText('Decide “Sentiment” first');
  await shot(rex, 'review-classification');

  // Take Labeler 2 with the keyboard, then overrule it in the final editor (the annotators' own editor).
  await rex.keyboard.press('Alt+b');
  await expect(l2.getByRole('button', { name: 'Take Labeler 2' })).toHaveAttribute('aria-pressed', 'true');
  await expect(q.getByText('final: Labeler 2')).toBeVisible();
  const final = q.getByRole('region', { name: 'Final answer' });
  await final.getByRole('button', { name: /Neutral/ }).click();
  await expect(q.getByText('final: edited')).toBeVisible();
  await shot(rex, 'review-classification-resolved');

  // The final overrules both labelers on a conflict: the reviewer says why.
  await giveOverruleReason(rex);
  await rex.keyboard.press('Control+Enter');
  await expect(rex.getByRole('heading', { level: 1, name: `Row ${row.externalId}` })).toHaveCount(0);
  const h = await history(lead, row.pid, row.rowId);
  expect(h.finals.at(-1)).toMatchObject({ source: 'qa', answer: { sentiment: { labels: ['neutral'] } }, choices: { sentiment: 'edited' } });
  expect((await leadRow(lead, row.pid, row.rowId)).state).toBe('final');
});

test('ner: both span layers, the reviewer takes one side, and the final spans are stored', async () => {
  const row = await labelTwice(lead, ann, bob, 'News entities', tagFirstWord('1'), tagFirstWord('2'));
  expect(await reviewRow(rex, row.pid, row.externalId)).toBe(true);

  const q = question(rex, 'Entities');
  await expect(q.getByLabel(/conflict/).first()).toBeVisible();
  const l1 = q.getByRole('region', { name: 'Labeler 1' });
  const l2 = q.getByRole('region', { name: 'Labeler 2' });
  await expect(l1.locator('mark.cmp-span')).toHaveCount(1);
  await expect(l2.locator('mark.cmp-span')).toHaveCount(1);
  await expect(q.getByTestId('ner-text')).toBeVisible();
  await shot(rex, 'review-ner');

  const ann1 = await apiJson<{ row: { data: { text: string } } }>(lead, 'GET', `/api/projects/${row.pid}/rows/${row.rowId}`);
  const firstWord = /^\S+?(?=[\s,.;:]|$)/.exec(ann1.body.row.data.text)![0];
  await l1.getByRole('button', { name: 'Take Labeler 1' }).click();
  await expect(q.getByText('final: Labeler 1')).toBeVisible();
  await giveOverruleReason(rex, 'Missed part of the data');
  await rex.keyboard.press('Control+Enter');
  await expect(rex.getByRole('heading', { level: 1, name: `Row ${row.externalId}` })).toHaveCount(0);

  const h = await history(lead, row.pid, row.rowId);
  const spans = (h.finals.at(-1)!.answer.entities as { spans: { start: number; end: number; label: string }[] }).spans;
  expect(spans).toEqual([expect.objectContaining({ start: 0, end: firstWord.length, label: 'PER' })]);
  expect(h.finals.at(-1)!.choices).toEqual({ entities: 'l1' });
});

test('send back: the reviewer must write a note, and the new labeler sees it', async () => {
  const row = await labelTwice(lead, ann, cat, 'Review sentiment', choose('2'), choose('1'));
  expect(await reviewRow(rex, row.pid, row.externalId)).toBe(true);

  await rex.keyboard.press('Alt+r');
  const form = rex.getByRole('form', { name: 'Send back for a new round' });
  await form.getByRole('button', { name: 'Send back' }).click();
  await expect(form.getByRole('alert')).toContainText('Pick a reason');
  await form.getByLabel('Reason').selectOption('Guideline misread');
  await form.getByRole('button', { name: 'Send back' }).click();
  await expect(form.getByRole('alert')).toContainText('Write a note');
  const note = 'Mixed praise and complaint is neutral only when neither dominates; read the last sentence.';
  await form.getByLabel('Note for the new labelers').fill(note);
  await form.getByRole('button', { name: 'Send back' }).click();
  await expect(rex.getByRole('heading', { level: 1, name: `Row ${row.externalId}` })).toHaveCount(0);
  const r = await leadRow(lead, row.pid, row.rowId);
  expect(r).toMatchObject({ state: 'labeling', round: 2, roundNote: note });

  // Bob never held the row: he is one of its fresh labelers and reads the note above it.
  await bob.goto(`/projects/${row.pid}/label`);
  await expect(bob.getByTestId('workbench')).toBeVisible();
  for (let i = 0; i < 30; i++) {
    const banner = bob.getByRole('note', { name: 'Note from QA' });
    if (await banner.isVisible()) break;
    const before = await bob.getByTestId('workbench').getAttribute('data-assignment');
    await bob.keyboard.press('Alt+s');
    await expect(bob.getByTestId('workbench')).not.toHaveAttribute('data-assignment', before!);
  }
  await expect(bob.getByRole('note', { name: 'Note from QA' })).toContainText(note);
  await shot(bob, 'review-sent-back-labeler');
});

test('escalation: the reviewer asks, the lead answers in the inbox with a guideline revision, the row returns to QA with the answer', async () => {
  const row = await labelTwice(lead, bob, cat, 'News entities', tagFirstWord('1'), tagFirstWord('3'));
  expect(await reviewRow(rex, row.pid, row.externalId)).toBe(true);

  const ask = 'Is a person\'s name at the start of a sentence PER even when it is also a place (Paris Hilton)?';
  await rex.keyboard.press('Alt+e');
  const form = rex.getByRole('form', { name: 'Escalate to the leads' });
  await form.getByLabel('Question for the leads').fill(ask);
  await rex.keyboard.press('Control+Enter');
  await expect(rex.getByRole('heading', { level: 1, name: `Row ${row.externalId}` })).toHaveCount(0);
  expect((await leadRow(lead, row.pid, row.rowId)).state).toBe('escalated');

  await lead.goto(`/projects/${row.pid}/escalations`);
  const item = lead.getByRole('article', { name: `Escalation on row ${row.externalId}` });
  await expect(item.getByLabel('Question')).toHaveText(ask);
  await expect(item.getByText('waiting for your answer')).toBeVisible();
  await expect(item.getByRole('region', { name: `Data of row ${row.externalId}` })).toContainText(/\w+/);
  const answer = 'Tag what the name refers to in the sentence: a person is PER.';
  await item.getByLabel('Your answer').fill(answer);
  await item.getByLabel(/Also publish a guideline revision/).check();
  const guideline = item.getByLabel('Guideline (markdown)');
  await expect(guideline).not.toHaveValue('');
  await guideline.press('Control+End');
  await guideline.pressSequentially('\n\n## Names that are also places\n\nTag what the name refers to in this sentence.\n');
  await shot(lead, 'review-inbox');
  await item.getByRole('button', { name: 'Publish and answer' }).click();
  await expect(item).toHaveCount(0);
  await expect(lead.getByText('No open escalations: nothing is waiting for a lead.')).toBeVisible();
  const g = await apiJson<{ current: { version: number; body: string } }>(lead, 'GET', `/api/projects/${row.pid}/guidelines`);
  expect(g.body.current.body).toContain('## Names that are also places');
  expect((await leadRow(lead, row.pid, row.rowId)).state).toBe('qa');

  // The row comes back to the reviewer who asked, with the answer beside it.
  expect(await reviewRow(rex, row.pid, row.externalId)).toBe(true);
  const answers = rex.getByRole('region', { name: 'Answers from the leads' });
  await expect(answers).toContainText(ask);
  await expect(answers).toContainText(answer);
  await expect(question(rex, 'Entities').getByTestId('ner-text')).toBeVisible();
  await shot(rex, 'review-escalation-answered');
  await question(rex, 'Entities').getByRole('button', { name: 'Take Labeler 2' }).click();
  await giveOverruleReason(rex, 'Ambiguous: the guideline does not say');
  await rex.keyboard.press('Control+Enter');
  await expect(rex.getByRole('heading', { level: 1, name: `Row ${row.externalId}` })).toHaveCount(0);
  const h = await history(lead, row.pid, row.rowId);
  const labels = h.answers.filter((a) => a.kind === 'label').sort((x, y) => x.id - y.id);
  expect(h.finals.at(-1)).toMatchObject({ answer: labels[1].answer, choices: { entities: 'l2' } });
  expect(labels[0].answer).not.toEqual(labels[1].answer);
  expect(h.escalations).toEqual([expect.objectContaining({ question: ask, answer, status: 'answered' })]);
});

test('expert rule: a non-expert reviewer is not offered a finance row no expert labeled; the finance expert reviewer is', async () => {
  const pid = await projectId(lead, 'LLM response review');
  const c = await claimRowOf(cat, pid, 'finance');
  const b = await claimRowOf(bob, pid, 'finance', c.row.id);
  await submitApi(cat, c, { ...c.prelabels!, verdict: { labels: ['good'] } }, true);
  await submitApi(bob, b, { ...b.prelabels!, verdict: { labels: ['bad'] } }, true);
  expect((await leadRow(lead, pid, c.row.id)).state).toBe('qa');
  const externalId = c.row.externalId!;

  // Rex has no finance expertise and neither labeler had it: the row is never on his screen.
  expect(await reviewRow(rex, pid, externalId)).toBe(false);
  await expect(rex.getByRole('heading', { level: 1, name: 'The waiting rows need an expert' })).toBeVisible();
  await shot(rex, 'review-expert-not-offered');

  // Rita is the finance expert: the row is hers, with nothing preselected (she is the expert).
  expect(await reviewRow(rita, pid, externalId)).toBe(true);
  await expect(rita.locator('.rv-needs')).toContainText('finance');
  await expect(rita.getByRole('note', { name: 'Expert preselection' })).toHaveCount(0);
  const verdict = question(rita, 'Verdict');
  await expect(verdict.getByText('undecided')).toBeVisible();
  await expect(verdict.getByRole('region', { name: 'Labeler 1' }).getByText('best effort')).toBeVisible();
  await verdict.getByRole('region', { name: /Labeler [12]/ }).filter({ has: rita.getByRole('button', { name: /^Bad/ }) })
    .getByRole('button', { name: /^Take Labeler/ }).click();
  await giveOverruleReason(rita);
  await rita.keyboard.press('Control+Enter');
  await expect(rita.getByRole('heading', { level: 1, name: `Row ${externalId}` })).toHaveCount(0);
  expect((await history(lead, pid, c.row.id)).finals.at(-1)!.answer.verdict).toEqual({ labels: ['bad'] });
});

test("expert rule: a non-expert reviewer sees the expert labeler's answer preselected, and why", async () => {
  const pid = await projectId(lead, 'LLM response review');
  const a = await claimRowOf(ann, pid, 'finance');
  const c = await claimRowOf(cat, pid, 'finance', a.row.id);
  await submitApi(ann, a, { ...a.prelabels!, verdict: { labels: ['partial'] } });
  await submitApi(cat, c, { ...c.prelabels!, verdict: { labels: ['good'] } }, true);
  const externalId = a.row.externalId!;

  expect(await reviewRow(rex, pid, externalId)).toBe(true);
  const note = rex.getByRole('note', { name: 'Expert preselection' });
  await expect(note).toContainText(/Labeler [12] is a finance expert: their answer is preselected/);
  const side = /Labeler ([12])/.exec((await note.textContent())!)![1];
  const verdict = question(rex, 'Verdict');
  const expertVersion = verdict.getByRole('region', { name: `Labeler ${side}` });
  await expect(expertVersion.getByText('expert', { exact: true })).toBeVisible();
  await expect(expertVersion.getByRole('button', { name: /^Partially correct/ })).toBeVisible();
  await expect(expertVersion.getByRole('button', { name: `Take Labeler ${side}` })).toHaveAttribute('aria-pressed', 'true');
  await expect(verdict.getByText(`final: Labeler ${side}`)).toBeVisible();
  // The other questions agree (both kept the prelabels): collapsed, after the conflict.
  await expect(question(rex, 'Rating').getByRole('button', { name: /Rating/, expanded: false })).toBeVisible();
  await shot(rex, 'review-expert-preselected');

  // The expert's answer overrules the other labeler on the conflict: the reviewer says why.
  await giveOverruleReason(rex);
  await rex.keyboard.press('Control+Enter');
  // Accept asks once while the conflict's card has not been half on screen, which depends on how tall the
  // response makes it in this viewport; Enter confirms (the check itself is tested in review-daily.spec.ts).
  await rex.getByRole('alertdialog').waitFor({ timeout: 3000 }).then(() => rex.keyboard.press('Enter'), () => undefined);
  await expect(rex.getByRole('heading', { level: 1, name: `Row ${externalId}` })).toHaveCount(0);
  const f = (await history(lead, pid, a.row.id)).finals.at(-1)!;
  expect(f.answer.verdict).toEqual({ labels: ['partial'] });
  expect(f.choices!.verdict).toBe(side === '1' ? 'l1' : 'l2');
});
