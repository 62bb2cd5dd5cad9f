import type { Deps } from '../../context.js';
import { getProject } from '../../repos/projects.js';
import { fillStats } from './fill.js';

/**
 * Keeps the dashboard's derived statistics (answer_stats, final_stats) filled while people work, so a
 * lead opening the dashboard of a busy project reads them instead of deriving thousands at once. Fills
 * a project at most every `delayMs`, after work arrives, off the request path.
 */
export function statsWarmer(getDeps: () => Deps, delayMs = 2000) {
  const pending = new Map<number, NodeJS.Timeout>();
  let stopped = false;
  return {
    onWork(projectId: number) {
      if (stopped || pending.has(projectId)) return;
      const timer = setTimeout(async () => {
        pending.delete(projectId);
        try {
          const deps = getDeps();
          const project = await getProject(deps.db, projectId);
          if (project && !stopped) await fillStats(deps.db, project);
        } catch (e) {
          // A failed fill only means the next dashboard read derives more itself.
          if (!stopped) console.warn(`dashboard statistics of project ${projectId}: ${(e as Error).message}`);
        }
      }, delayMs);
      timer.unref();
      pending.set(projectId, timer);
    },
    stop() {
      stopped = true;
      for (const t of pending.values()) clearTimeout(t);
      pending.clear();
    },
  };
}
