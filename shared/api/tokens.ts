import { z } from 'zod';

/**
 * Personal access tokens (issue 17): what a person sends to create one, and how tokens are listed.
 * The secret itself is returned once, by the create call, and never again.
 */

/** Expiry choices the account page offers; any whole number of days in range is accepted. */
export const TOKEN_EXPIRY_PRESETS = [7, 30, 90, 180, 365] as const;
export const TOKEN_MAX_DAYS = 366;
/** Live (unrevoked, unexpired) tokens a person may hold at once: enough for every pipeline, bounded for the table. */
export const TOKEN_LIVE_LIMIT = 50;
export const TOKEN_NAME_MAX = 100;
/** Every token starts with this, so secret scanners and people recognise one. */
export const TOKEN_PREFIX = 'triad_';

export const createTokenBody = z.object({
  name: z.string('give the token a name saying what uses it').trim()
    .min(1, 'give the token a name saying what uses it').max(TOKEN_NAME_MAX, `at most ${TOKEN_NAME_MAX} characters`),
  expiresInDays: z.number('expected a number of days').int('expected a whole number of days')
    .min(1, 'at least 1 day').max(TOKEN_MAX_DAYS, `at most ${TOKEN_MAX_DAYS} days`).default(90),
  /** Limit the token to one project the person belongs to; null or absent: all of their projects. */
  projectId: z.number('expected a project id or null').int('expected a project id').positive('expected a positive project id').nullable().default(null),
  /** A read-only token is refused every write (403). */
  readOnly: z.boolean('expected true or false').default(false),
});
export type CreateTokenBody = z.input<typeof createTokenBody>;

export const tokenIdParam = z.object({ id: z.coerce.number('expected a positive token id').int('expected a positive token id').positive('expected a positive token id').max(Number.MAX_SAFE_INTEGER, 'token id out of range') });

export const TOKEN_STATUSES = ['active', 'expired', 'revoked'] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

/** A token as lists show it (also the response schema of the OpenAPI document). */
export const tokenDto = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The token's first characters (`triad_AbCd`), to tell tokens apart: never enough to use one. */
  hint: z.string(),
  projectId: z.number().int().nullable(),
  /** The scoped project's name, when the token is scoped. */
  projectName: z.string().nullable(),
  readOnly: z.boolean(),
  createdAt: z.number().int().describe('epoch milliseconds'),
  expiresAt: z.number().int().describe('epoch milliseconds'),
  lastUsedAt: z.number().int().nullable().describe('epoch milliseconds, updated at most once a minute'),
  revokedAt: z.number().int().nullable(),
  status: z.enum(TOKEN_STATUSES),
});
export type TokenDto = z.infer<typeof tokenDto>;

/** An administrator's list also names each token's owner. */
export const adminTokenDto = tokenDto.extend({ userId: z.number().int(), userEmail: z.string(), userName: z.string() });
export type AdminTokenDto = z.infer<typeof adminTokenDto>;

/** The create call's answer: `secret` is the token itself, shown this once. */
export const createdTokenDto = z.object({ token: tokenDto, secret: z.string() });
export type CreatedTokenDto = z.infer<typeof createdTokenDto>;
