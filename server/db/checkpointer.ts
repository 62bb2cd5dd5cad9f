import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints on a worker thread with its own connection. Left to SQLite's autocheckpoint, every
 * thousandth page the committing request copies the WAL into the database and fsyncs both, on the event
 * loop: a few milliseconds in which the process neither runs JS nor serves anyone (under load a fifth of
 * its time). A PASSIVE checkpoint never takes the write lock, so the main connection's transactions do not
 * wait on it; durability is unchanged (commits are in the WAL either way).
 *
 * The main connection keeps a large autocheckpoint as a backstop: under sustained writes the worker lags
 * behind by the frames committed while it ran, and only a checkpoint by the writer itself lets the WAL
 * file start over; if the worker dies, the database still checkpoints, just on the event loop again.
 */
export const BACKSTOP_PAGES = 20_000;
const EVERY_MS = 100;

const source = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
const timer = setInterval(() => {
  // SQLITE_BUSY (another checkpoint running) or a vanished file: try again on the next tick.
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
}, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export function startCheckpointer(file: string): { stop(): Promise<void> } {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(source, { eval: true, workerData: { file, driver, everyMs: EVERY_MS } });
  // Never the reason the process stays up; the backstop covers a worker that failed to start.
  worker.unref();
  worker.on('error', (e) => console.error('WAL checkpointer stopped:', e));
  let exited = false;
  worker.once('exit', () => { exited = true; });
  return {
    stop: () => new Promise<void>((resolve) => {
      if (exited) return resolve();
      worker.once('exit', () => resolve());
      // Held again while it closes: an unref'd worker leaves nothing keeping a closing CLI's loop alive, and
      // Node would exit mid-await (status 13).
      worker.ref();
      worker.postMessage('stop');
    }),
  };
}
