import { zValidator } from '@hono/zod-validator';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { ApiError, ErrorCode } from '@shared/api/errors.js';

/** Thrown anywhere in a handler; `onError` turns it into the one error shape. */
export class ApiFailure extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const fail = (status: ContentfulStatusCode, code: ErrorCode, message: string, details?: unknown): never => {
  throw new ApiFailure(status, code, message, details);
};

export const notFound = (what: string): never => fail(404, 'not_found', `${what} not found`);

export function errorBody(code: ErrorCode, message: string, details?: unknown): ApiError {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** "schema.0.config.labels: expected at least 1 label" — the path a person can find in what they sent. */
export function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues.slice(0, 5).map((i) => {
    const where = i.path.length ? i.path.join('.') : '(body)';
    return `${where}: ${i.message}`;
  }).join('; ') + (issues.length > 5 ? `; and ${issues.length - 5} more` : '');
}

export function issueDetails(issues: z.core.$ZodIssue[]) {
  return issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

export type Target = 'json' | 'query' | 'param' | 'form';

/** The path of the first string holding NUL, which PostgreSQL text columns refuse (found without recursion). */
export function nulPath(value: unknown): string | null {
  const stack: Array<{ v: unknown; path: string }> = [{ v: value, path: '' }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') { if (v.includes('\u0000')) return path || '(body)'; continue; }
    if (typeof v !== 'object' || v === null) continue;
    for (const [k, x] of Object.entries(v)) stack.push({ v: x, path: path ? `${path}.${k}` : k });
  }
  return null;
}

/**
 * Each validator middleware `zv` made, with what it parses: the OpenAPI document (server/openapi/) reads a
 * route's params, query and body from the very schemas that validate them, found in `app.routes`.
 */
export const validatorSchemas = new WeakMap<object, { target: Target; schema: z.ZodType }>();

/** zod validation that answers bad input with a 400 naming the field. */
export const zv = <T extends z.ZodType, Tg extends Target>(target: Tg, schema: T) => {
  const mw = zValidator(target, schema, (result, c) => {
    if (!result.success) {
      const issues = (result.error as unknown as z.ZodError).issues;
      return c.json(errorBody('bad_request', describeIssues(issues), issueDetails(issues)), 400);
    }
    const nul = nulPath(result.data);
    if (nul) return c.json(errorBody('bad_request', `${nul}: text may not contain the NUL character (\\u0000)`), 400);
  });
  validatorSchemas.set(mw, { target, schema });
  return mw;
};
