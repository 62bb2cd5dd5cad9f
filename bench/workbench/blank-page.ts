/** blank_page_ms: loading a trivial document from the same server, the baseline the page figures sit on. */
import type { WorkbenchFigure } from './figure';
import { median } from './page';

export const blankPage: WorkbenchFigure = {
  name: 'blank_page_ms',
  signedOut: true,
  async measure({ page, base }) {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      await page.goto(`${base}/api/health`);
      times.push(await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return nav.loadEventEnd || performance.now();
      }));
    }
    return { value: median(times.slice(2)), unit: 'ms', note: 'baseline: GET /api/health as a document' };
  },
};
