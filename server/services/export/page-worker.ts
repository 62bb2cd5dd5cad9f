import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * An export's pages read on a worker thread with a read-only connection of its own (SQLite): reading a
 * page is about two fifths of a JSONL export's CPU, and on the worker it runs while this thread builds the
 * previous page's text. The whole export reads one snapshot: the worker holds one read transaction from
 * its first page to its last (WAL lets it read while the server writes; the WAL cannot start over past
 * that snapshot until the export ends). Rows come back as arrays, which better-sqlite3 builds without a
 * property per column.
 */
const source = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const page = db.prepare(workerData.sql).raw(true);
const params = workerData.parameters;
let open = false;
parentPort.on('message', (after) => {
  if (after === null) {
    try { if (open) db.exec('COMMIT'); db.close(); } catch {}
    parentPort.close();
    return;
  }
  try {
    // The snapshot is taken at the first read of the transaction, and kept to the export's last page.
    if (!open) { db.exec('BEGIN'); open = true; }
    params[workerData.afterAt] = after;
    parentPort.postMessage({ rows: page.all(...params) });
  } catch (e) {
    parentPort.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
});
`;

export interface PageStatement { sql: string; parameters: unknown[]; afterAt: number }

export interface PageWorker {
  /** The raw rows of the page after row id `after`; one read at a time, in the order asked. */
  read(after: number): Promise<unknown[][]>;
  /** Ends the read transaction and the thread (also after an error or when the consumer stopped early). */
  close(): void;
}

export function startPageWorker(file: string, statement: PageStatement): PageWorker {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  // A page or two is all it holds.
  const worker = new Worker(source, { eval: true, workerData: { file, driver, ...statement }, resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 } });
  // Never what keeps a process up: an export abandoned mid-way without being closed must not.
  worker.unref();
  const waiting: Array<{ resolve: (rows: unknown[][]) => void; reject: (e: Error) => void }> = [];
  let failure: Error | null = null;
  const fail = (e: Error) => {
    failure ??= e;
    for (const w of waiting.splice(0)) w.reject(failure);
  };
  worker.on('message', (m: { rows?: unknown[][]; error?: string }) => {
    const w = waiting.shift();
    if (!w) return;
    if (m.error !== undefined) w.reject(new Error(`export: reading a page failed: ${m.error}`));
    else w.resolve(m.rows!);
  });
  worker.on('error', fail);
  worker.on('exit', () => fail(new Error('export: the page reader stopped')));
  let closed = false;
  return {
    read(after) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        worker.postMessage(after);
      });
    },
    close() {
      if (closed) return;
      closed = true;
      worker.postMessage(null);
    },
  };
}
