import fs from 'node:fs';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { boot } from './boot.js';
import { checkWebhookSettings } from './webhooks/settings.js';
import { serveClient } from './client-files.js';
import { demoVerdict, openDemoAccounts } from './demo-guard.js';
import { startMessage } from './start-message.js';
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
  console.log(startMessage({
    url, listening: exposed ? `${host}:${info.port}` : null,
    database: database.engine === 'sqlite' ? path.join(dataDir, 'triad.sqlite') : 'PostgreSQL (DATABASE_URL)',
    verdict, noUsers, seedWanted, seedAllowed: seed, exposure: exposed,
  }));
});

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => { server.close(); void database.close().then(() => process.exit(0)); });
}
