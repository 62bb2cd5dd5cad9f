import { describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import type { ProjectDto } from '@shared/api/projects';
import type { Role } from '@shared/project';
import ProjectList from './ProjectList';
import { demoUser, fakeApi, renderAt, signedInEachTest } from '../testing/fakeApi';
import { useStore } from '../store';

function project(id: number, name: string, roles: Role[]): ProjectDto {
  return {
    id, name, description: `${name} description`, roles, archived: false, createdAt: 0,
    schema: [{ id: 'label', type: 'classification', title: 'Label', required: true, config: { multiple: false, labels: [{ value: 'a' }], threshold: 1 } }],
    settings: { qa: 'all', leaseMinutes: 30, showPrelabels: true, expertiseRules: [], reviewReasons: [] },
    counts: { rows: 12, toDo: 4, labeling: 2, qa: 2, escalated: 1, final: 3 },
  };
}

signedInEachTest({ isAdmin: false, canCreateProjects: false });

const card = (name: string) => screen.getByRole('article', { name });
const actionNames = (name: string) => within(card(name)).queryAllByRole('link').map((a) => a.textContent).filter((t) => t !== name);

describe('ProjectList', () => {
  it('offers on each card exactly the actions of the roles held there', async () => {
    fakeApi({
      'GET /api/projects': () => ({
        projects: [
          project(1, 'Only labeling', ['annotator']),
          project(2, 'Only review', ['reviewer']),
          project(3, 'Leading', ['lead']),
          project(4, 'Everything', ['annotator', 'reviewer', 'lead']),
        ],
      }),
    });
    renderAt(<ProjectList />);
    await screen.findByRole('article', { name: 'Only labeling' });

    expect(actionNames('Only labeling')).toEqual(['Start labeling']);
    expect(actionNames('Only review')).toEqual(['Review']);
    expect(actionNames('Leading')).toEqual(['Manage']);
    expect(actionNames('Everything')).toEqual(['Start labeling', 'Review', 'Manage']);

    expect(within(card('Only labeling')).getByRole('link', { name: 'Start labeling Only labeling' })).toHaveAttribute('href', '/projects/1/label');
    expect(within(card('Only review')).getByRole('link', { name: 'Review Only review' })).toHaveAttribute('href', '/projects/2/review');
    expect(within(card('Leading')).getByRole('link', { name: 'Manage Leading' })).toHaveAttribute('href', '/projects/3/console');
    expect(within(card('Leading')).getByRole('link', { name: 'Leading' })).toHaveAttribute('href', '/projects/3');
  });

  it('shows roles as badges and the row counts', async () => {
    fakeApi({ 'GET /api/projects': () => ({ projects: [project(4, 'Everything', ['annotator', 'reviewer', 'lead'])] }) });
    renderAt(<ProjectList />);
    const c = await screen.findByRole('article', { name: 'Everything' });
    expect(within(c).getByLabelText('roles: lead, reviewer, annotator')).toBeInTheDocument();
    expect(within(c).getByText('to do').nextSibling).toHaveTextContent('4');
    expect(within(c).getByText('escalated').nextSibling).toHaveTextContent('1');
  });

  it('tells the lead untouched rows apart from rows being labeled, each explained on hover', async () => {
    fakeApi({ 'GET /api/projects': () => ({ projects: [project(3, 'Leading', ['lead'])] }) });
    renderAt(<ProjectList />);
    const c = await screen.findByRole('article', { name: 'Leading' });
    const stats = within(c).getByLabelText('Rows by where they are');
    expect([...stats.querySelectorAll('dt')].map((d) => `${d.textContent} ${d.nextSibling?.textContent}`))
      .toEqual(['to do 4', 'being labeled 2', 'in QA 2', 'escalated 1', 'final 3']);
    expect(within(c).getByText(/25% final/).parentElement).toHaveTextContent('12 rows · 25% final');
    expect(within(c).getByText('to do').parentElement).toHaveAttribute('title', 'Nobody has claimed or labeled them yet (this round)');
    expect(within(c).queryByText('labeling')).not.toBeInTheDocument();
    expect(within(c).getByRole('img')).toHaveAccessibleName('3 of 12 rows final, 2 in QA, 1 escalated, 2 being labeled, 4 to do');
  });

  it('shows a member who does not lead their own work and who added them, never row counts', async () => {
    const { counts: _none, ...labeling } = project(1, 'Only labeling', ['annotator']);
    fakeApi({ 'GET /api/projects': () => ({ projects: [{ ...labeling, mine: { labels: 12, reviews: 0 }, joined: { at: Date.UTC(2026, 10, 22), by: { id: 1, name: 'Lena Lead' } } }] }) });
    renderAt(<ProjectList />);
    const c = await screen.findByRole('article', { name: 'Only labeling' });
    expect(within(c).getByText('You labeled 12 rows')).toBeInTheDocument();
    expect(within(c).getByText('Added by Lena Lead on 2026-11-22')).toBeInTheDocument();
    expect(within(c).queryByText('final')).not.toBeInTheDocument();
  });

  it('offers "New project" only to people who may create projects', async () => {
    fakeApi({ 'GET /api/projects': () => ({ projects: [] }) });
    renderAt(<ProjectList />);
    expect(await screen.findByText('No projects yet')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'New project' })).not.toBeInTheDocument();
    expect(screen.getByText(/a project lead adds you by your email address/)).toBeInTheDocument();
    cleanup();
    useStore.setState({ user: demoUser({ isAdmin: false, canCreateProjects: true }) });
    renderAt(<ProjectList />);
    expect(await screen.findAllByRole('link', { name: 'New project' })).toHaveLength(2);
  });

  it('says so when the person belongs to no project', async () => {
    fakeApi({ 'GET /api/projects': () => ({ projects: [] }) });
    renderAt(<ProjectList />);
    expect(await screen.findByText('No projects yet')).toBeInTheDocument();
  });
});
