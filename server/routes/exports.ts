import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { zv } from '../http.js';
import { projectAccess, requireUser } from '../middleware.js';
import { exportQuery } from '@shared/api/console.js';
import { getProject } from '../repos/projects.js';
import { previewExport, runExport, toWebStream } from '../services/export/run.js';
import { hasFilters } from '../services/export/filters.js';
import { audit } from '../repos/audit.js';
import { reportingExportReady } from '../webhooks/events.js';

/** Exports hold every labeler's work and identity: leads only. */
export const exportRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/:projectId/exports/preview', projectAccess('lead'), zv('query', exportQuery), async (c) => {
    const project = (await getProject(c.var.deps.db, c.var.project.id))!;
    return c.json(await previewExport(c.var.deps, project, c.req.valid('query'), c.req.raw.signal));
  })
  .get('/:projectId/exports', projectAccess('lead'), zv('query', exportQuery), async (c) => {
    const q = c.req.valid('query');
    const { db, now } = c.var.deps;
    const project = (await getProject(db, c.var.project.id))!;
    const ex = runExport(c.var.deps, project, q);
    await audit(db, { at: now(), userId: c.var.user.id, projectId: project.id, action: 'rows.export', details: q });
    const chunks = reportingExportReady(db, ex.chunks, { projectId: project.id, userId: c.var.user.id, format: q.format, state: q.state, filtered: hasFilters(q), now });
    return c.body(toWebStream(chunks), 200, {
      'Content-Type': ex.contentType,
      'Content-Disposition': `attachment; filename="${ex.filename}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  });
