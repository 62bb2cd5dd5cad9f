import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';

/**
 * Spool files under <dataDir>/tmp (uploads before they are kept, import files while they are read), and
 * the rule that clears the ones a crash left behind.
 *
 * A file's name says who made it: `<prefix>.<host>.<pid>.<boot>.<uuid>`, where `host` identifies the
 * machine and process namespace (hostname, kernel boot and pid namespace on Linux, so two containers that
 * share a volume are different hosts) and `boot` this process's start. While a process holds a file it
 * touches it every minute. A file nobody holds any more is removed, at boot and every few minutes, when:
 * - it is this process's own (same host and pid) and not in use: a file of an earlier process that had
 *   our pid, or one we forgot;
 * - its process is gone (same host, no process with that pid);
 * - otherwise (another machine or container, a pid now used by an unrelated process, a name without an
 *   owner from an older version) once it has not been touched for 15 minutes (a day for unnamed files,
 *   whose owners did not touch them): a live owner touches its files every minute, so a file that old
 *   has none. Several processes may thus share a DATA_DIR, on one machine or over a network volume.
 */

export const TOUCH_EVERY_MS = 60_000;
export const STALE_AFTER_MS = 15 * 60_000;
export const UNNAMED_STALE_AFTER_MS = 24 * 3600_000;

const readOr = (file: string, fallback: string) => {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return fallback;
  }
};
const linkOr = (file: string, fallback: string) => {
  try {
    return fs.readlinkSync(file);
  } catch {
    return fallback;
  }
};

const HOST = createHash('sha256')
  .update([os.hostname(), readOr('/proc/sys/kernel/random/boot_id', ''), linkOr('/proc/self/ns/pid', '')].join('\n'))
  .digest('hex').slice(0, 12);
const BOOT = randomUUID().slice(0, 8);
const NAME = /^([a-z]+)\.([0-9a-f]{12})\.(\d+)\.([0-9a-f]{8})\.[0-9a-f-]{36}$/;

/** Files this process holds, touched every minute until released (removed, renamed, or given up). */
const held = new Set<string>();
let toucher: NodeJS.Timeout | null = null;

function touchHeld(now = new Date()): void {
  for (const file of held) {
    try {
      fs.utimesSync(file, now, now);
    } catch {
      held.delete(file); // removed or moved by its user: nothing left to hold
    }
  }
  if (held.size === 0 && toucher) {
    clearInterval(toucher);
    toucher = null;
  }
}

/** A fresh file under <dataDir>/tmp, open for writing, held by this process until `releaseTempFile`. */
export function openTempFile(dataDir: string, prefix: string): { file: string; out: fs.WriteStream } {
  const dir = path.join(dataDir, 'tmp');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${prefix}.${HOST}.${process.pid}.${BOOT}.${randomUUID()}`);
  // Created here, not when the stream gets round to it: a held name must always exist, or the next touch
  // would take it for released.
  const fd = fs.openSync(file, 'wx');
  held.add(file);
  if (!toucher) (toucher = setInterval(touchHeld, TOUCH_EVERY_MS)).unref();
  return { file, out: fs.createWriteStream(file, { fd }) };
}

/** The file is no longer this process's (removed or renamed); a file removed by others is noticed at the next touch. */
export function releaseTempFile(file: string): void {
  held.delete(file);
}

/** Removes a temp file after a failure. The stream opens its file asynchronously: remove it only once the stream has closed. */
export async function discardTempFile(out: fs.WriteStream, file: string): Promise<void> {
  if (!out.closed) await new Promise((r) => { out.once('close', r); out.destroy(); });
  fs.rmSync(file, { force: true });
  releaseTempFile(file);
}

export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    // EPERM: it exists, under another user.
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Whether a file of this name, untouched for `idleMs`, has no live owner (the rule above). */
export function orphaned(name: string, idleMs: number): boolean {
  const m = NAME.exec(name);
  if (!m) return idleMs > UNNAMED_STALE_AFTER_MS;
  const [, , host, pidText] = m;
  const pid = Number(pidText);
  if (host === HOST && (pid === process.pid || processGone(pid))) return true;
  return idleMs > STALE_AFTER_MS;
}

/** Removes the files under <dataDir>/tmp that no live process holds; returns their names and total size. */
export function sweepTempFiles(dataDir: string, now = Date.now()): { removed: string[]; bytes: number } {
  const dir = path.join(dataDir, 'tmp');
  const out = { removed: [] as string[], bytes: 0 };
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return out; // no tmp directory yet
  }
  for (const name of names) {
    const file = path.join(dir, name);
    if (held.has(file)) continue;
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      continue; // removed meanwhile by its owner
    }
    if (!st.isFile() || !orphaned(name, now - st.mtimeMs)) continue;
    fs.rmSync(file, { force: true });
    out.removed.push(name);
    out.bytes += st.size;
  }
  return out;
}

/** How often a running server sweeps, so leftovers of a sibling process that crashed do not wait for a restart. */
export const SWEEP_EVERY_MS = 10 * 60_000;

/** Sweeps now and then every SWEEP_EVERY_MS until stopped; reports what it removed. */
export function startTempSweeper(dataDir: string, report: (removed: number, bytes: number) => void): { stop(): void } {
  const sweep = () => {
    const r = sweepTempFiles(dataDir);
    if (r.removed.length) report(r.removed.length, r.bytes);
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** For tests: this process's host tag and boot id, as they appear in its file names. */
export const tempOwner = { host: HOST, boot: BOOT, touchHeld };
