import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { zv } from '../http.js';
import { requireUser } from '../middleware.js';
import { ownProfileBody } from '@shared/api/people.js';
import { profileOf, setProfile } from '../repos/profiles.js';
import { skillScores } from '../repos/assessments.js';

/** The signed-in person's own profile: what admins set (read-only here) and their languages (theirs to change). */
export const profileRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/', async (c) => {
    const { deps, user } = c.var;
    return c.json({
      profile: await profileOf(deps.db, user.id), expertise: user.expertise,
      skills: (await skillScores(deps.db, [user.id])).get(user.id)!,
    });
  })
  .put('/', zv('json', ownProfileBody), async (c) => {
    const { deps, user } = c.var;
    return c.json({ profile: await setProfile(deps.db, user.id, { languages: c.req.valid('json').languages }) });
  });
