import fs from 'node:fs';
import { COMPOSED_HANDLER } from 'hono/utils/constants';
import type { RouterRoute } from 'hono/types';
import type { z } from 'zod';
import type { ErrorCode } from '@shared/api/errors.js';
import { projectParam } from '@shared/api/projects.js';
import { validatorSchemas, type Target } from '../http.js';
import { SESSION_COOKIE } from '../middleware.js';
import { objectProperties, SchemaConverter, type JsonSchema } from './json-schema.js';
import { TAGS, type Operation, type Operations } from './operation.js';
import { peopleOps } from './ops-people.js';
import { projectOps } from './ops-projects.js';
import { workOps } from './ops-work.js';
import { consoleOps } from './ops-console.js';
import { webhookOps } from './ops-webhooks.js';
import { qualityOps } from './ops-quality.js';
import { assessmentOps } from './ops-assessments.js';

/** Every route's description, by `METHOD /path` with OpenAPI's `{param}` segments. */
export const operations: Operations = { ...peopleOps, ...projectOps, ...workOps, ...consoleOps, ...webhookOps, ...qualityOps, ...assessmentOps };

const ERROR_CODES = ['bad_request', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'gone', 'too_large', 'unsupported_media', 'internal', 'rate_limited', 'busy'] as const;
// Fails to compile when errors.ts gains a code this list lacks.
const allCodes: Record<ErrorCode, true> = Object.fromEntries(ERROR_CODES.map((c) => [c, true])) as Record<(typeof ERROR_CODES)[number], true>;
void allCodes;

export interface RouteInputs {
  method: string;
  path: string;
  validators: Array<{ target: Target; schema: z.ZodType }>;
}

/** `/api/projects/:projectId` → `/api/projects/{projectId}` */
export const openApiPath = (honoPath: string) => honoPath.replace(/:(\w+)(\{[^}]*\})?\??/g, '{$1}');

/**
 * The app's routes (not its middleware), each with the validators in its handler chain: what the document
 * is made from, and what the coverage test compares the table with.
 */
export function appRoutes(routes: RouterRoute[]): Map<string, RouteInputs> {
  const out = new Map<string, RouteInputs>();
  for (const r of routes) {
    // Middleware, and the client's files (client-files.ts) served by the same app, are not API routes.
    if (r.method === 'ALL' || !r.path.startsWith('/api/') || r.path.includes('*')) continue;
    const key = `${r.method} ${openApiPath(r.path)}`;
    let entry = out.get(key);
    if (!entry) out.set(key, entry = { method: r.method, path: openApiPath(r.path), validators: [] });
    // A sub-app with its own error handler wraps each handler; the original is kept under COMPOSED_HANDLER.
    const handler = (r.handler as unknown as Record<string, unknown>)[COMPOSED_HANDLER] ?? r.handler;
    const v = validatorSchemas.get(handler as object);
    if (v) entry.validators.push(v);
  }
  return out;
}

const version = (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const errorRef = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** The statuses every route of this kind can answer, then the route's own. */
function errorResponses(op: Operation, route: RouteInputs, hasBody: boolean) {
  const why = new Map<number, string[]>();
  const add = (status: number, text: string) => why.set(status, [...(why.get(status) ?? []), text]);
  if (route.validators.length || op.body) add(400, 'the request does not fit its schema: `message` names the field, `details` lists each problem');
  if (op.auth !== 'public') add(401, 'no session or API token, or the token is unknown, expired or revoked (the message says which)');
  if (op.auth === 'admin') add(403, 'only an administrator can do this');
  if (Array.isArray(op.roles)) add(403, `needs the ${op.roles.join(' or ')} role in this project`);
  if (op.auth !== 'public' && route.method !== 'GET') add(403, 'the API token is read-only, or a session write came from another site\'s Origin');
  if (route.path.includes('{projectId}')) add(404, 'no such project, or you are not a member (the same answer), or the token is limited to another project');
  if (hasBody) add(413, 'the body is larger than its limit (the message names the limit and its setting)');
  for (const [s, text] of Object.entries(op.errors ?? {})) add(Number(s), text);
  return Object.fromEntries([...why].sort(([a], [b]) => a - b).map(([s, texts]) => [String(s), errorRef(texts.join('; '))]));
}

function operationObject(conv: SchemaConverter, key: string, op: Operation, route: RouteInputs) {
  const params: JsonSchema[] = [];
  const seen = new Set<string>();
  const param = (name: string, where: 'path' | 'query', schema: JsonSchema, required: boolean, description?: string) => {
    if (seen.has(`${where}:${name}`)) return;
    seen.add(`${where}:${name}`);
    const { description: own, ...rest } = schema;
    params.push({ name, in: where, required: where === 'path' || required, schema: rest, ...(description ?? own ? { description: description ?? own } : {}) });
  };
  for (const v of route.validators.filter((x) => x.target === 'param')) {
    for (const p of objectProperties(conv.convert(v.schema, 'input'))) {
      // Several routes validate their own ids and let projectAccess check `projectId`: document what it accepts.
      param(p.name, 'path', p.name === 'projectId' ? objectProperties(conv.convert(projectParam, 'input'))[0].schema : p.schema, true);
    }
  }
  for (const m of route.path.matchAll(/\{(\w+)\}/g)) {
    param(m[1], 'path', m[1] === 'projectId' ? objectProperties(conv.convert(projectParam, 'input'))[0].schema : { type: 'string' }, true);
  }
  for (const v of route.validators.filter((x) => x.target === 'query')) {
    for (const p of objectProperties(conv.convert(v.schema, 'input'))) param(p.name, 'query', p.schema, p.required);
  }
  for (const [name, q] of Object.entries(op.query ?? {})) param(name, 'query', q.schema, false, q.description);

  const json = route.validators.find((x) => x.target === 'json');
  const requestBody = json
    ? { required: true, content: { 'application/json': { schema: conv.convert(json.schema, 'input') } } }
    : op.body
      ? {
        required: true, description: op.body.description,
        content: Object.fromEntries(Object.entries(op.body.content).map(([type, s]) => [type, { schema: isZod(s) ? conv.convert(s, 'input') : s }])),
      }
      : undefined;
  const ok = op.ok.schema
    ? { description: op.ok.description, content: { 'application/json': { schema: conv.convert(op.ok.schema, 'output') } } }
    : { description: op.ok.description, content: Object.fromEntries(Object.entries(op.ok.content ?? {}).map(([t, s]) => [t, { schema: s }])) };
  const roles = op.roles === 'member' ? 'any member of the project' : op.roles ? `project role: ${op.roles.join(' or ')}` : null;
  return {
    operationId: key.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+/g, '_').replace(/_$/, ''),
    tags: [op.tag],
    summary: op.summary,
    ...(op.description || roles ? { description: [op.description, roles && `Who: ${roles}.`].filter(Boolean).join('\n\n') } : {}),
    ...(op.auth === 'public' ? { security: [] } : {}),
    ...(op.roles ? { 'x-triad-roles': op.roles } : {}),
    ...(op.auth === 'admin' ? { 'x-triad-admin': true } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: { [String(op.ok.status)]: ok, ...errorResponses(op, route, requestBody !== undefined) },
  };
}

const isZod = (s: unknown): s is z.ZodType => typeof s === 'object' && s !== null && '_zod' in s;

/** The OpenAPI 3.1 document of an app, from its routes, their validators and the table above. */
export function buildOpenApi(routes: RouterRoute[]) {
  const conv = new SchemaConverter();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, route] of appRoutes(routes)) {
    const op: Operation = operations[key] ?? { tag: 'Meta', auth: 'user', summary: 'undocumented route', ok: { status: 200, description: 'see the source' } };
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operationObject(conv, key, op, route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Triad API', version,
      description: 'Labeling with two-plus-one review. Every error answers `{ error: { code, message, details? } }` with the status; '
        + 'a 500 is `internal`. Scripts authenticate with a personal access token (`Authorization: Bearer triad_…`, created on the '
        + 'account page or with `npm run triad -- token create`); browsers with the session cookie, writes then checked on their Origin.',
    },
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    security: [{ bearerToken: [] }, { session: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'A personal access token. Its project scope and read-only flag apply on top of your roles.' },
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The browser session set by POST /api/auth/login. A write sent with it must carry this server\'s own Origin (browsers add it; a cross-site Origin gets 403). Not needed with a token.' },
      },
      schemas: {
        Error: {
          type: 'object', required: ['error'],
          properties: {
            error: {
              type: 'object', required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: [...ERROR_CODES] },
                message: { type: 'string', description: 'what went wrong and what to do, for a person to read' },
                details: { description: 'for 400s the problems as [{path, message}]; for 429 and 503 {retryAfterS}' },
              },
            },
          },
        },
        ...conv.components,
      },
    },
  };
}

const built = new WeakMap<RouterRoute[], ReturnType<typeof buildOpenApi>>();
/** Built once per app, on first request. */
export function openApiOf(routes: RouterRoute[]) {
  let doc = built.get(routes);
  if (!doc) built.set(routes, doc = buildOpenApi(routes));
  return doc;
}
