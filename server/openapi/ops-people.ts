import { z } from 'zod';
import { adminTokenDto, createdTokenDto, tokenDto } from '@shared/api/tokens.js';
import { keymapDto } from '@shared/api/keymap.js';
import { okTrue, type Operations } from './operation.js';
import { sessionUser, userDto, userListDto } from './responses.js';

const retry = 'details.retryAfterS and the Retry-After header say when to try again';

/** The service, signing in, tokens and accounts. */
export const peopleOps: Operations = {
  'GET /api/health': {
    tag: 'Meta', auth: 'public', summary: 'Is the server up and its database reachable',
    ok: { status: 200, description: 'up', schema: okTrue },
  },
  'GET /api/openapi.json': {
    tag: 'Meta', auth: 'public', summary: 'This document',
    description: 'OpenAPI 3.1, generated from the zod schemas that validate each route\'s params, query and body.',
    ok: { status: 200, description: 'the OpenAPI document', schema: z.object({ openapi: z.string() }).loose() },
  },
  'POST /api/auth/login': {
    tag: 'Auth', auth: 'public', summary: 'Sign in: sets the session cookie',
    description: 'Browsers only need this; scripts use an API token. Failed attempts are limited per account and per address.',
    ok: { status: 200, description: 'signed in; the `triad_session` cookie is set', schema: z.object({ user: sessionUser }) },
    errors: { 401: 'wrong email or password', 429: `too many attempts: ${retry}`, 503: `the password hashing queue is full: ${retry}` },
  },
  'POST /api/auth/logout': {
    tag: 'Auth', auth: 'public', summary: 'Sign out: ends the session of the cookie sent',
    ok: { status: 200, description: 'signed out (also when no session was sent)', schema: okTrue },
  },
  'GET /api/auth/me': {
    tag: 'Auth', auth: 'user', summary: 'Who the session or token belongs to',
    ok: { status: 200, description: 'the person', schema: z.object({ user: sessionUser }) },
  },
  'GET /api/me/keymap': {
    tag: 'Auth', auth: 'user', summary: 'Your remapped keyboard shortcuts',
    description: 'Only the actions you moved; the rest keep the defaults of shared/keymap/actions.ts.',
    ok: { status: 200, description: 'your remaps', schema: keymapDto },
  },
  'PUT /api/me/keymap': {
    tag: 'Auth', auth: 'user', summary: 'Replace your remapped keyboard shortcuts (an empty object: the defaults)',
    description: 'Each key must hold Alt, Ctrl or ⌘ and belong to one action only on every screen.',
    ok: { status: 200, description: 'stored', schema: keymapDto },
    errors: { 400: 'a key clashes with another action (named), is a plain key, or names an unknown action' },
  },
  'GET /api/tokens': {
    tag: 'Tokens', auth: 'user', summary: 'Your API tokens, newest first',
    description: 'Revoked and expired ones too. Never the secrets: only their first characters (`hint`).',
    ok: { status: 200, description: 'your tokens', schema: z.object({ tokens: z.array(tokenDto) }) },
  },
  'POST /api/tokens': {
    tag: 'Tokens', auth: 'user', summary: 'Create an API token (the secret is in this answer only)',
    description: 'From a signed-in session: a token cannot create tokens. At most 50 live tokens per person.',
    ok: { status: 201, description: 'created; store `secret` now', schema: createdTokenDto },
    errors: { 403: 'sent with an API token', 404: 'projectId: not a project of yours', 409: 'you already hold 50 live tokens' },
  },
  'GET /api/tokens/all': {
    tag: 'Tokens', auth: 'admin', summary: 'Every live token of the instance, with its owner',
    ok: { status: 200, description: 'live tokens', schema: z.object({ tokens: z.array(adminTokenDto) }) },
  },
  'DELETE /api/tokens/{id}': {
    tag: 'Tokens', auth: 'user', summary: 'Revoke a token: it stops at once',
    description: 'Your own, or anyone\'s for an administrator. Revoking twice is not an error.',
    ok: { status: 200, description: 'the token, now revoked', schema: z.object({ token: tokenDto }) },
    errors: { 404: 'no such token of yours' },
  },
  'GET /api/users': {
    tag: 'Users', auth: 'admin', summary: 'Every account',
    ok: { status: 200, description: 'accounts, with their profiles and assessment scores', schema: userListDto },
  },
  'POST /api/users': {
    tag: 'Users', auth: 'admin', summary: 'Create an account',
    ok: { status: 201, description: 'created', schema: z.object({ user: userDto }) },
    errors: { 409: 'the email already has an account', 503: `the password hashing queue is full: ${retry}` },
  },
  'PATCH /api/users/{id}': {
    tag: 'Users', auth: 'admin', summary: 'Change name, admin, disabled, may-create-projects or expertise',
    description: 'Disabling signs the person out, stops their tokens and returns their claims to the pool.',
    ok: { status: 200, description: 'the account as changed', schema: z.object({ user: userDto }) },
    errors: { 404: 'no such user' },
  },
  'POST /api/users/{id}/password': {
    tag: 'Users', auth: 'admin', summary: 'Set a new password (signs the person out)',
    ok: { status: 200, description: 'set', schema: okTrue },
    errors: { 404: 'no such user' },
  },
};
