import path from 'node:path';
import { parseArgs } from 'node:util';
import { migrate, openDatabase } from './db/connection.js';
import type { Deps } from './context.js';
import { commands } from './cli/commands.js';

// `npm run triad -- <group> [<verb>] [--flags]`: the same database as `npm start` (DATA_DIR or DATABASE_URL).
const [group, ...after] = process.argv.slice(2);
const cmd = commands.find((c) => c.group === group && c.verb === after[0]) ?? commands.find((c) => c.group === group && c.verb === '');
if (!cmd) {
  console.log('usage: npm run triad -- <command> [options]\n');
  for (const c of commands) console.log(`  ${`${c.group} ${c.verb}`.trim().padEnd(22)} ${c.usage}`);
  process.exit(group ? 2 : 0);
}
const { values } = parseArgs({ args: cmd.verb ? after.slice(1) : after, options: cmd.options, allowPositionals: false, strict: true });
const args = values as Record<string, string | boolean | undefined>;
const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
try {
  if ('standalone' in cmd) {
    await cmd.run({ dataDir, databaseUrl: process.env.DATABASE_URL || undefined }, args);
  } else {
    const database = await openDatabase({ dataDir, databaseUrl: process.env.DATABASE_URL });
    try {
      await migrate(database.db);
      const deps: Deps = { db: database.db, engine: database.engine, dataDir, now: Date.now, sessionTtlMs: 0, durable: database.durable };
      await cmd.run(deps, args);
    } finally {
      await database.close();
    }
  }
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exitCode = 1;
}
