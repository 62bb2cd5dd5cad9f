import fs from 'node:fs';
import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { fail, zv } from '../http.js';
import { projectAccess, requireUser } from '../middleware.js';
import { importQuery, mediaListQuery, type MediaDto, type MediaListDto } from '@shared/api/console.js';
import { keepUpload, mediaUrl, spoolUpload, UploadError } from '../services/media-store.js';
import { spoolMultipart } from '../services/multipart-upload.js';
import { limits, tooLargeMessage } from '../settings.js';
import type { MediaTable } from '../db/types.js';
import { EMPTY_FILE_MESSAGE, importFile, spoolToFile, TooLarge } from '../services/import/run.js';
import { audit } from '../repos/audit.js';
import { listProjectMedia } from '../repos/media.js';

export const toMediaDto = (m: MediaTable): MediaDto => ({
  id: m.id, url: mediaUrl(m.id), mime: m.mime, size: Number(m.size), width: m.width, height: m.height,
  duration: m.duration === null ? null : Number(m.duration), peaks: m.peaks_json !== null, createdAt: Number(m.created_at),
});

/**
 * The body is the file itself (any content type), streamed to a temporary file first: the upload then
 * never holds the database (SQLite has one writer) while bytes trickle in, and the import reads it once.
 */
export const importRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .post('/:projectId/imports', projectAccess('lead'), zv('query', importQuery), async (c) => {
    const { format, mode, annotations, model_version: modelVersion } = c.req.valid('query');
    const deps = c.var.deps;
    let spooled: { file: string; bytes: number };
    const limit = limits.import();
    try {
      spooled = await spoolToFile(deps.dataDir, c.req.raw.body, limit.bytes);
    } catch (e) {
      if (e instanceof TooLarge) return fail(413, 'too_large', tooLargeMessage('the import file', limit));
      throw e;
    }
    try {
      if (spooled.bytes === 0) return fail(400, 'bad_request', `${EMPTY_FILE_MESSAGE} (send the file as the request body)`);
      const report = await importFile(deps, {
        projectId: c.var.project.id, userId: c.var.user.id, file: spooled.file, format, mode, labelStudio: { annotations, modelVersion },
      });
      await audit(deps.db, {
        at: deps.now(), userId: c.var.user.id, projectId: c.var.project.id, action: 'rows.import',
        details: { format, mode, total: report.total, imported: report.imported, updated: report.updated, unchanged: report.unchanged, errors: report.errorCount, committed: report.committed },
      });
      if (!report.committed) {
        const first = report.errors[0];
        return c.json({
          error: {
            code: 'bad_request',
            message: `${report.errorCount} problem${report.errorCount === 1 ? '' : 's'} in the file, nothing imported (first: line ${first?.line}, ${first?.field}: ${first?.message})`,
            details: report,
          },
        }, 400);
      }
      return c.json({ report }, 200);
    } finally {
      fs.rmSync(spooled.file, { force: true });
    }
  })
  .get('/:projectId/media', projectAccess('lead'), zv('query', mediaListQuery), async (c) => {
    const { limit, offset } = c.req.valid('query');
    const { db } = c.var.deps;
    const { page, total: n } = await listProjectMedia(db, c.var.project.id, limit, offset);
    const dto: MediaListDto = {
      media: page.map((m) => ({ ...toMediaDto({ ...m, peaks_json: null } as unknown as MediaTable), peaks: Boolean(m.has_peaks) })),
      total: n, nextOffset: offset + page.length < n ? offset + page.length : null,
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
      const m = await keepUpload(deps, spooled, { name: name ?? named ?? 'upload', projectId: c.var.project.id, userId: c.var.user.id });
      await audit(deps.db, { at: deps.now(), userId: c.var.user.id, projectId: c.var.project.id, action: 'media.upload', details: { id: m.id, mime: m.mime, size: m.size } });
      return c.json({ media: toMediaDto(m) }, 201);
    } catch (e) {
      if (e instanceof UploadError) return fail(e.status, e.status === 413 ? 'too_large' : e.status === 415 ? 'unsupported_media' : 'bad_request', e.message);
      throw e;
    }
  });
