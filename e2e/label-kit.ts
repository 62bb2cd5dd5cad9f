import { expect, type Page } from '@playwright/test';
import { shot } from './helpers';

/** Steps every workbench spec shares: open a demo project's workbench as a person would, read what the server stored. */

export interface TaskViewLite {
  assignment: { id: number };
  row: { id: number; externalId: string | null; data: Record<string, unknown> };
  draft: Record<string, unknown> | null;
  prelabels: Record<string, unknown> | null;
}

/** A JSON call with the page's session cookie (the same person the page is signed in as). */
export async function apiJson<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, {
        method,
        headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    { method, path, body },
  );
}

export async function projectId(page: Page, name: string): Promise<number> {
  const { body } = await apiJson<{ projects: { id: number; name: string }[] }>(page, 'GET', '/api/projects');
  const p = body.projects.find((x) => x.name === name);
  if (!p) throw new Error(`no project named ${name}`);
  return p.id;
}

/** From the project list: the project's page, then "Start labeling"; waits for a row with its editors. */
export async function openWorkbench(page: Page, name: string): Promise<number> {
  await page.goto('/');
  await page.getByRole('article', { name }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await page.getByRole('link', { name: /Start labeling/ }).click();
  await expect(page).toHaveURL(/\/projects\/\d+\/label$/);
  await expect(page.getByTestId('workbench')).toBeVisible();
  await expect(page.getByText(/Loading the .* editor/)).toHaveCount(0);
  return Number(/projects\/(\d+)\//.exec(page.url())![1]);
}

/** The claim on screen. */
export async function currentAssignment(page: Page): Promise<number> {
  return Number(await page.getByTestId('workbench').getAttribute('data-assignment'));
}

/** Reads and confirms the guideline version when the page asks for it (first visit of each person). */
export async function acknowledgeGuidelines(page: Page) {
  const banner = page.getByRole('alert').filter({ hasText: /new to you/ });
  if (!(await banner.isVisible())) return;
  await banner.getByRole('button', { name: 'Read the guidelines' }).click();
  const panel = page.getByRole('complementary', { name: 'Guidelines' });
  await expect(panel.locator('.lb-markdown h1')).toBeVisible();
  await panel.getByRole('button', { name: /I have read version/ }).click();
  await expect(banner).toHaveCount(0);
  await panel.getByRole('button', { name: 'Close the guidelines' }).click();
}

/** Waits until the draft of the claim on screen is on the server. */
export async function draftSaved(page: Page) {
  await expect(page.getByTestId('save-state')).toHaveText('Draft saved', { timeout: 10_000 });
}

/** The server's copy of the claim on screen (its draft), as the same person. */
export async function serverView(page: Page, assignmentId: number): Promise<TaskViewLite> {
  const r = await apiJson<TaskViewLite>(page, 'GET', `/api/assignments/${assignmentId}`);
  expect(r.status).toBe(200);
  return r.body;
}

/**
 * Submits with Ctrl+Enter and returns what the server stored: the request body sent, then the answer as
 * GET /api/projects/:id/rows/:rowId shows it to its author.
 */
export async function submitWithKeys(page: Page, pid: number): Promise<{ sent: { answer: Record<string, unknown>; activeMs: number; clientSubmissionId: string }; stored: Record<string, unknown>; before: number }> {
  const before = await currentAssignment(page);
  const view = await serverView(page, before);
  const req = page.waitForRequest((r) => r.url().endsWith(`/api/assignments/${before}/submit`));
  const res = page.waitForResponse((r) => r.url().endsWith(`/api/assignments/${before}/submit`));
  await page.keyboard.press('Control+Enter');
  const sent = (await req).postDataJSON();
  expect((await res).status()).toBe(200);
  // The next row is on screen (claimed ahead, or fetched after the submit).
  await expect(page.getByTestId('workbench')).not.toHaveAttribute('data-assignment', String(before));
  const row = await apiJson<{ mine: { answers: { assignmentId: number; answer: Record<string, unknown> }[] } }>(
    page, 'GET', `/api/projects/${pid}/rows/${view.row.id}`,
  );
  expect(row.status).toBe(200);
  const stored = row.body.mine.answers.find((a) => a.assignmentId === before);
  expect(stored, 'the submitted answer is stored').toBeTruthy();
  return { sent, stored: stored!.answer, before };
}

/** Reloads mid-row and checks the same claim comes back with the server's (or the local) draft. */
export async function reloadKeepsDraft(page: Page, check: () => Promise<void>) {
  const id = await currentAssignment(page);
  await draftSaved(page);
  await page.reload();
  await expect(page.getByTestId('workbench')).toHaveAttribute('data-assignment', String(id));
  await expect(page.getByText(/Loading the .* editor/)).toHaveCount(0);
  await check();
}

export async function editorShot(page: Page, name: string) {
  await shot(page, name);
}

/**
 * Screen coordinates of the characters [start, end) of the NER text, from its `data-offset` pieces: the
 * left edge of the first and the right edge of the last character, at mid-line.
 */
export async function textRangeBox(page: Page, start: number, end: number): Promise<{ x1: number; x2: number; y: number }> {
  return page.evaluate(
    ({ start, end }) => {
      const root = document.querySelector('[data-testid="ner-text"]')!;
      const pieces = [...root.querySelectorAll<HTMLElement>('[data-offset]')];
      const at = (o: number) => {
        const p = pieces.filter((x) => Number(x.dataset.offset) <= o).at(-1)!;
        return { node: p.firstChild as Text, offset: o - Number(p.dataset.offset) };
      };
      const rect = (o: number) => {
        const { node, offset } = at(o);
        const r = document.createRange();
        r.setStart(node, offset);
        r.setEnd(node, offset + 1);
        return r.getBoundingClientRect();
      };
      const a = rect(start);
      const b = rect(end - 1);
      return { x1: a.left, x2: b.right, y: (a.top + a.bottom) / 2 };
    },
    { start, end },
  );
}
