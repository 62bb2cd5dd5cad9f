/** js_initial_kb_gz: gzipped JavaScript loaded by sign-in and the project list, before any editor. */
import zlib from 'node:zlib';
import type { WorkbenchFigure } from './figure';
import { signIn } from './page';

export const initialJs: WorkbenchFigure = {
  name: 'js_initial_kb_gz',
  signedOut: true,
  async measure({ browser, base }) {
    // A context of its own: the shared page's cache would hide what a first visit downloads.
    const context = await browser.newContext();
    const page = await context.newPage();
    const scripts = new Map<string, number>();
    page.on('response', async (r) => {
      if (r.request().resourceType() !== 'script') return;
      try {
        scripts.set(r.url(), zlib.gzipSync(await r.body()).length);
      } catch {
        /* a redirect has no body */
      }
    });
    await signIn(page, base, 'cat@triad.test');
    await page.getByTestId('project-list').waitFor();
    await page.waitForLoadState('networkidle');
    const editorLoaded = [...scripts.keys()].some((u) => /Editor|BboxCanvas|Waveform/.test(u));
    if (editorLoaded) throw new Error('an editor chunk was loaded by the project list');
    await context.close();
    return { value: [...scripts.values()].reduce((s, n) => s + n, 0) / 1024, unit: 'KB', note: 'sign-in + project list, gzip -6' };
  },
};
