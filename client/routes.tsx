import { lazyWithPreload, type PreloadableComponent } from './lazy-preload';

export interface AppRoute {
  /** A wouter pattern; read its params in the page with `useParams()`. */
  path: string;
  page: PreloadableComponent;
  /** Who may open it: `public` (no session needed), `user` (signed in; the default) or `admin`. */
  access?: 'public' | 'user' | 'admin';
  /**
   * `shell` (default): inside the top bar and a centred, width-limited content column.
   * `full`: inside the top bar, the page owns the whole area below it (workbench, review, console).
   * `bare`: no top bar at all (sign-in).
   */
  layout?: 'shell' | 'full' | 'bare';
  /** Title shown in the browser tab. */
  title?: string;
}

/**
 * Every page of the app, matched top to bottom. Pages are lazy so the first load carries only the shell
 * (lazyWithPreload: the Guard in App.tsx waits for a page's code before rendering it, without Suspense);
 * a feature adds one line here, e.g.
 *   { path: '/projects/:id/label', page: lazyWithPreload(() => import('./pages/LabelPage')), layout: 'full', title: 'Label' },
 * Paths nobody has registered fall through to the not-found page.
 */
export const routes: AppRoute[] = [
  { path: '/signin', page: lazyWithPreload(() => import('./pages/SignIn')), access: 'public', layout: 'bare', title: 'Sign in' },
  { path: '/', page: lazyWithPreload(() => import('./pages/ProjectList')), title: 'Projects' },
  { path: '/projects/new', page: lazyWithPreload(() => import('./pages/NewProject')), title: 'New project' },
  { path: '/projects/:id', page: lazyWithPreload(() => import('./pages/ProjectHome')), title: 'Project' },
  { path: '/projects/:id/label', page: lazyWithPreload(() => import('./pages/label/LabelPage')), layout: 'full', title: 'Label' },
  { path: '/projects/:id/review', page: lazyWithPreload(() => import('./pages/review/ReviewPage')), layout: 'full', title: 'Review' },
  { path: '/projects/:id/escalations', page: lazyWithPreload(() => import('./pages/review/EscalationsPage')), title: 'Escalations' },
  { path: '/projects/:id/console/:tab?', page: lazyWithPreload(() => import('./pages/console/ConsolePage')), layout: 'full', title: 'Console' },
  { path: '/admin/users', page: lazyWithPreload(() => import('./pages/AdminUsers')), access: 'admin', title: 'Users' },
  { path: '/assessments', page: lazyWithPreload(() => import('./pages/assessments/AssessmentsPage')), title: 'Assessments' },
  { path: '/assessments/new', page: lazyWithPreload(() => import('./pages/assessments/AssessmentEditor')), access: 'admin', title: 'New assessment' },
  { path: '/assessments/:id/edit', page: lazyWithPreload(() => import('./pages/assessments/AssessmentEditor')), access: 'admin', title: 'Edit assessment' },
  { path: '/assessments/:id', page: lazyWithPreload(() => import('./pages/assessments/TakeAssessment')), title: 'Assessment' },
  { path: '/grading/:attemptId?', page: lazyWithPreload(() => import('./pages/assessments/GradingPage')), title: 'Grading' },
  { path: '/account', page: lazyWithPreload(() => import('./pages/Account')), title: 'Your account' },
  { path: '/api-docs', page: lazyWithPreload(() => import('./pages/api-docs/ApiDocsPage')), title: 'API reference' },
];

export const notFoundPage = lazyWithPreload(() => import('./pages/NotFound'));

export { projectPaths } from './paths';
