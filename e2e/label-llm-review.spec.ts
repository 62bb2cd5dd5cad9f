import { expect, test } from '@playwright/test';
import { signIn } from './helpers';
import { acknowledgeGuidelines, currentAssignment, editorShot, openWorkbench, reloadKeepsDraft, serverView, submitWithKeys } from './label-kit';

type Span = { start: number; end: number; label: string };
type Review = {
  verdict: { labels: string[] };
  entities: { spans: Span[] };
  quality: { scores: Record<string, number>; rationale: string };
};
const spans = (s: Span[]) => s.map(({ start, end, label }) => ({ start, end, label })).sort((a, b) => a.start - b.start);

test('LLM response review: the model\'s labels are shown as suggestions, confirmed or corrected question by question, and stored', async ({ page }) => {
  await signIn(page, 'cat@triad.test');
  const pid = await openWorkbench(page, 'LLM response review');
  await acknowledgeGuidelines(page);
  const data = page.getByRole('region', { name: 'Row data' });
  await expect(data).toContainText('Context');
  await expect(data).toContainText('Query');
  const view = await serverView(page, await currentAssignment(page));
  const pre = view.prelabels as Review;
  expect(pre).toBeTruthy();

  const verdict = page.locator('[data-question="verdict"]');
  const entities = page.locator('[data-question="entities"]');
  const quality = page.locator('[data-question="quality"]');
  // Suggestions are shown apart from the answer: nothing is chosen until the person confirms.
  await expect(verdict.getByRole('note', { name: 'Suggestion' })).toBeVisible();
  await expect(verdict.locator('[aria-pressed="true"]')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Submit/ })).toBeDisabled();
  await expect(verdict).toHaveAttribute('data-active', 'true');

  // Verdict: confirm the suggestion.
  await verdict.getByRole('button', { name: 'Use suggestion' }).click();
  // Entities: Tab hands the keyboard to the next question; Shift+Enter accepts every suggested span.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Tab');
  await expect(entities).toHaveAttribute('data-active', 'true');
  if (pre.entities.spans.length) {
    await page.keyboard.press('Shift+Enter');
    await expect(entities.locator('.ner-mark').first()).toBeVisible();
  }
  // Rating: take the suggestion, then correct the accuracy score.
  await page.keyboard.press('Alt+ArrowDown');
  await expect(quality).toHaveAttribute('data-active', 'true');
  await quality.getByRole('button', { name: 'Use suggestion' }).click();
  const corrected = pre.quality.scores.accuracy === 2 ? 3 : 2;
  await quality.getByRole('button', { name: new RegExp(`^Accuracy: ${corrected}`) }).click();
  await expect(page.getByTestId('submit-blocked')).toHaveCount(0);
  await editorShot(page, 'label-llm-review');

  const expected = {
    verdict: pre.verdict,
    entities: spans(pre.entities.spans),
    scores: { ...pre.quality.scores, accuracy: corrected },
  };
  const check = (a: unknown) => {
    const v = a as Review;
    expect(v.verdict).toEqual(expected.verdict);
    expect(spans(v.entities.spans)).toEqual(expected.entities);
    expect(v.quality.scores).toEqual(expected.scores);
  };
  await reloadKeepsDraft(page, async () => {
    await expect(page.locator('[data-question="verdict"] [aria-pressed="true"]')).toHaveCount(1);
  });
  check((await serverView(page, await currentAssignment(page))).draft);

  const { sent, stored } = await submitWithKeys(page, pid);
  check(sent.answer);
  check(stored);
  await expect(page.locator('[data-question="verdict"] [aria-pressed="true"]')).toHaveCount(0);
});
