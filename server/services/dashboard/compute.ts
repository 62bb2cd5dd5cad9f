import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { ProjectRecord } from '../../repos/projects.js';
import { dayOfDate, type DashboardDto, type DashboardQuery, type PersonStatsDto } from '@shared/api/dashboard.js';
import { fillStats } from './fill.js';
import { PERSON_KEYS, figuresFromCounts, type DashTables } from './counts.js';
import { buildSeries, qaTotals, seriesWindow } from './series.js';
import { visibleRow } from '../../repos/visible.js';

/** The day series of the totals (per day already): what a range's figures take from the totals. */
const SERIES_KEY = /^(ud|sd|ld|fd|rd)\t/;

/**
 * The project dashboard. Row states, expert coverage and escalations are SQL aggregates over what can
 * change in place; everything drawn from answers and finals (agreement, confusion, series, people,
 * prelabels, guideline versions) is read from the project's running counters, which `fillStats` first
 * brings up to date with the work committed since the last read.
 */
export async function computeDashboard(db: Kysely<DB>, project: ProjectRecord, q: DashboardQuery = { bucket: 'day' }): Promise<DashboardDto> {
  const pid = project.id;
  const range = q.from !== undefined && q.to !== undefined ? { from: dayOfDate(q.from)!, to: dayOfDate(q.to)! } : null;
  // Rows by state, with the id sum of the final ones: the fill's check for reopened rows reads it from here.
  // While no import is in flight (nearly always) every row is visible and the count reads the state index
  // alone; testing each row's import mark reads the row itself (475 ms instead of 110 ms at a million
  // rows on SQLite). One statement, so the two cases see the same moment.
  const statesOf = (inFlight: boolean) => db.selectFrom('rows').select(['state', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('id').as('s')])
    .where('project_id', '=', pid)
    .where(inFlight ? sql<boolean>`exists (select 1 from import_jobs) and ${visibleRow('rows')}` : sql<boolean>`not exists (select 1 from import_jobs)`)
    .groupBy('state');
  const states = await statesOf(false).unionAll(statesOf(true)).execute();
  const finals = states.find((s) => s.state === 'final');
  await fillStats(db, project, { n: Number(finals?.n ?? 0), sum: Number(finals?.s ?? 0) });
  const dash = db.withTables<DashTables>();
  const [escal, needs, experts, counts, dayCounts] = await Promise.all([
    db.selectFrom('escalations').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', pid).where('status', '=', 'open').executeTakeFirst(),
    db.selectFrom('row_needs').innerJoin('rows', 'rows.id', 'row_needs.row_id')
      .select(['row_needs.row_id', 'row_needs.domain']).where('row_needs.project_id', '=', pid).where('rows.state', '!=', 'final').where(visibleRow('rows')).execute(),
    db.selectFrom('project_members').innerJoin('user_expertise', 'user_expertise.user_id', 'project_members.user_id')
      .select(['user_expertise.domain', (eb) => eb.fn.count<number>('project_members.user_id').distinct().as('n')])
      .where('project_members.project_id', '=', pid).groupBy('user_expertise.domain').execute(),
    dash.selectFrom('dash_counts').select(['k', 'n']).where('project_id', '=', pid).where('n', '!=', 0).where('k', 'not like', `${PERSON_KEYS}%`).execute(),
    // A range: every figure from its days' counters (at most MAX_RANGE_DAYS days of them).
    range && dash.selectFrom('dash_days').select(['k', (eb) => eb.fn.sum<number>('n').as('n')])
      .where('project_id', '=', pid).where('day', '>=', range.from).where('day', '<=', range.to).groupBy('k').execute(),
  ]);
  const figures = await figuresFromCounts(db, project, dayCounts ? [...dayCounts, ...counts.filter((c) => SERIES_KEY.test(c.k))] : counts);
  const window = seriesWindow(figures, q.bucket, range);
  const hours = window && q.bucket === 'hour'
    ? await dash.selectFrom('dash_hours').select(['hour', 'k', 'n']).where('project_id', '=', pid)
      .where('hour', '>=', window.start * 24).where('hour', '<=', window.end * 24 + 23).where('n', '!=', 0).execute()
    : [];
  const series = window ? buildSeries(figures, q.bucket, window, hours.map((h) => ({ hour: Number(h.hour), k: h.k, n: Number(h.n) })), !range && q.bucket === 'hour') : null;
  const userIds = [...figures.people.keys()];
  const names = new Map<number, string>();
  for (let i = 0; i < userIds.length; i += 500) {
    for (const u of await db.selectFrom('users').select(['id', 'name']).where('id', 'in', userIds.slice(i, i + 500)).execute()) names.set(Number(u.id), u.name);
  }

  const byState = { labeling: 0, qa: 0, escalated: 0, final: 0 };
  // Gold rows (labeler measurement, never final) are not part of the project's progress.
  for (const s of states) if (s.state !== 'gold') byState[s.state] = Number(s.n);
  const rows = Object.values(byState).reduce((a, b) => a + b, 0);

  const people: PersonStatsDto[] = [];
  for (const [id, p] of figures.people) {
    const name = names.get(id);
    const qa = qaTotals(p.qaDays, range);
    if (name === undefined || (p.labels === 0 && p.qa === 0 && qa.s === 0 && qa.e === 0)) continue;
    let activeHours = 0;
    // Rounded per kind, labels first, as the per-kind aggregate rows always were.
    if (p.labels) activeHours = Math.round((activeHours + p.labelMs / 3_600_000) * 1000) / 1000;
    if (p.qa) activeHours = Math.round((activeHours + p.qaMs / 3_600_000) * 1000) / 1000;
    const inBuckets = series?.people.get(id);
    people.push({
      userId: id, name, labels: p.labels, qa: p.qa, sentBack: qa.s, escalated: qa.e, resolved: p.qa + qa.s + qa.e, activeHours,
      perBucket: inBuckets?.labels ?? {}, qaPerBucket: inBuckets?.qa ?? {},
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
    range: range && { from: q.from!, to: q.to! }, bucket: q.bucket, buckets: series?.buckets ?? [], bucketsClipped: window?.clipped ?? false,
    rows, byState, overTime: series?.overTime ?? [], agreement: figures.agreement, confusion: figures.confusion,
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
