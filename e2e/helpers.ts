import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'triad-demo';
export const DEMO_PROJECTS = [
  'LLM conversation review', 'Assistant answer audit', 'LLM response review', 'Review sentiment', 'News entities', 'Street scenes',
  'Speech segments', 'Chatbot preferences', 'Answer rating', 'Ideal answers',
];

const shotsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'output/screenshots');

/** A full-page screenshot at e2e/output/screenshots/<name>.png, taken once the page has settled. */
export async function shot(page: Page, name: string) {
  fs.mkdirSync(shotsDir, { recursive: true });
  await expect(page.getByRole('status').filter({ hasText: /Loading|Checking/ })).toHaveCount(0);
  // The sticky top bar would otherwise be drawn wherever the page happens to be scrolled to.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true, animations: 'disabled' });
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/signin');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password').fill(password);
  // Many people sign in at once when a group of specs starts; on a loaded machine the server refuses
  // some with "try again in N s" rather than queueing them (server/services/passwords.ts). A person
  // waits and presses Sign in again, and so does this.
  const busy = page.getByRole('alert').filter({ hasText: /busy checking other sign-ins: try again in \d+ s/ });
  for (let attempt = 0; ; attempt++) {
    await page.getByRole('button', { name: 'Sign in' }).click();
    const signedIn = page.getByTestId('current-user');
    await expect(signedIn.or(busy)).toBeVisible({ timeout: 15_000 });
    if (await signedIn.isVisible() || attempt === 5) break;
    const seconds = Number(/try again in (\d+) s/.exec((await busy.textContent()) ?? '')?.[1] ?? 1);
    await page.waitForTimeout(seconds * 1000);
  }
  await expect(page.getByTestId('current-user')).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByRole('heading', { name: 'Sign in to Triad' })).toBeVisible();
}

/** The project cards of the list page, by their headings. */
export async function projectNames(page: Page): Promise<string[]> {
  const list = page.getByTestId('project-list');
  await expect(list).toBeVisible();
  return list.locator('article h2').allTextContents();
}
