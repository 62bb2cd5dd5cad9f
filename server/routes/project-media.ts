import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { fail, zv } from '../http.js';
import { projectAccess, requireUser } from '../middleware.js';
import { MEDIA_USES_CAP, MEDIA_USES_SHOWN, mediaListQuery, type MediaDto, type MediaListDto } from '@shared/api/console.js';
import { keepUpload, mediaUrl, spoolUpload, UploadError } from '../services/media-store.js';
import { spoolMultipart } from '../services/multipart-upload.js';
import { audit } from '../repos/audit.js';
import { listProjectMedia, mediaUses } from '../repos/media.js';

interface MediaFields {
  id: string; mime: string; size: number; width: number | null; height: number | null; duration: number | null;
  name: string; added_at: number; has_peaks: unknown;
}

const toMediaDto = (m: MediaFields): MediaDto => ({
  id: m.id, url: mediaUrl(m.id), name: m.name, mime: m.mime, size: Number(m.size), width: m.width, height: m.height,
  duration: m.duration === null ? null : Number(m.duration), peaks: Boolean(m.has_peaks), createdAt: Number(m.added_at),
});

/** A project's media, for its leads: the listing (with where each file is used) and uploads. Files themselves are served by media.ts. */
export const projectMediaRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/:projectId/media', projectAccess('lead'), zv('query', mediaListQuery), async (c) => {
    const f = c.req.valid('query');
    const { db } = c.var.deps;
    const { page, total } = await listProjectMedia(db, c.var.project.id, f);
    const uses = await mediaUses(db, c.var.project.id, page.map((m) => m.id), MEDIA_USES_CAP, MEDIA_USES_SHOWN);
    const dto: MediaListDto = {
      media: page.map((m) => ({ ...toMediaDto(m), uses: uses.get(m.id)! })),
      total, nextOffset: f.offset + page.length < total ? f.offset + page.length : null,
    };
    return c.json(dto);
  })
  /**
   * Media upload: the raw body is the file (name in `?name=` or X-File-Name), or a multipart form with
   * one file field. Either way the file streams to disk and stops at its kind's size limit.
   */
  .post('/:projectId/media', projectAccess('lead'), async (c) => {
    const deps = c.var.deps;
    const type = c.req.header('content-type') ?? '';
    const body = c.req.raw.body;
    if (!body) return fail(400, 'bad_request', 'the upload is empty');
    const named = c.req.query('name') ?? c.req.header('x-file-name');
    try {
      const { spooled, name } = type.startsWith('multipart/form-data')
        ? await spoolMultipart(deps.dataDir, body, type)
        : { spooled: await spoolUpload(deps.dataDir, body, type), name: null };
      const { media: m, link } = await keepUpload(deps, spooled, { name: name ?? named ?? 'upload', projectId: c.var.project.id, userId: c.var.user.id });
      await audit(deps.db, { at: deps.now(), userId: c.var.user.id, projectId: c.var.project.id, action: 'media.upload', details: { id: m.id, mime: m.mime, size: m.size } });
      return c.json({ media: toMediaDto({ ...m, name: link.name, added_at: link.at, has_peaks: m.peaks_json !== null }) }, 201);
    } catch (e) {
      if (e instanceof UploadError) return fail(e.status, e.status === 413 ? 'too_large' : e.status === 415 ? 'unsupported_media' : 'bad_request', e.message);
      throw e;
    }
  });
