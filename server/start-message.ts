import type { DemoVerdict } from './demo-guard.js';
import { DEMO_PASSWORD, DEMO_USERS } from './seed/demo.js';

export interface StartFacts {
  url: string;
  /** Set when the server listens beyond this machine: `host:port`. */
  listening: string | null;
  database: string;
  verdict: DemoVerdict;
  /** The database has no account at all. */
  noUsers: boolean;
  /** TRIAD_SEED was not 0. */
  seedWanted: boolean;
  /** The demo was allowed to seed (wanted, and not refused because the server is reachable). */
  seedAllowed: boolean;
  exposure: string | null;
}

const FIRST_ADMIN = 'Create the first administrator: npm run triad -- user add --email you@example.com --name "You" --password \'...\' --admin';

/**
 * What `npm start` prints once it listens. Demo logins are listed only when those accounts exist and
 * still open with the published password (`verdict.accounts`, read from the database), so a server started
 * with TRIAD_SEED=0, or whose demo accounts were given their own passwords, names no login that would fail.
 */
export function startMessage(f: StartFacts): string {
  const lines = [
    '',
    `Triad is running at ${f.url}${f.listening ? ` (listening on ${f.listening})` : ' (this machine only: set HOST to listen beyond it)'}`,
    `Database: ${f.database}`,
  ];
  if (f.verdict.action === 'warn') lines.push('', `WARNING: ${f.verdict.message}`);
  const open = DEMO_USERS.filter((d) => f.verdict.accounts.includes(d.email));
  if (open.length) {
    lines.push('', `Demo logins (password "${DEMO_PASSWORD}"):`);
    for (const u of open) lines.push(`  ${u.email.padEnd(24)} ${u.description}`);
  } else if (f.noUsers && !f.seedWanted) {
    lines.push('', 'No accounts yet: the demo is off (TRIAD_SEED=0).', FIRST_ADMIN);
  } else if (f.noUsers && !f.seedAllowed) {
    lines.push('', `The demo was not seeded: this server is reachable beyond this machine (${f.exposure}) and the demo's password is published.`, FIRST_ADMIN);
  }
  lines.push('');
  return lines.join('\n');
}
