import fc from 'fast-check';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './test/harness.js';
import { appRoutes, operations, type RouteInputs } from './openapi/document.js';
import { arbitraryOf } from './test/json-schema-tools.js';

type Doc = Record<string, any>;

/** What the validator says of a value, less refinements (cross-field rules JSON Schema cannot state). */
function structuralIssues(schema: z.ZodType, value: unknown): string[] {
  const r = schema.safeParse(value);
  if (r.success) return [];
  return r.error.issues.filter((i) => i.code !== 'custom').map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
}

/** A value of another JSON type than the documented one. */
function wrongType(s: Doc): unknown {
  const t = Array.isArray(s.type) ? s.type : [s.type];
  if (t.includes('string')) return 12345;
  if (t.includes('integer') || t.includes('number')) return 'not a number';
  if (t.includes('boolean')) return 'yes';
  return 7;
}

describe('the OpenAPI document', () => {
  let env: TestEnv;
  let doc: Doc;
  let routes: Map<string, RouteInputs>;
  beforeAll(async () => {
    env = await createTestEnv();
    const r = await env.app.request('/api/openapi.json');
    expect(r.status).toBe(200);
    doc = (await r.json()) as Doc;
    routes = appRoutes(env.app.routes);
  });
  afterAll(async () => env.close());

  it('describes every route of the app, and only those', () => {
    const documented = Object.entries(doc.paths as Doc).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(routes.size).toBeGreaterThan(50);
    expect(documented.sort()).toEqual([...routes.keys()].sort());
    // Each from the table: a route nobody described would be "undocumented route" and fail here.
    expect([...routes.keys()].filter((k) => !operations[k]), 'routes to describe in server/openapi/ops-*.ts').toEqual([]);
    expect(Object.keys(operations).filter((k) => !routes.has(k)), 'descriptions of routes the app does not have').toEqual([]);
  });

  it('is OpenAPI 3.1 with both ways to sign in, one error shape, and every reference resolving', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'triad_session' });
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) expect(doc.components.schemas[ref.slice(8, -1).replace('#/components/schemas/', '')], ref).toBeDefined();
    const ids = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths as Doc)) {
      for (const [method, op] of Object.entries(ops as Doc)) {
        expect(ids.has(op.operationId), op.operationId).toBe(false);
        ids.add(op.operationId);
        const declared = (op.parameters ?? []).filter((p: Doc) => p.in === 'path').map((p: Doc) => p.name).sort();
        expect(declared, `${method} ${path}`).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
        const codes = Object.keys(op.responses);
        expect(codes.some((c) => c.startsWith('2')), `${method} ${path}: a success answer`).toBe(true);
        for (const c of codes.filter((x) => Number(x) >= 400)) expect(op.responses[c].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
        if (op.security === undefined) expect(codes, `${method} ${path}: signed-in routes answer 401`).toContain('401');
      }
    }
    expect(doc.paths['/api/health'].get.security).toEqual([]);
    expect(doc.paths['/api/tokens'].post.responses['201'].content['application/json'].schema.required).toEqual(['token', 'secret']);
  });

  it('documents each validated body, query and param exactly as its validator accepts and refuses them', () => {
    let checked = 0;
    for (const [key, route] of routes) {
      const [method, path] = key.split(' ');
      const op = doc.paths[path][method.toLowerCase()];
      for (const v of route.validators) {
        const documented: Doc = v.target === 'json'
          ? op.requestBody.content['application/json'].schema
          : {
            type: 'object',
            properties: Object.fromEntries(op.parameters.filter((p: Doc) => p.in === (v.target === 'param' ? 'path' : 'query')).map((p: Doc) => [p.name, p.schema])),
            required: op.parameters.filter((p: Doc) => p.in === (v.target === 'param' ? 'path' : 'query') && p.required).map((p: Doc) => p.name),
          };
        // Params and queries travel as text in the URL.
        const asSent = (x: unknown) => (v.target === 'json' ? x : Object.fromEntries(Object.entries(x as Doc).map(([k, y]) => [k, String(y)])));
        // What the document allows, the validator takes.
        for (const sample of fc.sample(arbitraryOf(doc, documented), { numRuns: 15, seed: 17 })) {
          expect(structuralIssues(v.schema, asSent(sample)), `${key} ${v.target}: ${JSON.stringify(sample).slice(0, 300)}`).toEqual([]);
        }
        // What it forbids (a required field left out, a field of another type), the validator refuses.
        const base = fc.sample(arbitraryOf(doc, documented), { numRuns: 1, seed: 5 })[0] as Doc;
        for (const name of documented.required ?? []) {
          const { [name]: _dropped, ...without } = base;
          expect(v.schema.safeParse(asSent(without)).success, `${key} ${v.target} without ${name}`).toBe(false);
        }
        if (v.target === 'json') {
          for (const [name, prop] of Object.entries((documented.properties ?? {}) as Doc)) {
            if (!prop.type || prop.anyOf) continue;
            expect(v.schema.safeParse({ ...base, [name]: wrongType(prop) }).success, `${key}: ${name} of another type`).toBe(false);
          }
        } else {
          for (const [name, prop] of Object.entries((documented.properties ?? {}) as Doc)) {
            // projectId is checked by projectAccess, whatever a route's own validator says of it (tested below).
            if ((prop.type !== 'integer' && prop.type !== 'number') || name === 'projectId') continue;
            expect(v.schema.safeParse({ ...asSent(base) as Doc, [name]: 'abc' }).success, `${key}: ${name}=abc`).toBe(false);
          }
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('documents projectId as projectAccess checks it on every project route', async () => {
    await env.user('pa@x.org');
    const c = await env.login('pa@x.org');
    const projectRoutes = [...routes.keys()].filter((k) => k.includes('{projectId}') && k.startsWith('GET'));
    expect(projectRoutes.length).toBeGreaterThan(10);
    for (const key of projectRoutes) {
      const path = key.slice(4).replace('{projectId}', 'abc').replace(/\{\w+\}/g, '1');
      const schema = doc.paths[key.slice(4)].get.parameters.find((p: Doc) => p.name === 'projectId').schema;
      expect(schema, key).toMatchObject({ type: 'integer', exclusiveMinimum: 0 });
      expect((await c.get(path)).status, path).toBe(400);
    }
  });

  it('is public and the same on every request', async () => {
    const again: unknown = await (await env.app.request('/api/openapi.json')).json();
    expect(again).toEqual(doc);
  });
});
