import fs from 'node:fs';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { boot } from './boot.js';
import { checkWebhookSettings } from './webhooks/settings.js';
import { serveClient } from './client-files.js';
import { demoVerdict, openDemoAccounts } from './demo-guard.js';
import { DEMO_PASSWORD, DEMO_USERS } from './seed/demo.js';
import { allowDemo, checkSettings, exposure, listenHost, publicUrl, SettingsError } from './settings.js';

try {
  checkSettings();
  checkWebhookSettings();
} catch (e) {
  if (!(e instanceof SettingsError)) throw e;
  console.error(`Triad will not start: ${e.message}`);
  process.exit(1);
}

const port = Number(process.env.PORT ?? 3000);
const host = listenHost();
const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
const clientDir = path.resolve('dist/client');
const exposed = exposure();
// A reachable server does not create accounts with a published password unless told to.
const seedWanted = process.env.TRIAD_SEED !== '0';
const seed = seedWanted && (!exposed || allowDemo());

const { app, database } = await boot({ dataDir, databaseUrl: process.env.DATABASE_URL, seed, warmStatsMs: 2000, webhooks: {} });

const verdict = demoVerdict(await openDemoAccounts(database.db), { exposure: exposed, allow: allowDemo() });
if (verdict.action === 'refuse') {
  console.error(`\n${verdict.message}\n`);
  await database.close();
  process.exit(1);
}

const noUsers = !(await database.db.selectFrom('users').select('id').limit(1).executeTakeFirst());

if (fs.existsSync(path.join(clientDir, 'index.html'))) serveClient(app, clientDir);
else console.warn(`No built client in ${clientDir}: run "npm run build" (npm start does it for you).`);

const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  const url = publicUrl()?.origin ?? `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host}:${info.port}`;
  console.log(`\nTriad is running at ${url}${exposed ? ` (listening on ${host}:${info.port})` : ' (this machine only: set HOST to listen beyond it)'}`);
  console.log(`Database: ${database.engine === 'sqlite' ? path.join(dataDir, 'triad.sqlite') : 'PostgreSQL (DATABASE_URL)'}`);
  if (verdict.action === 'warn') console.warn(`\nWARNING: ${verdict.message}`);
  if (verdict.accounts.length) {
    console.log(`\nDemo logins (password "${DEMO_PASSWORD}"):`);
    for (const u of DEMO_USERS.filter((d) => verdict.accounts.includes(d.email))) console.log(`  ${u.email.padEnd(24)} ${u.description}`);
  } else if (noUsers && seedWanted && !seed) {
    console.log(`\nThe demo was not seeded: this server is reachable beyond this machine (${exposed}) and the demo's password is published.`);
    console.log('Create the first administrator: npm run triad -- user add --email you@example.com --name "You" --password \'...\' --admin');
  }
  console.log('');
});

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => { server.close(); void database.close().then(() => process.exit(0)); });
}
