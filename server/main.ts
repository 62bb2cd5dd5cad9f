import fs from 'node:fs';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { boot } from './boot.js';
import { DEMO_PASSWORD, DEMO_USERS } from './seed/demo.js';

const port = Number(process.env.PORT ?? 3000);
const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
const clientDir = path.resolve('dist/client');

const { app, database } = await boot({
  dataDir, databaseUrl: process.env.DATABASE_URL, seed: process.env.TRIAD_SEED !== '0', warmStatsMs: 2000,
});

if (fs.existsSync(clientDir)) {
  const rel = path.relative(process.cwd(), clientDir);
  // Hashed assets never change; index.html must always be revalidated so a new build is picked up.
  app.use('/assets/*', async (c, next) => { await next(); c.header('Cache-Control', 'public, max-age=31536000, immutable'); });
  app.use('/*', serveStatic({ root: rel }));
  app.get('*', serveStatic({ root: rel, path: 'index.html' }));
} else {
  console.warn(`No built client in ${clientDir}: run "npm run build" (npm start does it for you).`);
}

const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '0.0.0.0' }, (info) => {
  const url = `http://localhost:${info.port}`;
  console.log(`\nTriad is running at ${url}`);
  console.log(`Database: ${database.engine === 'sqlite' ? path.join(dataDir, 'triad.sqlite') : 'PostgreSQL (DATABASE_URL)'}`);
  console.log(`\nDemo logins (password "${DEMO_PASSWORD}"):`);
  for (const u of DEMO_USERS) console.log(`  ${u.email.padEnd(24)} ${u.description}`);
  console.log('');
});

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => { server.close(); void database.close().then(() => process.exit(0)); });
}
