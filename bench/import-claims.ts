import type { Deps } from '../server/context.js';
import { insertRows } from '../server/repos/rows.js';
import { insertUser } from '../server/repos/users.js';
import { next } from '../server/services/workflow/next.js';
import { release } from '../server/services/workflow/label.js';
import { workflowProject } from '../server/services/workflow/project.js';
import { kickClearing } from '../server/services/import/clear-published.js';

/**
 * Labelers asking for work while an import runs (issue 17 part 5: an import must not stall the people
 * labeling). The project holds SEED visible rows of priority -1; the import's rows (priority 0) sort
 * before them, so every claim meets the import's rows first in the queue's order. Each probe is a whole
 * `next` as the route makes it, then the claim is released (a skip) so the next probe claims again; four
 * labelers take turns, each a fresh claim every time.
 */
const SEED = 2000;
const EVERY_MS = 50;

export interface ClaimProbe {
  /** Starts timing claims; `stop` ends it and returns the latencies sorted. */
  start(): void;
  stop(): Promise<number[]>;
}

export async function claimProbe(deps: Deps, projectId: number): Promise<ClaimProbe> {
  const now = Date.now();
  await insertRows(deps.db, projectId, Array.from({ length: SEED }, (_, i) => ({ externalId: `seed-${i}`, data: { text: `seed ${i}` }, priority: -1 })), now);
  const people: number[] = [];
  for (let i = 0; i < 4; i++) people.push(await insertUser(deps.db, { email: `labeler${i}@x.org`, name: `L${i}`, passwordHash: 'x', isAdmin: false, now }));
  await deps.db.insertInto('project_members').values(people.map((u) => ({ project_id: projectId, user_id: u, role: 'annotator' as const, added_at: now }))).execute();
  const project = (await workflowProject(deps.db, projectId))!;
  let on = false;
  let loop: Promise<void> = Promise.resolve();
  const times: number[] = [];
  return {
    start() {
      on = true;
      times.length = 0;
      loop = (async () => {
        for (let k = 0; on; k++) {
          await new Promise((r) => setTimeout(r, EVERY_MS));
          const caller = { id: people[k % people.length], expertise: [] };
          const t0 = performance.now();
          const got = await next(deps, project, caller, ['annotator'], 'label');
          times.push(performance.now() - t0);
          if (got.assignment) await release(deps, caller, got.assignment.id);
        }
      })();
    },
    async stop() {
      on = false;
      await loop;
      return [...times].sort((a, b) => a - b);
    },
  };
}

export const pctOf = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/**
 * After the switch: how long the import's rows take to enter the claim indexes (clear-published.ts, started
 * when the import returned), with /api/health asked every 10 ms and the claims probed meanwhile.
 */
export async function timeClearing(deps: Deps, app: { request(url: string): Response | Promise<Response> }, claims: ClaimProbe) {
  const t0 = performance.now();
  let on = true;
  const health: number[] = [];
  claims.start();
  const poller = (async () => {
    while (on) {
      const due = performance.now() + 10;
      await new Promise((res) => setTimeout(res, 10));
      await (await app.request('/api/health')).text();
      health.push(performance.now() - due);
    }
  })();
  await kickClearing(deps.db);
  const ms = performance.now() - t0;
  on = false;
  await poller;
  const during = await claims.stop();
  health.sort((a, b) => a - b);
  return { ms, healthP50: pctOf(health, 0.5), healthP99: pctOf(health, 0.99), claimP50: pctOf(during, 0.5), claimP99: pctOf(during, 0.99), claims: during.length };
}
