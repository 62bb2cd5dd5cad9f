import { expect, type Browser, type Page } from '@playwright/test';
import { signIn } from './helpers';
import { acknowledgeGuidelines, apiJson, currentAssignment, openWorkbench, serverView, submitWithKeys } from './label-kit';

/** Steps the review specs share: people in their own browser contexts, rows brought to QA, what the server stored. */

export async function person(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

export interface RowRef {
  pid: number;
  rowId: number;
  externalId: string;
}

/** Skips rows on the workbench until the claim on screen is `rowId` (a person never gets a skipped row again). */
async function skipUntil(page: Page, rowId: number) {
  for (let i = 0; i < 30; i++) {
    const view = await serverView(page, await currentAssignment(page));
    if (view.row.id === rowId) return;
    const before = await currentAssignment(page);
    await page.keyboard.press('Alt+s');
    await expect(page.getByTestId('workbench')).not.toHaveAttribute('data-assignment', String(before));
  }
  throw new Error(`row ${rowId} never reached this labeler`);
}

/**
 * Two people label the same row in the workbench, as people do: `first` labels a row on their screen that
 * `second` can still get, `second` skips until that row is theirs; the row returned has exactly these two labels.
 */
export async function labelTwice(
  lead: Page,
  first: Page,
  second: Page,
  project: string,
  labelFirst: (p: Page) => Promise<void>,
  labelSecond: (p: Page) => Promise<void>,
): Promise<RowRef> {
  const pid = await openWorkbench(first, project);
  await acknowledgeGuidelines(first);
  let row: { id: number; externalId: string | null } | undefined;
  for (let i = 0; i < 30 && !row; i++) {
    const before = await currentAssignment(first);
    const view = await serverView(first, before);
    // Only a row nobody else holds (the workbench claims rows ahead) and `second` never held (a person
    // never gets a row back): otherwise `first` skips it.
    const state = await leadRow(lead, pid, view.row.id);
    const heldBySecond = (await apiJson(second, 'GET', `/api/projects/${pid}/rows/${view.row.id}`)).status === 200;
    if (state.labelsTaken === 1 && state.labelsDone === 0 && !heldBySecond) {
      await labelFirst(first);
      await submitWithKeys(first, pid);
      row = view.row;
    } else {
      await first.keyboard.press('Alt+s');
      await expect(first.getByTestId('workbench')).not.toHaveAttribute('data-assignment', String(before));
    }
  }
  if (!row) throw new Error('no fresh row for the first labeler');
  await openWorkbench(second, project);
  await acknowledgeGuidelines(second);
  await skipUntil(second, row.id);
  await labelSecond(second);
  await submitWithKeys(second, pid);
  expect((await leadRow(lead, pid, row.id)).state).toBe('qa');
  return { pid, rowId: row.id, externalId: row.externalId ?? `#${row.id}` };
}

export async function leadRow(lead: Page, pid: number, rowId: number) {
  const r = await apiJson<{ row: { state: string; labelsDone: number; labelsTaken: number; round: number; roundNote: string | null } }>(lead, 'GET', `/api/projects/${pid}/rows/${rowId}`);
  expect(r.status).toBe(200);
  return r.body.row;
}

export interface History {
  finals: { answer: Record<string, unknown>; source: string; choices: Record<string, string> | null; round: number }[];
  escalations: { question: string; answer: string | null; status: string }[];
  answers: { id: number; kind: 'label' | 'qa'; round: number; answer: Record<string, unknown> }[];
}

export async function history(lead: Page, pid: number, rowId: number): Promise<History> {
  const r = await apiJson<History>(lead, 'GET', `/api/projects/${pid}/rows/${rowId}/history`);
  expect(r.status).toBe(200);
  return r.body;
}

/**
 * The lead raises a fresh row without expertise to the top of the queue, so the next labelers get it
 * without releasing the rows before it (a released row never returns to that person, and this server's
 * few finance rows are needed by later specs). Returns the row's id.
 */
export async function putGeneralRowFirst(lead: Page, pid: number): Promise<number> {
  const r = await apiJson<{ rows: { id: number; state: string; labelsTaken: number; expertise: string[]; priority: number }[] }>(
    lead, 'GET', `/api/projects/${pid}/rows?state=labeling&limit=500`);
  expect(r.status).toBe(200);
  const row = r.body.rows.find((x) => x.labelsTaken === 0 && x.expertise.length === 0);
  if (!row) throw new Error('no fresh row without expertise left');
  const top = Math.max(...r.body.rows.map((x) => x.priority)) + 1;
  expect((await apiJson(lead, 'POST', `/api/projects/${pid}/rows/${row.id}/priority`, { priority: top })).status).toBe(200);
  return row.id;
}

/** The reviewer picks why the final overrules a labeler on a conflict (required when the project lists reasons). */
export async function giveOverruleReason(page: Page, reason = 'Wrong label for what was found') {
  await page.getByRole('combobox', { name: 'Why the final overrules a label' }).selectOption(reason);
}

interface LabelView {
  assignment: { id: number } | null;
  row: { id: number; externalId: string | null; data: Record<string, unknown> };
  prelabels: Record<string, unknown> | null;
}

/**
 * Brings a row of `domain` to one labeler through the API (the workbench path is covered by the
 * classification and ner specs): rows of other domains are released, which this person never gets again.
 */
export async function claimRowOf(page: Page, pid: number, domain: string, rowId?: number): Promise<LabelView> {
  for (let i = 0; i < 30; i++) {
    const r = await apiJson<LabelView>(page, 'POST', `/api/projects/${pid}/next`, { role: 'label' });
    expect(r.status).toBe(200);
    if (!r.body.assignment) throw new Error(`no ${domain} row left for this labeler`);
    if (r.body.row.data.domain === domain && (rowId === undefined || r.body.row.id === rowId)) return r.body;
    expect((await apiJson(page, 'POST', `/api/assignments/${r.body.assignment.id}/release`, {})).status).toBe(200);
  }
  throw new Error(`no ${domain} row reached this labeler`);
}

export async function submitApi(page: Page, view: LabelView, answer: Record<string, unknown>, bestEffort = false) {
  const r = await apiJson(page, 'POST', `/api/assignments/${view.assignment!.id}/submit`, {
    answer, bestEffort, clientSubmissionId: `e2e-${view.assignment!.id}-${Date.now()}`, activeMs: 1000,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** The review page of `pid`, skipping (through the page) any row but `externalId`; null when the queue runs dry first. */
export async function reviewRow(page: Page, pid: number, externalId: string): Promise<boolean> {
  await page.goto(`/projects/${pid}/review`);
  for (let i = 0; i < 30; i++) {
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /Finding the next row/ })).toHaveCount(0);
    const text = (await heading.textContent()) ?? '';
    if (text === `Row ${externalId}`) return true;
    if (!text.startsWith('Row ')) return false;
    await page.getByRole('button', { name: 'Skip' }).click();
    await expect(page.getByRole('heading', { level: 1, name: text })).toHaveCount(0);
  }
  throw new Error(`row ${externalId} never reached the review page`);
}

export const question = (page: Page, title: string) => page.getByRole('region', { name: `Question: ${title}` });
