import { expect, test } from '@playwright/test';
import { DEMO_PROJECTS, projectNames, shot, signIn, signOut } from './helpers';

// The steps share one server and database, in order: the lead creates a project that cat then sees.
test.describe.configure({ mode: 'serial' });

const NEW_PROJECT = 'Support ticket triage';

test('a wrong password is refused on the form, in words', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin$/);
  await shot(page, 'signin');
  await page.getByLabel('Email', { exact: true }).fill('lead@triad.test');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('wrong email or password');
  await shot(page, 'signin-error');
});

test('the demo lead sees the demo projects, creates a project and adds cat as annotator', async ({ page }) => {
  await signIn(page, 'lead@triad.test');
  await expect(page).toHaveURL(/\/$/);
  expect((await projectNames(page)).sort()).toEqual([...DEMO_PROJECTS].sort());
  const flagship = page.getByRole('article', { name: 'LLM response review' });
  await expect(flagship.getByRole('link', { name: 'Manage LLM response review' })).toBeVisible();
  await shot(page, 'projects-lead');

  await page.getByRole('link', { name: 'New project' }).first().click();
  await expect(page).toHaveURL(/\/projects\/new$/);
  await page.getByLabel('Name', { exact: true }).fill(NEW_PROJECT);
  await page.getByLabel('Description').fill('Route incoming support tickets to the right team.');
  await page.getByLabel(/^Classification/).check();
  await page.getByLabel('Labels', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Create project' }).click();
  // The server's 400 names the field; nothing was created.
  await expect(page.getByRole('alert')).toContainText('schema.0.config.labels');
  await shot(page, 'new-project-error');

  await page.getByLabel('Labels', { exact: true }).fill('billing, bug, feature request, other');
  await page.getByLabel(/Review only disagreements/).check();
  await page.getByLabel('Lease (minutes)').fill('20');
  await shot(page, 'new-project');
  await page.getByRole('button', { name: 'Create project' }).click();

  await expect(page.getByRole('heading', { level: 1, name: NEW_PROJECT })).toBeVisible();
  await expect(page).toHaveURL(/\/projects\/\d+$/);
  await expect(page.getByLabel('roles: lead')).toBeVisible();
  await expect(page.getByText('only rows whose labels disagree')).toBeVisible();
  await expect(page.getByText('20 minutes')).toBeVisible();
  await expect(page.getByRole('link', { name: /Manage/ })).toHaveAttribute('href', /\/projects\/\d+\/console$/);

  const form = page.getByRole('form', { name: 'Add a member' });
  await form.getByLabel('Email of an existing user').fill('nobody@triad.test');
  await form.getByRole('button', { name: 'Add member' }).click();
  await expect(form.getByRole('alert')).toContainText('no account with the address nobody@triad.test can be added');

  await form.getByLabel('Email of an existing user').fill('cat@triad.test');
  await expect(form.getByLabel('annotator')).toBeChecked();
  await form.getByRole('button', { name: 'Add member' }).click();
  const catRow = page.getByTestId('member-cat@triad.test');
  await expect(catRow).toBeVisible();
  await expect(catRow.getByLabel('annotator')).toBeChecked();
  await expect(catRow.getByLabel('reviewer')).not.toBeChecked();
  await shot(page, 'project-lead');

  await page.getByRole('link', { name: 'Projects', exact: true }).first().click();
  await expect(page.getByRole('article', { name: NEW_PROJECT })).toBeVisible();
  await signOut(page);
  await shot(page, 'signed-out');
});

test('cat sees only the projects cat belongs to, with the annotator action', async ({ page }) => {
  await signIn(page, 'cat@triad.test');
  expect((await projectNames(page)).sort()).toEqual([...DEMO_PROJECTS, NEW_PROJECT].sort());
  const card = page.getByRole('article', { name: NEW_PROJECT });
  await expect(card.getByRole('link', { name: `Start labeling ${NEW_PROJECT}` })).toBeVisible();
  await expect(card.getByRole('link', { name: `Manage ${NEW_PROJECT}` })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await shot(page, 'projects-annotator');

  await card.getByRole('link', { name: NEW_PROJECT, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: NEW_PROJECT })).toBeVisible();
  await expect(page.getByRole('link', { name: /Start labeling/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /Manage/ })).toHaveCount(0);
  await expect(page.getByRole('form', { name: 'Add a member' })).toHaveCount(0);
  await expect(page.getByTestId('member-cat@triad.test')).toBeVisible();
  await shot(page, 'project-annotator');

  // Admin pages are not offered to, nor open for, a non-admin.
  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('after the lead removes cat, cat no longer sees the project', async ({ page, browser }) => {
  await signIn(page, 'lead@triad.test');
  await page.getByRole('article', { name: NEW_PROJECT }).getByRole('link', { name: NEW_PROJECT, exact: true }).click();
  const projectUrl = page.url();
  const catRow = page.getByTestId('member-cat@triad.test');
  await catRow.getByRole('button', { name: 'Remove cat@triad.test' }).click();
  await catRow.getByRole('button', { name: 'Confirm removal' }).click();
  await expect(catRow).toHaveCount(0);

  const catContext = await browser.newContext();
  const cat = await catContext.newPage();
  await signIn(cat, 'cat@triad.test');
  expect((await projectNames(cat)).sort()).toEqual([...DEMO_PROJECTS].sort());
  await cat.goto(projectUrl);
  await expect(cat.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await shot(cat, 'project-not-member');
  await catContext.close();
});

test('the admin creates a user, sets their expertise, and the user can sign in', async ({ page, browser }) => {
  await signIn(page, 'lead@triad.test');
  await page.getByRole('link', { name: 'Users' }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByTestId('user-ann@triad.test').getByText('finance')).toBeVisible();

  const form = page.getByRole('form', { name: 'Create a user' });
  await form.getByLabel('Name', { exact: true }).fill('Dana Data');
  await form.getByLabel('Email', { exact: true }).fill('dana@triad.test');
  await form.getByLabel('Initial password').fill('short');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.getByRole('alert')).toContainText('password: a password needs at least 8 characters');

  await form.getByLabel('Initial password').fill('dana-secret-1');
  await form.getByLabel('Expertise', { exact: true }).fill('medical');
  // Starting projects is a right an admin grants; dana uses it below.
  await form.getByLabel('May create projects').check();
  await form.getByRole('button', { name: 'Create user' }).click();
  const row = page.getByTestId('user-dana@triad.test');
  await expect(row).toBeVisible();
  await expect(row.getByText('medical')).toBeVisible();

  await row.getByRole('button', { name: 'Edit expertise of dana@triad.test' }).click();
  await row.getByLabel('Expertise of dana@triad.test').fill('Finance, cs');
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(row.getByLabel('expertise: cs, finance')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('user-dana@triad.test').getByLabel('expertise: cs, finance')).toBeVisible();
  await expect(page.getByTestId('user-lead@triad.test').getByRole('switch', { name: /Administrator/ })).toBeDisabled();
  await shot(page, 'admin-users');

  await row.getByRole('button', { name: 'Reset password of dana@triad.test' }).click();
  await row.getByLabel('New password for dana@triad.test').fill('dana-secret-2');
  await row.getByRole('button', { name: 'Set' }).click();
  await expect(page.getByText('Dana Data: password reset')).toBeVisible();

  const ctx = await browser.newContext();
  const dana = await ctx.newPage();
  await signIn(dana, 'dana@triad.test', 'dana-secret-2');
  await expect(dana.getByRole('heading', { name: 'No projects yet' })).toBeVisible();
  await shot(dana, 'projects-empty');

  // Disabling signs the person out everywhere: their next request is a 401 and the app returns to sign-in.
  await page.getByTestId('user-dana@triad.test').getByRole('switch', { name: 'Active: dana@triad.test' }).click();
  await expect(page.getByTestId('user-dana@triad.test').getByText('disabled')).toBeVisible();
  await dana.getByRole('link', { name: 'New project' }).first().click();
  await dana.getByLabel('Name', { exact: true }).fill('Too late');
  await dana.getByRole('button', { name: 'Create project' }).click();
  await expect(dana).toHaveURL(/\/signin\?next=/);
  await expect(dana.getByText('your session has expired: sign in again')).toBeVisible();
  await ctx.close();
});

test('pages other features will provide show a way home until they exist', async ({ page }) => {
  await signIn(page, 'lead@triad.test');
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await shot(page, 'not-found');
  await page.getByRole('link', { name: 'Back to your projects' }).click();
  await expect(page.getByTestId('project-list')).toBeVisible();
});
