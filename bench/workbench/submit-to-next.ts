/** submit_to_next_ms: Ctrl+Enter to the next row's editor on screen, in the demo's sentiment project. */
import type { WorkbenchFigure } from './figure';
import { median } from './page';

export const submitToNext: WorkbenchFigure = {
  name: 'submit_to_next_ms',
  async measure({ page, base, cat }) {
    const { projects } = await cat.call<{ projects: { id: number; name: string }[] }>('GET', '/projects');
    const pid = projects.find((p) => p.name === 'Review sentiment')!.id;
    await cat.call('POST', `/projects/${pid}/guidelines/acknowledge`, { version: 1 });
    await page.goto(`${base}/projects/${pid}/label`);
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      await page.locator('[data-question] .tk-chips button').first().waitFor();
      // The row ahead has had time to be claimed, as it has while a person reads a row.
      await page.waitForTimeout(400);
      await page.keyboard.press(String(1 + (i % 3)));
      await page.locator('.lb-submit:not([disabled])').waitFor();
      const before = await page.getByTestId('workbench').getAttribute('data-assignment');
      // A string, not a function: tsx would wrap named closures in a helper the page does not have.
      await page.evaluate(`(() => {
        const before = ${JSON.stringify(before)};
        window.__t1 = new Promise((resolve) => {
          const check = () => {
            const wb = document.querySelector('[data-testid="workbench"]');
            const ready = wb && wb.getAttribute('data-assignment') !== before && wb.querySelector('[data-question] .tk-chips button');
            if (ready) requestAnimationFrame(() => resolve(performance.now()));
            else requestAnimationFrame(check);
          };
          // Not once: the Control key's own keydown comes first.
          const onKey = (e) => {
            if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return;
            window.removeEventListener('keydown', onKey, true);
            window.__t0 = performance.now();
            check();
          };
          window.addEventListener('keydown', onKey, true);
        });
      })()`);
      await page.keyboard.press('Control+Enter');
      const dt = await page.evaluate(async () => {
        const w = window as unknown as { __t0: number; __t1: Promise<number> };
        const late = new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`no next row after 20 s (now ${document.querySelector('[data-testid="workbench"]')?.getAttribute('data-assignment')}, t0 ${w.__t0}): ${document.querySelector('.lb-notices')?.textContent ?? ''}`)), 20_000));
        return (await Promise.race([w.__t1, late])) - w.__t0;
      });
      // The first two rows warm the chunks and the queue's prefetch up.
      if (i >= 2) times.push(dt);
    }
    return { value: median(times), unit: 'ms', note: 'Ctrl+Enter to the next editor, median of 8' };
  },
};
