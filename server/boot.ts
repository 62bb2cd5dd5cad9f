import type { Deps } from './context.js';
import { migrate, openDatabase, type Database, type DatabaseOptions } from './db/connection.js';
import { createApp } from './app.js';
import { seedDemo, type DemoLogin } from './seed/demo.js';

export interface BootOptions extends DatabaseOptions {
  dataDir: string;
  seed?: boolean;
  now?: () => number;
  sessionTtlMs?: number;
}

export interface Booted {
  database: Database;
  deps: Deps;
  app: ReturnType<typeof createApp>;
  /** Demo logins when the demo was seeded by this boot. */
  seeded: DemoLogin[] | null;
}

/** Opens and migrates the database, seeds the demo on first start, and builds the app. */
export async function boot(opts: BootOptions): Promise<Booted> {
  const database = await openDatabase(opts);
  await migrate(database.db);
  const deps: Deps = {
    db: database.db, engine: database.engine, dataDir: opts.dataDir,
    now: opts.now ?? Date.now,
    sessionTtlMs: opts.sessionTtlMs ?? Number(process.env.SESSION_TTL_HOURS ?? 24 * 7) * 3600_000,
  };
  const seeded = opts.seed ? await seedDemo(deps) : null;
  return { database, deps, app: createApp(deps), seeded };
}
