import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import type { ProjectDto } from '@shared/api/projects';
import type { Role } from '@shared/project';
import { Route } from 'wouter';
import ProjectHome from './ProjectHome';
import { apiError, fakeApi, renderAt, signedInEachTest } from '../testing/fakeApi';

const project = (roles: Role[]): ProjectDto => ({
  id: 5, name: 'Street scenes', description: 'Boxes on pictures.', roles, archived: false, createdAt: 0,
  schema: [{ id: 'boxes', type: 'bbox', title: 'Box every object', required: true, config: { field: 'image', labels: [{ value: 'car' }], iouThreshold: 0.5, f1Threshold: 0.8 } }],
  settings: { qa: 'all', leaseMinutes: 30, showPrelabels: false, expertiseRules: [], reviewReasons: [] },
});

const page = (path: string) => renderAt(<Route path="/projects/:id"><ProjectHome /></Route>, path);

signedInEachTest({ isAdmin: false });

describe('ProjectHome', () => {
  it('offers a reviewer only the review page, their own work instead of row counts, and no member management', async () => {
    // What the server sends a member who does not lead: no counts (issue 12), their work and who added them.
    const reviewer = { ...project(['reviewer']), mine: { labels: 0, reviews: 5 }, joined: { at: Date.UTC(2026, 10, 22), by: { id: 1, name: 'Lena Lead' } } };
    fakeApi({
      'GET /api/projects/5': () => ({ project: reviewer }),
      'GET /api/projects': () => ({ projects: [reviewer] }),
      'GET /api/projects/5/members': () => ({ members: [] }),
      'GET /api/projects/5/queue': () => ({ label: null, qa: 3, cap: 10000 }),
    });
    page('/projects/5');
    expect(await screen.findByRole('heading', { level: 1, name: 'Street scenes' })).toBeInTheDocument();
    expect(await screen.findByText('3 rows waiting for you to review.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Review/ })).toHaveAttribute('href', '/projects/5/review');
    expect(screen.queryByRole('link', { name: /Start labeling/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Manage/ })).not.toBeInTheDocument();
    expect(screen.getByText('hidden from labelers')).toBeInTheDocument();
    expect(screen.getByText('You labeled 0 rows · reviewed 5')).toBeInTheDocument();
    expect(screen.getByText('Added by Lena Lead on 2026-11-22')).toBeInTheDocument();
    expect(screen.queryByText(/rows final/)).not.toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Add a member' })).not.toBeInTheDocument();
  });

  it('shows a lead the row counts', async () => {
    fakeApi({
      'GET /api/projects/5': () => ({ project: { ...project(['lead']), counts: { rows: 12, final: 4, labeling: 6, qa: 2, escalated: 0 }, mine: { labels: 0, reviews: 0 } } }),
      'GET /api/projects': () => ({ projects: [] }),
      'GET /api/projects/5/members': () => ({ members: [] }),
    });
    page('/projects/5');
    expect(await screen.findByText(/4 of 12 rows final/)).toBeInTheDocument();
    expect(screen.queryByText(/^You labeled/)).not.toBeInTheDocument();
  });

  it('gives a lead the console link and the member form', async () => {
    fakeApi({
      'GET /api/projects/5': () => ({ project: project(['lead', 'annotator']) }),
      'GET /api/projects': () => ({ projects: [] }),
      'GET /api/projects/5/members': () => ({ members: [] }),
      'GET /api/projects/5/queue': () => ({ label: 10000, qa: null, cap: 10000 }),
    });
    page('/projects/5');
    expect(await screen.findByRole('link', { name: /Manage/ })).toHaveAttribute('href', '/projects/5/console');
    expect(screen.getByRole('link', { name: /Escalations/ })).toHaveAttribute('href', '/projects/5/escalations');
    expect(await screen.findByText('10,000+ rows waiting for you to label.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Start labeling/ })).toHaveAttribute('href', '/projects/5/label');
    expect(await screen.findByRole('form', { name: 'Add a member' })).toBeInTheDocument();
  });

  it('shows not-found for a project the person does not belong to', async () => {
    fakeApi({
      'GET /api/projects/99': () => apiError(404, 'not_found', 'project not found'),
      'GET /api/projects': () => ({ projects: [] }),
    });
    page('/projects/99');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });
});
