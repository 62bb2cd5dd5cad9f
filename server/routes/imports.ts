import fs from 'node:fs';
import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { fail, zv } from '../http.js';
import { projectAccess, requireUser } from '../middleware.js';
import { importQuery } from '@shared/api/console.js';
import { importFile, spoolToFile, TooLarge } from '../services/import/run.js';
import { audit } from '../repos/audit.js';

const maxImportBytes = () => Number(process.env.TRIAD_MAX_IMPORT_MB ?? 4096) * 1048576;

/**
 * The body is the file itself (any content type), streamed to a temporary file first: the upload then
 * never holds the database (SQLite has one writer) while bytes trickle in, and the import reads it once.
 */
export const importRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .post('/:projectId/imports', projectAccess('lead'), zv('query', importQuery), async (c) => {
    const { format, mode } = c.req.valid('query');
    const deps = c.var.deps;
    let spooled: { file: string; bytes: number };
    try {
      spooled = await spoolToFile(deps.dataDir, c.req.raw.body, maxImportBytes());
    } catch (e) {
      if (e instanceof TooLarge) return fail(413, 'too_large', `${e.message} (TRIAD_MAX_IMPORT_MB)`);
      throw e;
    }
    try {
      if (spooled.bytes === 0) return fail(400, 'bad_request', 'the request body is empty: send the file as the body');
      const report = await importFile(deps, { projectId: c.var.project.id, userId: c.var.user.id, file: spooled.file, format, mode });
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
