import { z } from 'zod';
import { publishGuidelineBody } from '@shared/api/console.js';
import { okTrue, type Operations } from './operation.js';
import { dashboard, guidelineAcks, guidelineDiff, guidelineDto, guidelines, memberDto, projectDto } from './responses.js';

const members = z.object({ members: z.array(memberDto) });

/** Projects, their members, guidelines and dashboard. */
export const projectOps: Operations = {
  'GET /api/projects': {
    tag: 'Projects', auth: 'user', summary: 'Your projects',
    description: 'A project-scoped token lists its one project.',
    ok: { status: 200, description: 'projects you are a member of', schema: z.object({ projects: z.array(projectDto) }) },
  },
  'POST /api/projects': {
    tag: 'Projects', auth: 'user', summary: 'Create a project (you become its lead)',
    description: 'Needs the right to create projects (administrators, people an administrator allowed, or everyone by setting).',
    ok: { status: 201, description: 'created', schema: z.object({ project: projectDto }) },
    errors: { 403: 'you may not create projects, or the token is limited to one project' },
  },
  'GET /api/projects/{projectId}': {
    tag: 'Projects', auth: 'user', roles: 'member', summary: 'One project',
    ok: { status: 200, description: 'the project as you see it', schema: z.object({ project: projectDto }) },
  },
  'PATCH /api/projects/{projectId}': {
    tag: 'Projects', auth: 'user', roles: ['lead'], summary: 'Change name, description, schema, settings or archive it',
    ok: { status: 200, description: 'the project as changed', schema: z.object({ project: projectDto }) },
  },
  'DELETE /api/projects/{projectId}': {
    tag: 'Projects', auth: 'user', roles: ['lead'], summary: 'Delete a project with its rows and labels',
    ok: { status: 200, description: 'deleted', schema: okTrue },
  },
  'GET /api/projects/{projectId}/members': {
    tag: 'Members', auth: 'user', roles: 'member', summary: 'Who works on the project',
    ok: { status: 200, description: 'members', schema: members },
  },
  'POST /api/projects/{projectId}/members': {
    tag: 'Members', auth: 'user', roles: ['lead'], summary: 'Add a person by their email address',
    description: 'An administrator may also add themself to any project with their own address.',
    ok: { status: 201, description: 'the members now', schema: members },
    errors: { 404: 'no account with this address can be added (the same answer whether or not it exists)' },
  },
  'PUT /api/projects/{projectId}/members/{userId}': {
    tag: 'Members', auth: 'user', roles: ['lead'], summary: 'Set a member\'s roles',
    description: 'Claims the new roles no longer allow go back to the pool.',
    ok: { status: 200, description: 'the members now', schema: members },
    errors: { 409: 'the project would lose its last lead' },
  },
  'DELETE /api/projects/{projectId}/members/{userId}': {
    tag: 'Members', auth: 'user', roles: ['lead'], summary: 'Remove a member',
    ok: { status: 200, description: 'the members now', schema: members },
    errors: { 409: 'the project would lose its last lead' },
  },
  'GET /api/projects/{projectId}/guidelines': {
    tag: 'Guidelines', auth: 'user', roles: 'member', summary: 'The current guideline and every version',
    ok: { status: 200, description: 'guidelines', schema: guidelines },
  },
  'GET /api/projects/{projectId}/guidelines/diff': {
    tag: 'Guidelines', auth: 'user', roles: 'member', summary: 'Line diff of two versions',
    ok: { status: 200, description: 'the diff', schema: guidelineDiff },
  },
  'GET /api/projects/{projectId}/guidelines/acknowledgements': {
    tag: 'Guidelines', auth: 'user', roles: ['lead'], summary: 'Who of the members acknowledged a version, and who has not',
    description: '`version` defaults to the current one. People who left the project are not listed.',
    ok: { status: 200, description: 'acknowledgements of the version', schema: guidelineAcks },
    errors: { 404: 'no such version (or nothing published yet)' },
  },
  'GET /api/projects/{projectId}/guidelines/{version}': {
    tag: 'Guidelines', auth: 'user', roles: 'member', summary: 'One version',
    ok: { status: 200, description: 'the version', schema: guidelineDto },
  },
  'POST /api/projects/{projectId}/guidelines': {
    tag: 'Guidelines', auth: 'user', roles: ['lead'], summary: 'Publish a new version',
    description: 'JSON `{body, note}`, or the markdown itself as a text/markdown body with `?note=`.',
    body: {
      description: 'the guideline',
      content: {
        'application/json': publishGuidelineBody,
        'text/markdown': { type: 'string', description: 'the markdown; the note goes in ?note=' },
      },
    },
    query: { note: { schema: { type: 'string', maxLength: 2000 }, description: 'with a text/markdown body: what changed' } },
    ok: { status: 201, description: 'published', schema: guidelineDto },
    errors: { 409: 'the text is the current version already' },
  },
  'POST /api/projects/{projectId}/guidelines/acknowledge': {
    tag: 'Guidelines', auth: 'user', roles: 'member', summary: 'Acknowledge having read a version',
    ok: { status: 200, description: 'the newest version acknowledged', schema: z.object({ acknowledged: z.number().int().nullable() }) },
  },
  'GET /api/projects/{projectId}/dashboard': {
    tag: 'Dashboard', auth: 'user', roles: ['lead'], summary: 'Agreement, throughput, people, prelabels and rows waiting for an expert',
    description: 'All time, or over `from`…`to` (UTC days, both included, at most 366); the over-time figures in hour (ranges of at most 31 days), day or week buckets.',
    errors: { 400: 'a bad range: half of it, a "to" before "from", too long, or hours over more than 31 days' },
    ok: { status: 200, description: 'the dashboard', schema: dashboard },
  },
};
