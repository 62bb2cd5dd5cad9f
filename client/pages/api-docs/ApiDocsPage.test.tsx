import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ApiDocsPage from './ApiDocsPage';
import { fieldRows, type OpenApiDoc } from './openapi-model';
import { fakeApi, renderAt, signedInEachTest } from '../../testing/fakeApi';

const error = { description: 'refused', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

/** The shape server/openapi/ writes, cut down to three routes. */
const DOC: OpenApiDoc = {
  openapi: '3.1.0',
  info: { title: 'Triad API', version: '0.1.0', description: 'Every error answers `{ error: { code, message } }`.' },
  tags: [{ name: 'Meta', description: 'The service itself.' }, { name: 'Tokens', description: 'Personal access tokens.' }, { name: 'Projects' }],
  paths: {
    '/api/health': { get: { operationId: 'GET_api_health', tags: ['Meta'], summary: 'Is the server up', security: [], responses: { 200: { description: 'up' } } } },
    '/api/tokens': {
      post: {
        operationId: 'POST_api_tokens', tags: ['Tokens'], summary: 'Create an API token',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object', required: ['name'],
                properties: {
                  name: { type: 'string', minLength: 1, maxLength: 100 },
                  expiresInDays: { type: 'integer', minimum: 1, maximum: 365, default: 90 },
                  projectId: { anyOf: [{ type: 'integer', exclusiveMinimum: 0 }, { type: 'null' }], description: 'one project only' },
                },
              },
            },
          },
        },
        responses: {
          201: { description: 'created', content: { 'application/json': { schema: { type: 'object', required: ['secret'], properties: { secret: { type: 'string' } } } } } },
          401: error,
        },
      },
    },
    '/api/projects/{projectId}': {
      patch: {
        operationId: 'PATCH_api_projects_projectId', tags: ['Projects'], summary: 'Change a project',
        parameters: [{ name: 'projectId', in: 'path', required: true, schema: { type: 'integer', exclusiveMinimum: 0 } }],
        requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { schema: { $ref: '#/components/schemas/Node' } } } } } },
        responses: { 200: { description: 'changed' } },
      },
    },
  },
  components: {
    schemas: {
      Error: { type: 'object' },
      // Recursive, as a conversation's messages are: shown once, not without end.
      Node: { type: 'object', properties: { label: { type: 'string', enum: ['a', 'b'] }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } },
    },
  },
};

signedInEachTest();

describe('API reference page', () => {
  it('lists every route by section and shows a route\'s body fields, rules and a curl line with the token', async () => {
    fakeApi({ 'GET /api/openapi.json': () => DOC });
    renderAt(<ApiDocsPage />, '/api-docs');
    expect(await screen.findByRole('heading', { name: 'Tokens' })).toBeTruthy();
    expect(screen.getByText('Triad API 0.1.0 · OpenAPI 3.1.0')).toBeTruthy();
    const route = document.querySelector('[data-route="POST /api/tokens"]') as HTMLDetailsElement;
    expect(route.open).toBe(false);
    // Drawn when first opened: the page holds a thousand field rows otherwise.
    expect(within(route).queryByRole('table')).toBeNull();
    const u = userEvent.setup();
    await u.click(within(route).getByText('/api/tokens'));
    expect(route.open).toBe(true);
    await within(route).findByRole('table', { name: 'Body fields (application/json)' });

    const fields = within(route).getByRole('table', { name: 'Body fields (application/json)' });
    const name = fields.querySelector('[data-field="name"]')!;
    expect(name.textContent).toContain('required');
    expect(name.textContent).toContain('1–100 characters');
    expect(fields.querySelector('[data-field="expiresInDays"]')!.textContent).toContain('default 90');
    expect(fields.querySelector('[data-field="projectId"]')!.textContent).toContain('integer or null');
    expect(fields.querySelector('[data-field="projectId"]')!.textContent).toContain('one project only');
    const curl = within(route).getByLabelText('Example request').textContent!;
    expect(curl).toContain('curl -X POST "$TRIAD_URL/api/tokens"');
    expect(curl).toContain('Authorization: Bearer $TRIAD_TOKEN');
    expect(curl).toContain('"name":"text"');
    expect(within(route).getByRole('table', { name: 'Answer 201 fields' }).textContent).toContain('secret');

    // A public route says so and its curl carries no token.
    const health = document.querySelector('[data-route="GET /api/health"]') as HTMLElement;
    expect(health.textContent).toContain('public');
    await u.click(within(health).getByText('/api/health'));
    expect((await within(health).findByLabelText('Example request')).textContent).not.toContain('Authorization');
    // Path parameters become shell variables.
    const patch = document.querySelector('[data-route="PATCH /api/projects/{projectId}"]') as HTMLElement;
    await u.click(within(patch).getByText('/api/projects/{projectId}'));
    expect((await within(patch).findByLabelText('Example request')).textContent).toContain('"$TRIAD_URL/api/projects/$PROJECT_ID"');
  });

  it('finds routes by words typed in the search box', async () => {
    fakeApi({ 'GET /api/openapi.json': () => DOC });
    renderAt(<ApiDocsPage />, '/api-docs');
    await screen.findByRole('heading', { name: 'Tokens' });
    const u = userEvent.setup();
    await u.type(screen.getByLabelText('Find a route'), 'post token');
    expect(document.querySelector('[data-route="POST /api/tokens"]')).not.toBeNull();
    expect(document.querySelector('[data-route="GET /api/health"]')).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Meta' })).toBeNull();
    await u.clear(screen.getByLabelText('Find a route'));
    await u.type(screen.getByLabelText('Find a route'), 'nothing like this');
    expect(screen.getByText('No route matches “nothing like this”.')).toBeTruthy();
  });

  it('says so when the description cannot be loaded', async () => {
    fakeApi({});
    renderAt(<ApiDocsPage />, '/api-docs');
    expect((await screen.findByRole('alert')).textContent).toContain('no fake for GET /api/openapi.json');
  });
});

describe('fieldRows', () => {
  it('expands a recursive schema once and names nested fields by path', () => {
    const rows = fieldRows(DOC, DOC.paths['/api/projects/{projectId}'].patch.requestBody!.content['application/json'].schema!);
    expect(rows.map((r) => [r.path, r.depth, r.type])).toEqual([
      ['schema', 0, 'object'],
      ['schema.label', 1, 'enum'],
      ['schema.children', 1, 'array of object'],
    ]);
    expect(rows[1].rules).toEqual(['one of "a", "b"']);
  });
});
