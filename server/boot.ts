import type { Deps } from './context.js';
import { migrate, openDatabase, type Database, type DatabaseOptions } from './db/connection.js';
import { createApp } from './app.js';
import { seedDemo, type DemoLogin } from './seed/demo.js';
import { statsWarmer } from './services/dashboard/background.js';
import { startTempSweeper } from './services/temp-file.js';
import { sweepStaleImports } from './services/import/stage.js';
import { kickClearing, stopClearing } from './services/import/clear-published.js';
import { startWebhookWorker, type WorkerOptions } from './webhooks/worker.js';

export interface BootOptions extends DatabaseOptions {
  dataDir: string;
  seed?: boolean;
  now?: () => number;
  sessionTtlMs?: number;
  /** SQLite group commit (sqlite-driver.ts); on unless false. */
  groupCommit?: boolean;
  /** Keep dashboard statistics filled in the background, this many ms after work arrives (off when unset). */
  warmStatsMs?: number;
  /** Deliver webhooks in the background (server/webhooks/worker.ts) with these options; off when unset. */
  webhooks?: WorkerOptions;
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
  await migrate(database.db, database.pgSchema);
  // After the migrations: some of their statements cannot run inside a transaction.
  if (opts.groupCommit ?? true) database.startGroups();
  const deps: Deps = {
    db: database.db, engine: database.engine, dataDir: opts.dataDir,
    now: opts.now ?? Date.now, durable: database.durable,
    sessionTtlMs: opts.sessionTtlMs ?? Number(process.env.SESSION_TTL_HOURS ?? 24 * 7) * 3600_000,
  };
  if (opts.warmStatsMs !== undefined) {
    const warmer = statsWarmer(() => deps, opts.warmStatsMs);
    deps.onWork = warmer.onWork;
    const close = database.close;
    database.close = async () => { warmer.stop(); await close(); };
  }
  // Spool files a crash left in DATA_DIR/tmp (an import killed mid-upload): see temp-file.ts for whose are removed.
  if (opts.dataDir !== ':memory:') {
    const sweeper = startTempSweeper(opts.dataDir, (n, bytes) =>
      console.warn(`Removed ${n} leftover temporary file${n === 1 ? '' : 's'} (${(bytes / 1048576).toFixed(1)} MB) from ${opts.dataDir}/tmp`));
    const close = database.close;
    database.close = async () => { sweeper.stop(); await close(); };
  }
  // Rows staged by an import that crashed or was killed before publishing (nothing of it is visible).
  const swept = await sweepStaleImports(database.db);
  if (swept) console.warn(`Removed the staged rows of ${swept} unfinished import${swept === 1 ? '' : 's'}`);
  // Published imports whose rows are not all in the claim indexes yet (a stop came before their clearing ended).
  void kickClearing(database.db);
  {
    const close = database.close;
    database.close = async () => { await stopClearing(database.db); await close(); };
  }
  if (opts.webhooks) {
    const worker = startWebhookWorker(database.db, opts.webhooks);
    const close = database.close;
    // Stopped before the database closes: deliveries in flight are given back untried, sent by the next start.
    database.close = async () => { await worker.stop(); await close(); };
  }
  const seeded = opts.seed ? await seedDemo(deps) : null;
  // Projects whose statistics are behind (work done while the server was down, or a database from before
  // the dashboard counters) are brought up to date in the background, not on a lead's first read.
  if (deps.onWork) for (const p of await database.db.selectFrom('projects').select('id').execute()) deps.onWork(p.id);
  return { database, deps, app: createApp(deps), seeded };
}
