import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv, Deps } from './context.js';
import { ApiFailure, errorBody } from './http.js';
import { originCheck } from './middleware.js';
import { bodyLimits } from './body-limits.js';
import { securityHeaders } from './security-headers.js';
import { healthRoutes } from './routes/health.js';
import { authRoutes } from './routes/auth.js';
import { userRoutes } from './routes/users.js';
import { projectRoutes } from './routes/projects.js';
import { memberRoutes } from './routes/members.js';
import { mediaRoutes } from './routes/media.js';
import { importRoutes } from './routes/imports.js';
import { projectMediaRoutes } from './routes/project-media.js';
import { exportRoutes } from './routes/exports.js';
import { guidelineRoutes } from './routes/guidelines.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { assignmentRoutes, projectTaskRoutes } from './routes/tasks.js';
import { rowRoutes } from './routes/rows.js';
import { tokenRoutes } from './routes/tokens.js';
import { keymapRoutes } from './routes/keymap.js';
import { assessmentRoutes, gradingRoutes } from './routes/assessments.js';
import { profileRoutes } from './routes/profile.js';
import { candidateRoutes } from './routes/candidates.js';
import { integrityRoutes } from './routes/integrity.js';
import { qualityRoutes } from './routes/quality.js';
import { webhookRoutes } from './routes/webhooks.js';
import { openApiOf } from './openapi/document.js';

/** The API, chained so `hc<AppType>` types a client. Static files are added by main.ts. */
export function createApi(deps: Deps) {
  const api = new Hono<AppEnv>()
    .use(async (c, next) => {
      c.set('deps', deps);
      await next();
      // No answer before its writes are committed: with SQLite group commit they may still be pending.
      await deps.durable();
    })
    .use(originCheck)
    .route('/health', healthRoutes)
    .route('/auth', authRoutes)
    .route('/users', userRoutes)
    .route('/tokens', tokenRoutes)
    .route('/me/keymap', keymapRoutes)
    // Workflow routes first: the hot path (next, submit) then answers before the other /projects middleware runs.
    .route('/projects', projectTaskRoutes).route('/projects', rowRoutes).route('/assignments', assignmentRoutes)
    .route('/projects', projectRoutes)
    .route('/projects', memberRoutes)
    .route('/projects', webhookRoutes)
    .route('/projects', importRoutes).route('/projects', projectMediaRoutes).route('/projects', exportRoutes).route('/projects', guidelineRoutes).route('/projects', dashboardRoutes).route('/projects', qualityRoutes)
    .route('/projects', candidateRoutes).route('/projects', integrityRoutes)
    .route('/assessments', assessmentRoutes).route('/grading', gradingRoutes).route('/profile', profileRoutes)
    .route('/media', mediaRoutes);
  return api;
}

/** The API under /api, with the headers and body limits every request gets (static files too: see client-files.ts). */
export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>().use(securityHeaders()).use(bodyLimits).route('/api', createApi(deps));
  // Public: the description of the API, generated from the routes' own validators (server/openapi/).
  app.get('/api/openapi.json', (c) => c.json(openApiOf(app.routes)));
  app.notFound((c) => c.json(errorBody('not_found', `no route ${c.req.method} ${c.req.path}`), 404));
  app.onError((err, c) => {
    if (err instanceof ApiFailure) return c.json(errorBody(err.code, err.message, err.details), err.status);
    if (err instanceof HTTPException) {
      const status = err.status;
      const code = status === 413 ? 'too_large' : status === 401 ? 'unauthorized' : status === 404 ? 'not_found' : 'bad_request';
      return c.json(errorBody(code, err.message || 'bad request'), status);
    }
    console.error(err);
    return c.json(errorBody('internal', 'something went wrong on the server: try again, and tell an administrator if it persists'), 500);
  });
  return app;
}

export type AppType = ReturnType<typeof createApi>;
