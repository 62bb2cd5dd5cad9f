import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { zv } from '../http.js';
import { projectAccess, requireUser } from '../middleware.js';
import { signalsQuery, type PersonSignals } from '@shared/api/integrity.js';
import { flagsByPerson, listSignals, noSignals, SIGNALS_PAGE } from '../repos/integrity.js';

/**
 * Integrity signals for leads (issue 16), under /api/projects: per person (counts beside how many labels
 * they gave) and a paged list by person, row or kind. Nobody else reads them.
 */
export const integrityRoutes = new Hono<AppEnv>()
  .get('/:projectId/integrity', requireUser, projectAccess('lead'), async (c) => {
    const { deps, project } = c.var;
    const flags = await flagsByPerson(deps.db, project.id);
    const labels = await deps.db.selectFrom('answers').innerJoin('users', 'users.id', 'answers.user_id')
      .select((eb) => ['answers.user_id', 'users.name', eb.fn.countAll<number>().as('n')])
      .where('answers.project_id', '=', project.id).where('answers.kind', '=', 'label').groupBy(['answers.user_id', 'users.name']).execute();
    const people: PersonSignals[] = labels.map((l) => {
      const counts = flags.get(Number(l.user_id)) ?? noSignals();
      return { userId: Number(l.user_id), name: l.name, counts, total: Object.values(counts).reduce((a, b) => a + b, 0), answers: Number(l.n) };
    }).sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
    return c.json({ people });
  })
  .get('/:projectId/integrity/signals', requireUser, projectAccess('lead'), zv('query', signalsQuery), async (c) => {
    const signals = await listSignals(c.var.deps.db, c.var.project.id, c.req.valid('query'));
    return c.json({ signals, next: signals.length === SIGNALS_PAGE ? signals[signals.length - 1].id : null });
  });
