import fs from 'node:fs';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.js';
import { fail, notFound, zv } from '../http.js';
import { requireUser } from '../middleware.js';
import type { PeaksDto } from '@shared/api/console.js';
import { canSeeMedia, getMedia } from '../repos/media.js';
import { Readable } from 'node:stream';
import { ensurePeaks, mediaPath } from '../services/media-store.js';

// Large audio is streamed from disk rather than read whole into memory.
const fileStream = (file: string, start?: number, end?: number) =>
  Readable.toWeb(fs.createReadStream(file, { start, end })) as unknown as ReadableStream<Uint8Array>;

const mediaParam = z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, 'expected a media id (64 hex characters)') });

export const mediaRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/:id', zv('param', mediaParam), async (c) => {
    const { id } = c.req.valid('param');
    const { db, dataDir } = c.var.deps;
    const m = await getMedia(db, id);
    if (!m) return notFound('media');
    // Media of a project are seen only by its members, like its rows.
    if (!(await canSeeMedia(db, id, c.var.user.id))) return notFound('media');
    const file = mediaPath(dataDir, id);
    if (!fs.existsSync(file)) return notFound('media file');
    const size = fs.statSync(file).size;
    const headers: Record<string, string> = {
      'Content-Type': m.mime,
      // Content-addressed: the bytes behind an id never change.
      'Cache-Control': 'private, max-age=31536000, immutable',
      ETag: `"${id}"`,
      'Accept-Ranges': 'bytes',
      'X-Content-Type-Options': 'nosniff',
    };
    if (c.req.header('if-none-match') === `"${id}"`) return c.body(null, 304, headers);
    const range = c.req.header('range')?.match(/^bytes=(\d*)-(\d*)$/);
    if (range) {
      const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
      const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      if (start > end || start >= size) return fail(416 as never, 'bad_request', `range ${range[0]} is outside the file (${size} bytes)`);
      return c.body(fileStream(file, start, end), 206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': String(end - start + 1) });
    }
    if (c.req.method === 'HEAD') return c.body(null, 200, { ...headers, 'Content-Length': String(size) });
    return c.body(fileStream(file), 200, { ...headers, 'Content-Length': String(size) });
  })
  .get('/:id/peaks', zv('param', mediaParam), async (c) => {
    const { id } = c.req.valid('param');
    const { db } = c.var.deps;
    const m = await getMedia(db, id);
    if (!m || !(await canSeeMedia(db, id, c.var.user.id))) return notFound('media');
    if (!m.mime.startsWith('audio/')) return notFound('peaks of this media (not audio)');
    // Uploads get peaks at once; media stored without them (the demo's WAVs) get them on first request.
    const p = await ensurePeaks(c.var.deps, id);
    if (!p) return notFound('media file');
    c.header('Cache-Control', 'private, max-age=31536000, immutable');
    c.header('ETag', `"${id}-peaks"`);
    const dto: PeaksDto = { duration: p.duration, peaks: p.peaks };
    return c.json(dto);
  });
