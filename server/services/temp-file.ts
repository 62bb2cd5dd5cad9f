import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

/** A fresh file under <dataDir>/tmp, open for writing: uploads are spooled there before they are kept or read. */
export function openTempFile(dataDir: string, prefix: string): { file: string; out: fs.WriteStream } {
  const dir = path.join(dataDir, 'tmp');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${prefix}-${randomUUID()}`);
  return { file, out: fs.createWriteStream(file) };
}

/** Removes a temp file after a failure. The stream opens its file asynchronously: remove it only once the stream has closed. */
export async function discardTempFile(out: fs.WriteStream, file: string): Promise<void> {
  if (!out.closed) await new Promise((r) => { out.once('close', r); out.destroy(); });
  fs.rmSync(file, { force: true });
}
