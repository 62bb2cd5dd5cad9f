import { expect, request, test } from '@playwright/test';
import { shot, signIn } from './helpers';

// A lead who drives Triad from a script (issue 17): a personal API token made on the account page, used
// with no cookie, revoked; and the API reference the account page links to.
test.describe.configure({ mode: 'serial' });

const TOKEN_NAME = 'e2e nightly pipeline';

test('a lead creates a token, sees the secret once, calls the API with it alone, revokes it and is refused', async ({ page, baseURL }) => {
  await signIn(page, 'lead@triad.test');
  await page.goto('/account');
  const form = page.getByRole('form', { name: 'Create an API token' });
  await form.getByLabel('Name').fill(TOKEN_NAME);
  await form.getByRole('button', { name: 'Create token' }).click();
  const secretBox = page.getByLabel('Your new API token');
  await expect(secretBox).toHaveValue(/^triad_/);
  const secret = await secretBox.inputValue();
  await shot(page, 'api-token-created');

  // Shown once: dismissed, and after a reload, the page holds only its first characters.
  await page.getByRole('button', { name: 'I have stored it' }).click();
  await expect(secretBox).toHaveCount(0);
  await page.reload();
  const row = page.getByRole('row').filter({ hasText: TOKEN_NAME });
  await expect(row).toContainText('active');
  expect(await page.content()).not.toContain(secret);

  // A script: no cookie, no Origin, only the token.
  const script = await request.newContext({ baseURL });
  expect((await script.storageState()).cookies).toEqual([]);
  const bearer = { Authorization: `Bearer ${secret}` };
  const me = await script.get('/api/auth/me', { headers: bearer });
  expect(me.status()).toBe(200);
  expect((await me.json()).user.email).toBe('lead@triad.test');
  const projects = await script.get('/api/projects', { headers: bearer });
  expect(projects.status()).toBe(200);
  expect(((await projects.json()).projects as unknown[]).length).toBeGreaterThan(0);
  expect((await script.get('/api/projects')).status()).toBe(401);
  // The table shows it was used.
  await page.reload();
  await expect(row).not.toContainText('never');

  await row.getByRole('button', { name: `Revoke ${TOKEN_NAME}` }).click();
  await row.getByRole('button', { name: 'Revoke now' }).click();
  await expect(row).toContainText('revoked');
  await shot(page, 'api-token-revoked');
  const after = await script.get('/api/projects', { headers: bearer });
  expect(after.status()).toBe(401);
  expect((await after.json()).error.message).toMatch(/revoked/);
  await script.dispose();
});

test('the API reference, opened from the account page, shows each route with its parameters and body fields', async ({ page }) => {
  // Under the server's Content-Security-Policy (this context does not bypass it): nothing may be blocked.
  const blocked: string[] = [];
  await page.context().exposeBinding('__cspReport', (_source, what: string) => void blocked.push(what));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => {
    (window as unknown as { __cspReport(what: string): void }).__cspReport(`${e.effectiveDirective} ${e.blockedURI}`);
  }));
  await signIn(page, 'lead@triad.test');
  await page.goto('/account');
  await page.getByRole('link', { name: 'API reference' }).click();
  await expect(page).toHaveURL(/\/api-docs$/);
  await expect(page.getByRole('heading', { name: 'API reference' })).toBeVisible();

  // The import route: found by typing, opened with a click.
  await page.getByLabel('Find a route').fill('imports');
  const importRoute = page.locator('[data-route="POST /api/projects/{projectId}/imports"]');
  await importRoute.locator('summary').click();
  await expect(importRoute.getByRole('table', { name: 'Parameters' }).locator('[data-field="mode"]')).toContainText('"all", "valid"');
  await expect(importRoute.getByRole('heading', { name: /Body application\/x-ndjson/ })).toBeVisible();
  await expect(importRoute.getByLabel('Example request')).toContainText('/api/projects/$PROJECT_ID/imports');

  // The token route's JSON body, field by field, from the same schema the server validates with.
  await page.getByLabel('Find a route').fill('post /api/tokens');
  const tokenRoute = page.locator('[data-route="POST /api/tokens"]');
  await tokenRoute.locator('summary').click();
  const body = tokenRoute.getByRole('table', { name: 'Body fields (application/json)' });
  await expect(body.locator('[data-field="name"]')).toContainText('required');
  await expect(body.locator('[data-field="expiresInDays"]')).toContainText('integer');
  await expect(body.locator('[data-field="readOnly"]')).toContainText('boolean');
  await expect(tokenRoute.getByRole('table', { name: 'Answer 201 fields' }).locator('[data-field="secret"]')).toBeVisible();
  await shot(page, 'api-reference');

  // The document itself is public JSON.
  const doc = await page.request.get('/api/openapi.json');
  expect((await doc.json()).openapi).toBe('3.1.0');
  expect(doc.headers()['content-security-policy']).toContain("script-src 'self'");
  expect(blocked).toEqual([]);
});
