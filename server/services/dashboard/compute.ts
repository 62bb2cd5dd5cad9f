import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { ProjectRecord } from '../../repos/projects.js';
import type { DashboardDto, PersonStatsDto } from '@shared/api/console.js';
import { fillStats } from './fill.js';
import { DAY, PERSON_KEYS, figuresFromCounts, type DashTables } from './counts.js';

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The project dashboard. Row states, expert coverage and escalations are SQL aggregates over what can
 * change in place; everything drawn from answers and finals (agreement, confusion, series, people,
 * prelabels, guideline versions) is read from the project's running counters, which `fillStats` first
 * brings up to date with the work committed since the last read.
 */
export async function computeDashboard(db: Kysely<DB>, project: ProjectRecord): Promise<DashboardDto> {
  const pid = project.id;
  // Rows by state, with the id sum of the final ones: the fill's check for reopened rows reads it from here.
  const states = await db.selectFrom('rows').select(['state', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('id').as('s')])
    .where('project_id', '=', pid).groupBy('state').execute();
  const finals = states.find((s) => s.state === 'final');
  await fillStats(db, project, { n: Number(finals?.n ?? 0), sum: Number(finals?.s ?? 0) });
  const [escal, needs, experts, counts] = await Promise.all([
    db.selectFrom('escalations').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', pid).where('status', '=', 'open').executeTakeFirst(),
    db.selectFrom('row_needs').innerJoin('rows', 'rows.id', 'row_needs.row_id')
      .select(['row_needs.row_id', 'row_needs.domain']).where('row_needs.project_id', '=', pid).where('rows.state', '!=', 'final').execute(),
    db.selectFrom('project_members').innerJoin('user_expertise', 'user_expertise.user_id', 'project_members.user_id')
      .select(['user_expertise.domain', (eb) => eb.fn.count<number>('project_members.user_id').distinct().as('n')])
      .where('project_members.project_id', '=', pid).groupBy('user_expertise.domain').execute(),
    db.withTables<DashTables>().selectFrom('dash_counts').select(['k', 'n']).where('project_id', '=', pid).where('n', '!=', 0).where('k', 'not like', `${PERSON_KEYS}%`).execute(),
  ]);
  const figures = await figuresFromCounts(db, project, counts);
  const userIds = [...figures.people.keys()];
  const names = new Map<number, string>();
  for (let i = 0; i < userIds.length; i += 500) {
    for (const u of await db.selectFrom('users').select(['id', 'name']).where('id', 'in', userIds.slice(i, i + 500)).execute()) names.set(Number(u.id), u.name);
  }

  const byState = { labeling: 0, qa: 0, escalated: 0, final: 0 };
  // Gold rows (labeler measurement, never final) are not part of the project's progress.
  for (const s of states) if (s.state !== 'gold') byState[s.state] = Number(s.n);
  const rows = Object.values(byState).reduce((a, b) => a + b, 0);

  // Cumulative series over every day from the first activity to the last.
  const series = new Map<number, { f: number; l: number; s: number }>();
  const bump = (d: number, k: 'f' | 'l' | 's', n: number) => { const e = series.get(d) ?? { f: 0, l: 0, s: 0 }; e[k] += n; series.set(d, e); };
  for (const [d, n] of figures.days.finalized) bump(d, 'f', n);
  for (const [d, n] of figures.days.labeled) bump(d, 'l', n);
  for (const [d, n] of figures.days.submitted) bump(d, 's', n);
  const overTime: DashboardDto['overTime'] = [];
  if (series.size) {
    const days = [...series.keys()];
    let f = 0, l = 0, s = 0;
    for (let d = Math.min(...days); d <= Math.max(...days); d++) {
      const e = series.get(d);
      if (e) { f += e.f; l += e.l; s += e.s; }
      overTime.push({ day: dayOf(d * DAY), finalized: f, labeled: l, submitted: s });
    }
  }

  const people: PersonStatsDto[] = [];
  for (const [id, p] of figures.people) {
    const name = names.get(id);
    if (name === undefined || (p.labels === 0 && p.qa === 0)) continue;
    let activeHours = 0;
    // Rounded per kind, labels first, as the per-kind aggregate rows always were.
    if (p.labels) activeHours = Math.round((activeHours + p.labelMs / 3_600_000) * 1000) / 1000;
    if (p.qa) activeHours = Math.round((activeHours + p.qaMs / 3_600_000) * 1000) / 1000;
    const perDay: Record<string, number> = {};
    for (const [d, n] of [...p.perDay].sort((a, b) => a[0] - b[0])) perDay[dayOf(d * DAY)] = n;
    people.push({
      userId: id, name, labels: p.labels, qa: p.qa, activeHours, perDay,
      agreementWithFinal: p.wf.n ? p.wf.same / p.wf.n : null, keptByQa: p.wf.qa ? p.wf.kept / p.wf.qa : null,
    });
  }

  const expertsBy = new Map(experts.map((e) => [e.domain, Number(e.n)]));
  const waitingRows = new Set<number>();
  const stuckRows = new Set<number>();
  const perDomain = new Map<string, Set<number>>();
  for (const n of needs) {
    const id = Number(n.row_id);
    waitingRows.add(id);
    if (!expertsBy.get(n.domain)) stuckRows.add(id);
    let s = perDomain.get(n.domain);
    if (!s) perDomain.set(n.domain, (s = new Set()));
    s.add(id);
  }

  return {
    rows, byState, overTime, agreement: figures.agreement, confusion: figures.confusion,
    people: people.sort((a, b) => b.labels - a.labels || a.name.localeCompare(b.name)),
    prelabels: figures.prelabels,
    waitingForExpert: {
      rows: waitingRows.size, stuck: stuckRows.size,
      domains: [...perDomain].map(([domain, s]) => ({ domain, rows: s.size, experts: expertsBy.get(domain) ?? 0 })).sort((a, b) => b.rows - a.rows),
    },
    openEscalations: Number(escal?.n ?? 0),
    byGuidelineVersion: figures.versions,
  };
}
