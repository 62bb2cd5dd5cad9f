import { expect, test } from '@playwright/test';
import { signIn } from './helpers';
import { acknowledgeGuidelines, currentAssignment, editorShot, openWorkbench, reloadKeepsDraft, serverView, submitWithKeys, textRangeBox } from './label-kit';

test('ner: a span dragged with the mouse, one double-clicked and one made with the keyboard alone, tagged by key, survive a reload and are stored at exact offsets', async ({ page }) => {
  await signIn(page, 'cat@triad.test');
  const pid = await openWorkbench(page, 'News entities');
  await acknowledgeGuidelines(page);
  const text = (await serverView(page, await currentAssignment(page))).row.data.text as string;
  const words = [...text.matchAll(/[A-Za-z]{3,}/g)];
  const [w1, w2] = words;
  const last = words[words.length - 1];
  const firstTwo = { start: w1.index!, end: w2.index! + w2[0].length };
  const lastWord = { start: last.index!, end: last.index! + last[0].length };
  const [, , , w3, w4] = words;
  const keyed = { start: w3.index!, end: w4.index! + w4[0].length };
  expect(keyed.end).toBeLessThan(lastWord.start);

  // Drag across the first two words, then press the PER key.
  const r = await textRangeBox(page, firstTwo.start, firstTwo.end);
  await page.mouse.move(r.x1 + 1, r.y);
  await page.mouse.down();
  await page.mouse.move((r.x1 + r.x2) / 2, r.y, { steps: 4 });
  await page.mouse.move(r.x2 - 1, r.y, { steps: 4 });
  await page.mouse.up();
  await page.keyboard.press('1');
  await expect(page.getByText('1 span', { exact: true })).toBeVisible();

  // Double-click the last word, then press the LOC key.
  const l = await textRangeBox(page, lastWord.start, lastWord.end);
  await page.mouse.dblclick((l.x1 + l.x2) / 2, l.y);
  await page.keyboard.press('3');
  await expect(page.getByText('2 spans', { exact: true })).toBeVisible();
  await expect(page.getByTestId('ner-text').locator('.ner-mark')).toHaveCount(2);

  // Keyboard only: Esc drops the selected span, → walks a word cursor, Shift+→ grows it, 1 tags it.
  const box = page.getByTestId('ner-text');
  const cursorText = () => box.locator('.is-cursor').allTextContents().then((t) => t.join(''));
  await page.keyboard.press('Escape');
  for (let i = 0; i < 30 && (await cursorText()) !== w3[0]; i++) await page.keyboard.press('ArrowRight');
  expect(await cursorText()).toBe(w3[0]);
  const want = text.slice(keyed.start, keyed.end);
  for (let i = 0; i < 30 && (await cursorText()) !== want; i++) await page.keyboard.press('Shift+ArrowRight');
  expect(await cursorText()).toBe(want);
  await expect(page.getByText(`Selected: “${want}” — press a label key`)).toBeVisible();
  await editorShot(page, 'label-ner');
  await page.keyboard.press('1');
  await expect(page.getByText('3 spans', { exact: true })).toBeVisible();
  await expect(box.locator('.is-cursor')).toHaveCount(0);

  const expected = [
    { start: firstTwo.start, end: firstTwo.end, label: 'PER' },
    { start: keyed.start, end: keyed.end, label: 'PER' },
    { start: lastWord.start, end: lastWord.end, label: 'LOC' },
  ];
  const spansOf = (a: unknown) =>
    ((a as { entities: { spans: { start: number; end: number; label: string }[] } }).entities.spans)
      .map(({ start, end, label }) => ({ start, end, label }))
      .sort((x, y) => x.start - y.start);

  await reloadKeepsDraft(page, async () => {
    await expect(page.getByText('3 spans', { exact: true })).toBeVisible();
  });
  expect(spansOf((await serverView(page, await currentAssignment(page))).draft)).toEqual(expected);

  const { sent, stored } = await submitWithKeys(page, pid);
  expect(spansOf(sent.answer)).toEqual(expected);
  expect(spansOf(stored)).toEqual(expected);
  // The next row opens with no spans.
  await expect(page.getByText('0 spans', { exact: true })).toBeVisible();
});
