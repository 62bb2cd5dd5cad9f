import { expect, test } from '@playwright/test';
import { shot, signIn, signOut } from './helpers';

// A question of a task type in an assessment (issue 16 part 2): the admin picks the type, writes its
// labels with the type's own form, gives a sample item and the reference answer with the type's editor;
// Ann answers with the same editor and is scored against the reference on submit; the grader sees both.
test.describe.configure({ mode: 'serial' });

const TITLE = 'Sentiment drill';

test('an admin adds a classification question with a reference answer', async ({ page }) => {
  await signIn(page, 'lead@triad.test');
  await page.getByRole('link', { name: 'Assessments' }).click();
  await page.getByRole('link', { name: 'New assessment' }).click();
  await page.getByLabel('Title').fill(TITLE);
  const q1 = page.getByRole('group', { name: 'Question 1' });
  await q1.getByLabel('Prompt').fill('What is the sentiment of this review?');
  await q1.getByLabel('Answered with').selectOption({ label: 'Task: Classification' });
  await q1.getByLabel('Sample item (JSON of its data fields)').fill('{"text": "The kettle broke after one day. Never again."}');
  // No reference yet: the server says so under the reference.
  await page.getByRole('button', { name: 'Save assessment' }).click();
  await expect(q1.getByRole('alert').filter({ hasText: 'reference: answer the question completely' })).toBeVisible();
  const reference = q1.getByRole('group', { name: 'Reference answer of question 1' });
  await expect(reference).toContainText('The kettle broke after one day.');
  await reference.getByRole('button', { name: /negative/ }).click();
  await shot(page, 'assessment-task-question-editor');
  await page.getByRole('button', { name: 'Save assessment' }).click();
  await expect(page.getByRole('row', { name: new RegExp(TITLE) })).toContainText('Evaluation');
  await signOut(page);
});

test('Ann answers with the classification editor and is scored against the reference on submit; the grader sees both', async ({ page }) => {
  await signIn(page, 'ann@triad.test');
  await page.getByRole('link', { name: 'Assessments' }).click();
  await page.getByRole('row', { name: new RegExp(TITLE) }).getByRole('link', { name: 'Start' }).click();
  const mine = page.getByRole('group', { name: 'Your answer to question 1' });
  await expect(mine).toContainText('Never again.');
  // Submitting with no choice names the question.
  await page.getByRole('button', { name: 'Submit for grading' }).click();
  await expect(page.getByText('This question needs a complete answer.')).toBeVisible();
  await mine.getByRole('button', { name: /negative/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();
  await page.reload();
  await expect(mine.getByRole('button', { name: /negative/ })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Submit for grading' }).click();
  await expect(page.getByText('Score 5 / 5')).toBeVisible();
  await expect(page.getByText('Scored against the reference answer: 100% agreement')).toBeVisible();
  await shot(page, 'assessment-task-question-scored');
  await signOut(page);

  await signIn(page, 'lead@triad.test');
  await page.goto('/grading');
  await page.getByRole('row', { name: new RegExp(`Ann Annotator.*${TITLE}`) }).getByRole('link').click();
  const q = page.getByRole('region', { name: 'Question 1' });
  await expect(q.getByRole('group', { name: "Ann Annotator's answer to question 1" }).getByRole('button', { name: /negative/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(q.getByText('Scored 5 / 5 against the reference: your grade replaces it')).toBeVisible();
  await q.getByText('Reference answer').click();
  await expect(q.getByRole('group', { name: 'Reference answer of question 1' }).getByRole('button', { name: /negative/ })).toHaveAttribute('aria-pressed', 'true');
  // The answer and its reference are one question shown twice: both editors stand.
  await expect(page.getByText(/The editor of .* failed/)).toHaveCount(0);
  await shot(page, 'assessment-task-question-grading');
});

test('the admin corrects the reference: Ann\'s submitted answer is scored again and she sees the new score', async ({ page }) => {
  await signIn(page, 'lead@triad.test');
  await page.getByRole('link', { name: 'Assessments' }).click();
  await page.getByRole('row', { name: new RegExp(TITLE) }).getByRole('link', { name: 'Edit' }).click();
  const reference = page.getByRole('group', { name: 'Question 1' }).getByRole('group', { name: 'Reference answer of question 1' });
  await reference.getByRole('button', { name: /negative/ }).click();
  await reference.getByRole('button', { name: /positive/ }).click();
  await page.getByRole('button', { name: 'Save assessment' }).click();
  await expect(page.getByText(`${TITLE} saved; 1 submitted answer was scored again against the changed references`)).toBeVisible();
  await signOut(page);

  await signIn(page, 'ann@triad.test');
  await page.getByRole('link', { name: 'Assessments' }).click();
  await page.getByRole('row', { name: new RegExp(TITLE) }).getByRole('link', { name: 'View' }).click();
  await expect(page.getByText('Score 1 / 5')).toBeVisible();
  await expect(page.getByText('Scored against the reference answer: 0% agreement')).toBeVisible();
});
