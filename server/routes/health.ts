import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppEnv } from '../context.js';

export const healthRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    await sql`select 1`.execute(c.var.deps.db);
    return c.json({ ok: true as const });
  });
