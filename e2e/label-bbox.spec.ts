import { expect, test } from '@playwright/test';
import { signIn } from './helpers';
import { acknowledgeGuidelines, currentAssignment, editorShot, openWorkbench, reloadKeepsDraft, serverView, submitWithKeys } from './label-kit';

type Boxes = { objects: { width: number; height: number; boxes: { x: number; y: number; w: number; h: number; label: string }[] } };

test('bbox: a box dragged on the canvas with the person label survives a reload and is stored in image pixels', async ({ page }) => {
  await signIn(page, 'cat@triad.test');
  const pid = await openWorkbench(page, 'Street scenes');
  await acknowledgeGuidelines(page);
  const canvas = page.locator('.bb-stage canvas').first();
  await expect(canvas).toBeVisible();
  // Let the image arrive and the view fit it before drawing.
  await page.waitForFunction(() => {
    const c = document.querySelector<HTMLCanvasElement>('.bb-stage canvas');
    return !!c && c.width > 0;
  });
  await page.waitForTimeout(300);

  await page.keyboard.press('2');
  const b = (await canvas.boundingBox())!;
  const from = { x: b.x + b.width * 0.3, y: b.y + b.height * 0.3 };
  const to = { x: b.x + b.width * 0.55, y: b.y + b.height * 0.7 };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.mouse.up();
  await expect(page.getByRole('heading', { name: /Boxes \(1\)/ })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Boxes' })).toContainText(/person/i);
  await editorShot(page, 'label-bbox');

  const check = (a: unknown) => {
    const v = (a as Boxes).objects;
    expect(v.width).toBe(640);
    expect(v.height).toBe(400);
    expect(v.boxes).toHaveLength(1);
    const box = v.boxes[0];
    expect(box.label).toBe('person');
    // A quarter of the width and 40% of the height of the canvas, in image pixels, wherever the fit put it.
    expect(box.w).toBeGreaterThan(40);
    expect(box.h).toBeGreaterThan(40);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.w).toBeLessThanOrEqual(640);
    expect(box.y + box.h).toBeLessThanOrEqual(400);
    return box;
  };

  let drawn: unknown;
  await reloadKeepsDraft(page, async () => {
    await expect(page.getByRole('heading', { name: /Boxes \(1\)/ })).toBeVisible();
  });
  drawn = check((await serverView(page, await currentAssignment(page))).draft);

  const { sent, stored } = await submitWithKeys(page, pid);
  expect(check(sent.answer)).toEqual(drawn);
  expect(check(stored)).toEqual(drawn);
  await expect(page.getByRole('heading', { name: /Boxes \(0\)/ })).toBeVisible();
});
