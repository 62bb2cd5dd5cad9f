import fs from 'node:fs';
import path from 'node:path';
import type { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { AppEnv } from './context.js';

const isApi = (p: string) => p === '/api' || p.startsWith('/api/');
const isPage = (p: string) => p === '/' || p === '/index.html';

/**
 * Serves the built client from `dir` on an app made by createApp (so its files carry the security
 * headers): hashed assets, other files, and index.html for every other page path, the app's router
 * taking it from there. /api paths never fall back to the page: an unknown one keeps the API's 404 JSON.
 * index.html is held in memory: it is small, and a page load then never waits on the file system's
 * thread pool, which password hashing also uses. A synchronous stat (no thread pool) notices a rebuild.
 */
export function serveClient(app: Hono<AppEnv>, dir: string): void {
  const file = path.join(dir, 'index.html');
  let cached = { mtimeMs: -1, body: Buffer.alloc(0) };
  const index = () => {
    const mtimeMs = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? cached.mtimeMs;
    if (mtimeMs !== cached.mtimeMs) cached = { mtimeMs, body: fs.readFileSync(file) };
    return cached.body;
  };
  index();
  const files = serveStatic<AppEnv>({ root: dir });
  // Hashed assets never change; index.html must always be revalidated so a new build is picked up.
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.use('/*', (c, next) => (isApi(c.req.path) || isPage(c.req.path) ? next() : files(c, next)));
  app.get('*', (c, next) => {
    if (isApi(c.req.path) || c.req.path.startsWith('/assets/')) return next();
    return c.body(index(), 200, { 'Content-Type': 'text/html; charset=UTF-8', 'Cache-Control': 'no-cache' });
  });
}
