import { expect, test, type Page } from '@playwright/test';
import { shot, signIn, signOut } from './helpers';
import { apiJson } from './label-kit';

// Skills assessments (issue 16): an admin defines one and names a grader; a project asks for an Evaluation
// score of 3; Cat is kept from its rows, takes the assessment (a paste is recorded, required answers are
// enforced, progress survives a reload), the grader scores her 2 and she is still kept out; she deletes the
// attempt, retakes it, is graded 4 and gets a row.
test.describe.configure({ mode: 'serial' });

const TITLE = 'Evaluator vetting';
const PROJECT = 'Vetted reviews';
let pid = 0;

async function labelPageSays(page: Page, text: RegExp) {
  await page.goto(`/projects/${pid}/label`);
  await expect(page.getByRole('heading', { name: 'Nothing to label right now' })).toBeVisible();
  await expect(page.getByText(text)).toBeVisible();
}

async function gradeFirstQuestion(page: Page, score: number) {
  await signIn(page, 'rex@triad.test');
  await page.getByRole('link', { name: 'Assessments' }).click();
  await page.getByRole('link', { name: /Grading \(1 waiting\)/ }).click();
  await page.getByRole('row', { name: /Cat Carter/ }).getByRole('link', { name: 'Grade' }).click();
  await expect(page.getByRole('heading', { name: `Cat Carter: ${TITLE}` })).toBeVisible();
  const q1 = page.getByRole('region', { name: 'Question 1' });
  await q1.getByRole('group', { name: 'Score for Question 1' }).getByRole('button', { name: String(score) }).click();
  await q1.getByLabel('Note for Question 1').fill(score < 3 ? 'Restates the answers without judging them' : 'Grounded and specific');
  await q1.getByRole('button', { name: 'Save grade' }).click();
  await expect(q1.getByText(`Graded ${score} / 5`)).toBeVisible();
}

test('an admin defines an assessment and names its grader; a project asks for Evaluation 3', async ({ page }) => {
  await signIn(page, 'lead@triad.test');
  await page.getByRole('link', { name: 'Assessments' }).click();
  await page.getByRole('link', { name: 'New assessment' }).click();
  await page.getByLabel('Title').fill(TITLE);
  await page.getByLabel('Instructions').fill('Judge the **responses** in your own words.');
  await page.getByLabel('Prompt').fill('Response A cites a source, B does not. Which is more helpful, and why?');
  await page.getByRole('button', { name: 'Add a question' }).click();
  const q2 = page.getByRole('group', { name: 'Question 2' });
  await q2.getByLabel('Prompt').fill('Paste or write the passage you would flag as unsupported.');
  await q2.getByLabel('Skill').selectOption('Rubric Work');
  await q2.getByLabel('Required').uncheck();
  await page.getByRole('checkbox', { name: /Rex Reviewer/ }).check();
  await shot(page, 'assessment-editor');
  await page.getByRole('button', { name: 'Save assessment' }).click();
  await expect(page.getByRole('row', { name: new RegExp(TITLE) })).toContainText('Evaluation, Rubric Work');

  const p = await apiJson<{ project: { id: number } }>(page, 'POST', '/api/projects', {
    name: PROJECT, schema: [{ id: 'sentiment', type: 'classification', title: 'Sentiment', config: { field: 'text', labels: [{ value: 'positive', hotkey: '1' }, { value: 'negative', hotkey: '2' }] } }],
    settings: { requirements: { skills: { Evaluation: 3 } } },
  });
  pid = p.body.project.id;
  expect((await apiJson(page, 'POST', `/api/projects/${pid}/members`, { email: 'cat@triad.test', roles: ['annotator'] })).status).toBe(201);
  const status = await page.evaluate(async (pid) => (await fetch(`/api/projects/${pid}/imports`, { method: 'POST', body: '{"id":"r1","data":{"text":"Great kettle."}}' })).status, pid);
  expect(status).toBe(200);
  await signOut(page);
});

test('Cat is kept from rows, takes the assessment with a paste, resumes it and submits', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  page.on('dialog', (d) => void d.accept());
  await signIn(page, 'cat@triad.test');
  await labelPageSays(page, /Evaluation score of at least 3 \(you have none yet/);
  await shot(page, 'assessment-required-to-label');

  await page.getByRole('link', { name: 'Assessments' }).click();
  await page.getByRole('row', { name: new RegExp(TITLE) }).getByRole('link', { name: 'Start' }).click();
  const q2 = page.getByRole('textbox', { name: /Paste or write the passage/ });
  const passage = 'The study of 2019 proved beyond doubt that every kettle boils water twice as fast when descaled monthly, according to experts. '.repeat(3);
  await page.evaluate((text) => navigator.clipboard.writeText(text), passage);
  await q2.click();
  await page.keyboard.press('Control+V');
  await expect(q2).toHaveValue(passage);
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();

  // Submitting with the required answer blank says which one; nothing is submitted.
  await page.getByRole('button', { name: 'Submit for grading' }).click();
  await expect(page.getByText('This question needs an answer.')).toBeVisible();
  await page.reload();
  await expect(q2).toHaveValue(passage);
  await page.getByRole('textbox', { name: /Which is more helpful/ }).fill('B, since it answers the question.');
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();
  await shot(page, 'assessment-taking');
  await page.getByRole('button', { name: 'Submit for grading' }).click();
  await expect(page.getByText('Submitted: graders score each answer from 1 to 5.')).toBeVisible();
  await signOut(page);
});

test('the grader sees the paste and scores 2; Cat is still kept out', async ({ page }) => {
  await gradeFirstQuestion(page, 2);
  await expect(page.getByRole('region', { name: 'Question 2' }).getByRole('note')).toHaveText(/Pasted: 3\d\d characters/);
  await shot(page, 'assessment-grading');
  await signOut(page);
  await signIn(page, 'cat@triad.test');
  await labelPageSays(page, /Evaluation score of at least 3 \(yours is 2\)/);
  await signOut(page);
});

test('Cat deletes the attempt and retakes it; graded 4, she gets a row', async ({ page }) => {
  page.on('dialog', (d) => void d.accept());
  await signIn(page, 'cat@triad.test');
  await page.goto('/assessments');
  await page.getByRole('row', { name: new RegExp(TITLE) }).getByRole('link', { name: 'View' }).click();
  await expect(page.getByText('Score 2 / 5')).toBeVisible();
  await page.getByRole('button', { name: 'Delete attempt and retake' }).click();
  const q1 = page.getByRole('textbox', { name: /Which is more helpful/ });
  await expect(q1).toHaveValue('');
  await q1.fill('A: it cites its source, so the claim can be checked; B asserts without support.');
  await page.getByRole('button', { name: 'Submit for grading' }).click();
  await expect(page.getByText('Submitted: graders score each answer from 1 to 5.')).toBeVisible();
  await signOut(page);

  await gradeFirstQuestion(page, 4);
  await signOut(page);
  await signIn(page, 'cat@triad.test');
  await page.goto('/assessments');
  await expect(page.getByRole('region', { name: 'Your scores' })).toContainText('Evaluation4 / 5');
  await page.goto(`/projects/${pid}/label`);
  await expect(page.getByText('Great kettle.')).toBeVisible();
  await shot(page, 'assessment-passed-labeling');
});
