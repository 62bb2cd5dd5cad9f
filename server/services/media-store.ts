import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Deps } from '../context.js';

/** Media live under <dataDir>/media/<first two hex>/<sha256>: the same bytes are stored once. */
export function mediaPath(dataDir: string, id: string): string {
  return path.join(dataDir, 'media', id.slice(0, 2), id);
}

export const mediaUrl = (id: string) => `/api/media/${id}`;

export async function storeMedia(deps: Deps, input: {
  bytes: Buffer; mime: string; name: string; projectId: number | null; userId: number | null;
  width?: number; height?: number; duration?: number; peaks?: unknown;
}): Promise<string> {
  const id = createHash('sha256').update(input.bytes).digest('hex');
  const file = mediaPath(deps.dataDir, id);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Write then rename, so a crash never leaves a half file under the final name.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, input.bytes);
    fs.renameSync(tmp, file);
  }
  const existing = await deps.db.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst();
  if (!existing) {
    await deps.db.insertInto('media').values({
      id, project_id: input.projectId, mime: input.mime, size: input.bytes.length, original_name: input.name,
      peaks_json: input.peaks === undefined ? null : JSON.stringify(input.peaks),
      duration: input.duration ?? null, width: input.width ?? null, height: input.height ?? null,
      created_by: input.userId, created_at: deps.now(),
    }).execute();
  }
  return id;
}
