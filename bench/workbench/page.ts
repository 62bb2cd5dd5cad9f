/** Browser steps every workbench figure uses: launching Chromium, signing in, timing a page until it is ready. */
import { chromium, type Browser, type Page } from 'playwright-core';
import { PASSWORD } from './server';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
export const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Debian's Chromium, headless, with the background work that would add noise switched off. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function signIn(page: Page, base: string, email: string) {
  await page.goto(`${base}/signin`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('current-user').waitFor();
}

/**
 * ms from navigation start until `ready` holds, read at the first animation frame where it does. The
 * poll is an evaluated expression, not waitForFunction: that one evals its string in the page, which
 * the server's CSP (no 'unsafe-eval') refuses.
 */
export async function openTime(page: Page, url: string, ready: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  return (await page.evaluate(`new Promise((resolve, reject) => {
    const late = setTimeout(() => reject(new Error('not ready after 120 s: ' + ${JSON.stringify(ready)})), 120000);
    const check = () => {
      if (${ready}) {
        clearTimeout(late);
        resolve(performance.now());
      } else requestAnimationFrame(check);
    };
    check();
  })`)) as number;
}

/**
 * Median of four opens of `url` until `ready`, without the first: the first compiles and caches the
 * chunks, and a labeler opens many rows, so the warm figure is the one that counts.
 */
export async function warmOpenTime(page: Page, url: string, ready: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 4; i++) times.push(await openTime(page, url, ready));
  return median(times.slice(1));
}
