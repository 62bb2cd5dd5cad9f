import { expect, test } from '@playwright/test';
import { signIn } from './helpers';
import { acknowledgeGuidelines, currentAssignment, editorShot, openWorkbench, reloadKeepsDraft, serverView, submitWithKeys } from './label-kit';

type Speech = { speech: { segments: { start: number; end: number; label: string; text?: string }[]; clip: Record<string, unknown> } };

test('audio: a segment dragged on the waveform gets its transcript and clip answers, survives a reload and is stored', async ({ page }) => {
  await signIn(page, 'cat@triad.test');
  const pid = await openWorkbench(page, 'Speech segments');
  await acknowledgeGuidelines(page);
  const wave = page.locator('.au-wave');
  await expect(wave).toBeVisible();
  await expect(page.getByText('Loading the waveform…')).toHaveCount(0, { timeout: 15_000 });

  const b = (await wave.boundingBox())!;
  const y = b.y + b.height / 2;
  await page.mouse.move(b.x + b.width * 0.2, y);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width * 0.6, y, { steps: 12 });
  await page.mouse.up();
  const transcript = page.getByLabel('Transcript of segment 1');
  await expect(transcript).toBeVisible();
  await transcript.fill('the quick brown fox');
  await page.getByRole('group', { name: 'Does the audio match the expected sentence?' }).getByRole('button', { name: 'yes' }).click();
  await page.getByRole('group', { name: 'Pronunciation clarity' }).getByRole('button', { name: '4' }).click();
  await editorShot(page, 'label-audio');

  const check = (a: unknown) => {
    const v = (a as Speech).speech;
    expect(v.segments).toHaveLength(1);
    const s = v.segments[0];
    expect(s.text).toBe('the quick brown fox');
    expect(s.end).toBeGreaterThan(s.start);
    expect(s.start).toBeGreaterThanOrEqual(0);
    expect(v.clip).toEqual({ matches: 'yes', pronunciation: 4 });
    return s;
  };
  await reloadKeepsDraft(page, async () => {
    await expect(page.getByLabel('Transcript of segment 1')).toHaveValue('the quick brown fox');
  });
  const drawn = check((await serverView(page, await currentAssignment(page))).draft);

  // Focus out of the transcript box: Ctrl+Enter submits from anywhere, text boxes included.
  await page.getByLabel('Transcript of segment 1').focus();
  const { sent, stored } = await submitWithKeys(page, pid);
  expect(check(sent.answer)).toEqual(drawn);
  expect(check(stored)).toEqual(drawn);
  await expect(page.getByLabel('Transcript of segment 1')).toHaveCount(0);
});
