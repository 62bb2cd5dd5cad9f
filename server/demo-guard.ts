import type { Kysely } from 'kysely';
import type { DB } from './db/types.js';
import { DEMO_PASSWORD, DEMO_USERS } from './seed/demo.js';
import { verifyPassword } from './services/passwords.js';

/** The demo's accounts that are enabled and still sign in with its published password. */
export async function openDemoAccounts(db: Kysely<DB>): Promise<string[]> {
  const users = await db.selectFrom('users').select(['email', 'password_hash', 'disabled'])
    .where('email', 'in', DEMO_USERS.map((u) => u.email)).execute();
  const open: string[] = [];
  for (const u of users) if (!u.disabled && (await verifyPassword(DEMO_PASSWORD, u.password_hash, { bounded: false }))) open.push(u.email);
  return open.sort();
}

export type DemoVerdict =
  | { action: 'start'; accounts: string[] }
  | { action: 'warn'; accounts: string[]; message: string }
  | { action: 'refuse'; accounts: string[]; message: string };

/**
 * Whether the server may start with these demo accounts open (openDemoAccounts): anyone can read their password in the README,
 * so a server reachable beyond this machine (`exposure`, see settings.ts) refuses to run with them open,
 * unless the operator allowed it knowingly (TRIAD_ALLOW_DEMO=1).
 */
export function demoVerdict(accounts: string[], opts: { exposure: string | null; allow: boolean }): DemoVerdict {
  if (!accounts.length || !opts.exposure) return { action: 'start', accounts };
  const what = `This server is reachable beyond this machine (${opts.exposure}) and the demo accounts ${accounts.join(', ')} `
    + `still sign in with the published password "${DEMO_PASSWORD}".`;
  if (opts.allow) return { action: 'warn', accounts, message: `${what} Running anyway because TRIAD_ALLOW_DEMO=1: anyone who can reach it can sign in as them.` };
  return {
    action: 'refuse', accounts,
    message: [
      `Triad will not start. ${what}`,
      'Do one of:',
      `  - give them their own passwords:  npm run triad -- user passwd --email ${accounts[0]} --password '...'  (each account)`,
      '  - start from an empty database (a new DATA_DIR or DATABASE_URL): a reachable server does not seed the demo',
      '  - listen on this machine only: unset HOST (the default is 127.0.0.1) and TRIAD_PUBLIC_URL',
      '  - keep them knowingly, for a demo on a trusted network: TRIAD_ALLOW_DEMO=1',
    ].join('\n'),
  };
}
