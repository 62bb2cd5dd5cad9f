import type { CliCommand } from './commands.js';
import { createTokenBody, tokenIdParam, TOKEN_LIVE_LIMIT } from '@shared/api/tokens.js';
import { countLiveTokens, createToken, getToken, listLiveTokens, listTokens, revokeToken } from '../repos/api-tokens.js';
import { findUserByEmail } from '../repos/users.js';
import { rolesIn } from '../repos/members.js';
import { audit } from '../repos/audit.js';
import { parse } from './users.js';

const DAY_MS = 86_400_000;
const day = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));

const intOption = (flag: string, v: unknown) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new Error(`--${flag}: expected a whole number, got "${String(v)}"`);
  return n;
};

async function owner(deps: Parameters<CliCommand['run']>[0], email: unknown) {
  if (typeof email !== 'string') throw new Error('--email is required: whose token');
  const u = await findUserByEmail(deps.db, email);
  if (!u) throw new Error(`no user has the address ${email}`);
  if (u.disabled) throw new Error(`${u.email} is disabled: their tokens would not work`);
  return u;
}

/** `npm run triad -- token …`: the same tokens as the account page, for whoever runs the server. */
export const tokenCommands: CliCommand[] = [
  {
    group: 'token', verb: 'create',
    usage: '--email E --name N [--days 90] [--project ID] [--read-only]   (prints the token once)',
    options: { email: { type: 'string' }, name: { type: 'string' }, days: { type: 'string' }, project: { type: 'string' }, 'read-only': { type: 'boolean' } },
    async run(deps, a) {
      const u = await owner(deps, a.email);
      const body = parse(createTokenBody, {
        name: a.name, expiresInDays: intOption('days', a.days), projectId: intOption('project', a.project) ?? null, readOnly: a['read-only'] === true,
      });
      if (body.projectId !== null && (await rolesIn(deps.db, body.projectId, u.id)).length === 0) {
        throw new Error(`--project: ${u.email} is not a member of project ${body.projectId}`);
      }
      const at = deps.now();
      if ((await countLiveTokens(deps.db, u.id, at)) >= TOKEN_LIVE_LIMIT) throw new Error(`${u.email} already has ${TOKEN_LIVE_LIMIT} live tokens: revoke one first`);
      const { id, secret } = await createToken(deps.db, { userId: u.id, name: body.name, projectId: body.projectId, readOnly: body.readOnly, now: at, expiresAt: at + body.expiresInDays * DAY_MS });
      await audit(deps.db, { at, userId: null, projectId: body.projectId, action: 'token.create', details: { id, owner: u.id, name: body.name, readOnly: body.readOnly, expiresInDays: body.expiresInDays, via: 'cli' } });
      // The secret goes to stdout alone, so `$(npm run -s triad -- token create …)` captures it; the rest to stderr.
      console.error(`token ${id} "${body.name}" for ${u.email}: ${body.projectId === null ? 'all their projects' : `project ${body.projectId} only`}${body.readOnly ? ', read-only' : ''}, expires ${day(at + body.expiresInDays * DAY_MS)} UTC. Shown once: store it now.`);
      console.log(secret);
    },
  },
  {
    group: 'token', verb: 'list', usage: '[--email E]   (a person\'s tokens, or every live token)',
    options: { email: { type: 'string' } },
    async run(deps, a) {
      const at = deps.now();
      const rows = a.email === undefined
        ? (await listLiveTokens(deps.db, at)).map((t) => ({ ...t, who: t.userEmail }))
        : (await listTokens(deps.db, (await owner(deps, a.email)).id, at)).map((t) => ({ ...t, who: String(a.email) }));
      if (rows.length === 0) console.log('(no tokens)');
      for (const t of rows) {
        const scope = t.projectId === null ? 'all projects' : `project ${t.projectId}`;
        console.log(`${String(t.id).padStart(5)}  ${t.status.padEnd(8)} ${t.who.padEnd(24)} ${t.name.slice(0, 30).padEnd(30)} ${t.hint}…  ${scope}${t.readOnly ? ', read-only' : ''}  created ${day(t.createdAt)}  last used ${day(t.lastUsedAt)}  expires ${day(t.expiresAt)}`);
      }
    },
  },
  {
    group: 'token', verb: 'revoke', usage: '--id N   (stops the token at once)',
    options: { id: { type: 'string' } },
    async run(deps, a) {
      const { id } = parse(tokenIdParam, { id: a.id });
      const t = await getToken(deps.db, id);
      if (!t) throw new Error(`no token has the id ${id}`);
      if (!(await revokeToken(deps.db, id, null, deps.now()))) { console.log(`token ${id} was already revoked`); return; }
      await audit(deps.db, { at: deps.now(), userId: null, action: 'token.revoke', details: { id, owner: Number(t.user_id), name: t.name, via: 'cli' } });
      console.log(`token ${id} "${t.name}" revoked`);
    },
  },
];
