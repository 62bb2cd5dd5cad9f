import fs from 'node:fs';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.js';
import { fail, notFound, zv } from '../http.js';
import { requireUser } from '../middleware.js';
import { rolesIn } from '../repos/members.js';
import { mediaPath } from '../services/media-store.js';

const mediaParam = z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, 'expected a media id (64 hex characters)') });

export const mediaRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/:id', zv('param', mediaParam), async (c) => {
    const { id } = c.req.valid('param');
    const { db, dataDir } = c.var.deps;
    const m = await db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
    if (!m) return notFound('media');
    // Media of a project are seen only by its members, like its rows.
    if (m.project_id !== null && (await rolesIn(db, m.project_id, c.var.user.id)).length === 0) return notFound('media');
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
      const buf = Buffer.alloc(end - start + 1);
      const fd = fs.openSync(file, 'r');
      try { fs.readSync(fd, buf, 0, buf.length, start); } finally { fs.closeSync(fd); }
      return c.body(buf, 206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': String(buf.length) });
    }
    return c.body(fs.readFileSync(file), 200, { ...headers, 'Content-Length': String(size) });
  })
  .get('/:id/peaks', zv('param', mediaParam), async (c) => {
    const { id } = c.req.valid('param');
    const { db } = c.var.deps;
    const m = await db.selectFrom('media').select(['project_id', 'peaks_json', 'duration']).where('id', '=', id).executeTakeFirst();
    if (!m || (m.project_id !== null && (await rolesIn(db, m.project_id, c.var.user.id)).length === 0)) return notFound('media');
    if (!m.peaks_json) return notFound('peaks of this media');
    c.header('Cache-Control', 'private, max-age=31536000, immutable');
    return c.json({ duration: m.duration, peaks: JSON.parse(m.peaks_json) as number[][] });
  });
