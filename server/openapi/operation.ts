import { z } from 'zod';
import type { Role } from '@shared/project.js';

/** Sections of the reference, in the order it shows them. */
export const TAGS = {
  Meta: 'The service itself: health and this description.',
  Auth: 'Signing in with a browser session. Scripts use an API token instead (see Tokens).',
  Tokens: 'Personal access tokens: `Authorization: Bearer <token>` on any route, with the person\'s own roles.',
  Users: 'Accounts of the instance: administrators only.',
  Projects: 'Projects, their schema and settings.',
  Members: 'Who works on a project, in which roles.',
  Work: 'Labeling and QA: take the next row, save drafts, submit, resolve.',
  Rows: 'A lead\'s view of rows, escalations and stuck claims.',
  Imports: 'Rows and media into a project.',
  Exports: 'Labels out of a project, streamed.',
  Guidelines: 'Versioned labeling guidelines.',
  Dashboard: 'Agreement, throughput and people.',
  Assessments: 'Skills assessments: admins define them, people take them, graders score each answer 1-5.',
  Quality: 'Gold rows and how each person does against them, their peers and QA.',
  Webhooks: 'Signed JSON POSTs to your receivers when rows are finalized or escalated, imports finish, exports are ready.',
} as const;
export type Tag = keyof typeof TAGS;

/** A body, query or file a route reads itself rather than through a `zv` validator. */
export interface RawContent {
  /** Content type → schema (zod, or JSON Schema for bytes and text). */
  content: Record<string, z.ZodType | Record<string, unknown>>;
  description: string;
}

/**
 * What the generated document says of one route besides what its validators already say: what it does,
 * who may call it, what it answers. Every route of the app has one, and nothing else (openapi.test.ts).
 */
export interface Operation {
  summary: string;
  description?: string;
  tag: Tag;
  /** public: no sign-in; user: a session or a token; admin: an administrator's. */
  auth: 'public' | 'user' | 'admin';
  /** The project roles it needs (`member`: any role): non-members get 404, members without the role 403. */
  roles?: readonly Role[] | 'member';
  ok: {
    status: 200 | 201 | 202;
    description: string;
    /** The JSON answered; for other content types, `content`. */
    schema?: z.ZodType;
    content?: Record<string, Record<string, unknown>>;
  };
  /** Bodies read without a validator (files, markdown). */
  body?: RawContent;
  /** Query parameters read without a validator. */
  query?: Record<string, { schema: Record<string, unknown>; description: string }>;
  /** Statuses particular to this route, with when they happen (the usual ones are added from the above). */
  errors?: Record<number, string>;
}

export type Operations = Record<string, Operation>;

export const binary = { type: 'string', contentMediaType: 'application/octet-stream' } as const;
export const okTrue = z.object({ ok: z.literal(true) });
