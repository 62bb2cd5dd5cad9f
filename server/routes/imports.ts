import fs from 'node:fs';
import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { fail, zv } from '../http.js';
import { projectAccess, requireUser } from '../middleware.js';
import { importQuery } from '@shared/api/console.js';
import { limits, tooLargeMessage } from '../settings.js';
import { EMPTY_FILE_MESSAGE, importFile, spoolToFile, TooLarge } from '../services/import/run.js';
import { audit } from '../repos/audit.js';

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
  });
