import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { fail, zv } from '../http.js';
import { requireUser } from '../middleware.js';
import { keymapBody, type KeymapDto } from '@shared/api/keymap.js';
import { checkKeymap } from '@shared/keymap/check.js';
import { getKeymap, setKeymap } from '../repos/keymaps.js';

/**
 * The signed-in person's keyboard remaps (issue 18), under /api/me/keymap: stored with the account so they
 * follow the person to any browser. A remap that clashes with another action is refused with a 400 naming
 * the key and the action already on it.
 */
export const keymapRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/', async (c) => c.json({ keys: await getKeymap(c.var.deps.db, c.var.user.id) } as KeymapDto))
  .put('/', zv('json', keymapBody), async (c) => {
    const { keys } = c.req.valid('json');
    const problems = checkKeymap(keys);
    if (problems.length) {
      return fail(400, 'bad_request', problems.map((p) => p.message).join('; '), problems.map((p) => ({ path: `keys.${p.action}`, message: p.message })));
    }
    await setKeymap(c.var.deps.db, c.var.user.id, keys, c.var.deps.now());
    return c.json({ keys } as KeymapDto);
  });
