import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';

/**
 * A consistent copy of a live SQLite database, taken while people work. `VACUUM INTO` reads the whole
 * database in one read transaction: in WAL mode that is a snapshot of every committed write (the server
 * answers a submit only once it is committed, so every answer acknowledged before the backup starts is in
 * it), and writers are not held up meanwhile. The online backup API would restart its copy each time
 * another process writes, which on a busy server may be never-ending.
 *
 * The copy is written under a temporary name beside the target, checked (`quick_check`), and only then
 * given the target's name, so a file at that name is always a whole, verified backup.
 */
export interface BackupSummary { file: string; bytes: number; ms: number; counts: Record<'projects' | 'rows' | 'answers' | 'finals' | 'media', number> }

export class BackupError extends Error {}

export function backupSqlite(dataDir: string, out: string): BackupSummary {
  const source = path.join(dataDir, 'triad.sqlite');
  const target = path.resolve(out);
  if (!fs.existsSync(source)) throw new BackupError(`no database at ${source}: set DATA_DIR to the server's data directory`);
  if (fs.existsSync(target)) throw new BackupError(`--out: ${target} already exists; a backup never overwrites a file, choose another name`);
  if (!fs.existsSync(path.dirname(target))) throw new BackupError(`--out: the directory ${path.dirname(target)} does not exist`);
  const partial = `${target}.partial-${process.pid}`;
  const t0 = performance.now();
  try {
    const src = new SQLite(source, { fileMustExist: true });
    try {
      // The server holds the write lock for one event-loop turn at a time; a read transaction may still
      // have to wait for a checkpoint's brief lock.
      src.pragma('busy_timeout = 10000');
      src.prepare('VACUUM INTO ?').run(partial);
    } finally {
      src.close();
    }
    const counts = verify(partial);
    fs.renameSync(partial, target);
    return { file: target, bytes: fs.statSync(target).size, ms: performance.now() - t0, counts };
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  }
}

function verify(file: string): BackupSummary['counts'] {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`the copy failed its integrity check (${String(check)}); nothing was written`);
    const count = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    return { projects: count('projects'), rows: count('rows'), answers: count('answers'), finals: count('finals'), media: count('media') };
  } finally {
    db.close();
  }
}

/** What to run instead when the database is PostgreSQL: its own tools take consistent snapshots too. */
export const POSTGRES_BACKUP_ADVICE = (out: string) => `This Triad uses PostgreSQL (DATABASE_URL), which backs up with its own tools, consistently and while people work:

  pg_dump --format=custom --file=${JSON.stringify(out)} "$DATABASE_URL"

Restore into an empty database (the API processes stopped), then start them on it:

  pg_restore --no-owner --dbname="$DATABASE_URL" ${JSON.stringify(out)}

Uploaded media are files, not rows: copy DATA_DIR/media of the API hosts as well (README, "Backups").
Nothing was written.`;
