import { createUserBody, passwordSchema } from '@shared/api/auth.js';
import { domainSchema } from '@shared/project.js';
import { z } from 'zod';
import type { CliCommand } from './commands.js';
import { findUserByEmail, insertUser, listUsers, setExpertise, updateUser } from '../repos/users.js';
import { hashPassword } from '../services/passwords.js';
import { deleteUserSessions } from '../repos/sessions.js';
import { describeIssues } from '../http.js';

const list = (s: unknown) => (typeof s === 'string' && s.trim() ? s.split(',').map((x) => x.trim()) : []);

/** Parses CLI options with the API's own schema, failing with its messages. */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(describeIssues(r.error.issues));
  return r.data;
}

async function mustFind(deps: Parameters<CliCommand['run']>[0], email: unknown) {
  if (typeof email !== 'string') throw new Error('--email is required');
  const u = await findUserByEmail(deps.db, email);
  if (!u) throw new Error(`no user has the address ${email}`);
  return u;
}

export const userCommands: CliCommand[] = [
  {
    group: 'user', verb: 'add', usage: '--email E --name N --password P [--admin] [--creator] [--expertise finance,cs]   (--creator: may create projects)',
    options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, admin: { type: 'boolean' }, creator: { type: 'boolean' }, expertise: { type: 'string' } },
    async run(deps, a) {
      const body = parse(createUserBody, { email: a.email, name: a.name, password: a.password, isAdmin: a.admin === true, canCreateProjects: a.creator === true, expertise: list(a.expertise) });
      if (await findUserByEmail(deps.db, body.email)) throw new Error(`${body.email} already has an account`);
      const id = await insertUser(deps.db, { ...body, passwordHash: await hashPassword(body.password), now: deps.now() });
      await setExpertise(deps.db, id, body.expertise);
      console.log(`created user ${id} <${body.email}>${body.isAdmin ? ' (admin)' : ''}`);
    },
  },
  {
    group: 'user', verb: 'passwd', usage: '--email E --password P   (resets the password, signs them out)',
    options: { email: { type: 'string' }, password: { type: 'string' } },
    async run(deps, a) {
      const u = await mustFind(deps, a.email);
      await updateUser(deps.db, u.id, { passwordHash: await hashPassword(parse(passwordSchema, a.password)) });
      await deleteUserSessions(deps.db, u.id);
      console.log(`password of ${u.email} reset`);
    },
  },
  {
    group: 'user', verb: 'expertise', usage: '--email E --set finance,cs   (replaces their domains)',
    options: { email: { type: 'string' }, set: { type: 'string' } },
    async run(deps, a) {
      const u = await mustFind(deps, a.email);
      const domains = parse(z.array(domainSchema), list(a.set));
      await setExpertise(deps.db, u.id, domains);
      console.log(`${u.email}: ${domains.join(', ') || '(no expertise)'}`);
    },
  },
  {
    group: 'user', verb: 'admin', usage: '--email E [--revoke]   (grants or revokes admin)',
    options: { email: { type: 'string' }, revoke: { type: 'boolean' } },
    async run(deps, a) {
      const u = await mustFind(deps, a.email);
      await updateUser(deps.db, u.id, { isAdmin: a.revoke !== true });
      console.log(`${u.email} is ${a.revoke ? 'no longer' : 'now'} an admin`);
    },
  },
  {
    group: 'user', verb: 'creator', usage: '--email E [--revoke]   (allows or stops them creating projects; admins always may)',
    options: { email: { type: 'string' }, revoke: { type: 'boolean' } },
    async run(deps, a) {
      const u = await mustFind(deps, a.email);
      await updateUser(deps.db, u.id, { canCreateProjects: a.revoke !== true });
      console.log(`${u.email} ${a.revoke ? 'may no longer' : 'may now'} create projects`);
    },
  },
  {
    group: 'user', verb: 'list', usage: '(every user with roles and expertise)', options: {},
    async run(deps) {
      for (const u of await listUsers(deps.db)) {
        console.log(`${String(u.id).padStart(4)}  ${u.email.padEnd(28)} ${u.name.padEnd(20)} ${u.isAdmin ? 'admin ' : '      '}${u.canCreateProjects && !u.isAdmin ? 'creator ' : ''}${u.disabled ? 'disabled ' : ''}${u.expertise.join(',')}`);
      }
    },
  },
];
