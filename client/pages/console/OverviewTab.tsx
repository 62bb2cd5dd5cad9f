import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { DASHBOARD_BUCKETS, type DashboardBucket, type DashboardDto, type QuestionAgreementDto } from '@shared/api/dashboard';
import type { ProjectDto } from '@shared/api/projects';
import { ApiError, messageOf } from '../../api/client';
import { consoleApi } from '../../api/console';
import { InlineError } from '../../components/Form';
import { Loading } from '../../components/Loading';
import { fixed, pct } from './format';
import { moduleOf } from '../../tasks/registry';
import { RangeBar, type DashView } from './dashboard/RangeBar';
import { PeopleTable } from './dashboard/PeopleTable';
import { ConfusionLinks, cellRowsHref } from './dashboard/ConfusionLinks';
import './dashboard/dashboard.css';

// echarts (several hundred kB) loads with the dashboard only, not with the rest of the console.
const charts = () => import('./dashboard/Charts');
const OverTimeChart = lazy(() => charts().then((m) => ({ default: m.OverTimeChart })));
const AgreementChart = lazy(() => charts().then((m) => ({ default: m.AgreementChart })));
const ConfusionChart = lazy(() => charts().then((m) => ({ default: m.ConfusionChart })));
const ThroughputChart = lazy(() => charts().then((m) => ({ default: m.ThroughputChart })));
const PeopleChart = lazy(() => charts().then((m) => ({ default: m.PeopleChart })));
const PrelabelChart = lazy(() => charts().then((m) => ({ default: m.PrelabelChart })));
const QaChart = lazy(() => charts().then((m) => ({ default: m.QaChart })));

/** The range and bucket in the page's address, so a reload or a shared link shows the same figures. */
function viewOf(search: string): DashView {
  const p = new URLSearchParams(search);
  const bucket = p.get('bucket');
  return {
    from: p.get('from') ?? undefined, to: p.get('to') ?? undefined,
    bucket: (DASHBOARD_BUCKETS as readonly string[]).includes(bucket ?? '') ? (bucket as DashboardBucket) : 'day',
  };
}
function searchOf(v: DashView): string {
  const p = new URLSearchParams();
  if (v.from && v.to) { p.set('from', v.from); p.set('to', v.to); }
  if (v.bucket !== 'day') p.set('bucket', v.bucket);
  const s = p.toString();
  return s ? `?${s}` : '';
}
const PER: Record<DashboardBucket, string> = { hour: 'per hour', day: 'per day', week: 'per week' };

/**
 * Whether a statistic is undefined: the server names degenerate inputs (nothing rated twice, one value
 * only) or sends null; either way the dashboard says "n/a" rather than a misleading 0 or 1.
 */
export function isNa(q: QuestionAgreementDto, which: 'alpha' | 'kappa'): boolean {
  if (q.degenerate) return true;
  const v = q[which];
  return v === null || !Number.isFinite(v);
}

/**
 * A question type's own pair figures under its row (a ranking's top-choice agreement and Kendall τ),
 * each the mean over the label pairs counted.
 */
function QuestionFigures({ figures }: { figures: NonNullable<QuestionAgreementDto['figures']> }) {
  const pairs = Math.max(...figures.map((f) => f.pairs));
  return (
    <div className="muted dash-figures">
      {figures.map((f) => `${f.title} ${f.percent ? pct(f.mean) : fixed(f.mean)}`).join(' · ')}
      {pairs > 0 && ` (${pairs.toLocaleString()} pair${pairs === 1 ? '' : 's'})`}
    </div>
  );
}

/** A per-turn / per-response question: how many of the items two labelers both judged they agreed on. */
function ItemFigures({ items }: { items: NonNullable<QuestionAgreementDto['items']> }) {
  const what = items.each === 'turn' ? 'turns' : 'responses';
  return (
    <div className="muted dash-figures">
      per {items.each}: {items.compared === 0 ? `no ${what} compared yet` : `${items.agreed.toLocaleString()} of ${items.compared.toLocaleString()} ${what} agree (${pct(items.rate)})`}
    </div>
  );
}

/** A titled card whose charts load with echarts; `after` (plain HTML) shows without waiting for them. */
function Panel({ title, children, wide, empty, after }: { title: string; children: ReactNode; wide?: boolean; empty?: string | false; after?: ReactNode }) {
  return (
    <section className={wide ? 'card dash-panel dash-wide' : 'card dash-panel'} aria-label={title}>
      <h2>{title}</h2>
      {empty ? <p className="muted dash-empty">{empty}</p> : <>
        <Suspense fallback={<div className="chart chart-loading muted" role="status">Loading the chart…</div>}>{children}</Suspense>
        {after}
      </>}
    </section>
  );
}

export default function OverviewTab({ project }: { project: ProjectDto }) {
  const search = useSearch();
  const [path, navigate] = useLocation();
  const view = viewOf(search);
  const key = searchOf(view);
  const [d, setD] = useState<DashboardDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    const ac = new AbortController();
    setLoading(true);
    setError(null);
    const v = viewOf(key);
    consoleApi.dashboard(project.id, { from: v.from, to: v.to, bucket: v.bucket === 'day' ? undefined : v.bucket }, ac.signal).then(
      (x) => { setD(x); setLoading(false); },
      (e) => { if (!ac.signal.aborted) { setError(e); setLoading(false); } },
    );
    return () => ac.abort();
  }, [project.id, key]);
  const setView = (v: DashView) => navigate(`${path}${searchOf(v)}`, { replace: true });

  const missing = error instanceof ApiError && error.status === 404 && /no route/.test(error.message);
  const bar = <RangeBar key={`${view.from}|${view.to}`} value={view} onChange={setView} />;
  if (error && (missing || !d)) return <>{bar}<InlineError>{missing ? 'The dashboard is not available on this server yet.' : messageOf(error)}</InlineError></>;
  if (!d) return <>{bar}<Loading label="Loading the dashboard" /></>;
  const escalationsHref = `/projects/${project.id}/escalations`;
  const people = d.people.filter((p) => p.labels > 0 || p.resolved > 0);
  const per = PER[d.bucket];
  // A range where nobody worked draws flat lines: say so instead.
  const quiet = d.overTime.length === 0 || (d.range !== null && people.length === 0);
  const within = d.range ? `from ${d.range.from} to ${d.range.to}` : 'of all time';

  return (
    <div className="dashboard" aria-busy={loading}>
      {bar}
      {error !== null && <InlineError>{messageOf(error)}</InlineError>}
      <dl className="stat-tiles dash-tiles">
        <div><dt>Rows</dt><dd>{d.rows.toLocaleString()}</dd></div>
        <div><dt>Labeling</dt><dd>{d.byState.labeling.toLocaleString()}</dd></div>
        <div><dt>In QA</dt><dd>{d.byState.qa.toLocaleString()}</dd></div>
        <div><dt>Final</dt><dd>{d.byState.final.toLocaleString()}</dd><span className="tile-sub">{d.rows ? pct(d.byState.final / d.rows) : 'n/a'}</span></div>
        <div className={d.byState.escalated ? 'tile-warn' : undefined}><dt>Escalated</dt><dd>{d.byState.escalated.toLocaleString()}</dd></div>
        <div className={d.waitingForExpert.rows ? 'tile-warn' : undefined}>
          <dt>Waiting for an expert</dt><dd data-testid="waiting-for-expert">{d.waitingForExpert.rows.toLocaleString()}</dd>
        </div>
        <div className={d.openEscalations ? 'tile-warn' : undefined}>
          <dt>Open escalations</dt><dd>{d.openEscalations.toLocaleString()}</dd>
          <Link className="tile-sub" href={escalationsHref}>answer them →</Link>
        </div>
      </dl>

      <div className="dash-grid">
        <Panel title={`Rows by state over time (${per})`} wide
          empty={quiet && (d.range ? `Nothing was labeled ${within}.` : 'No labels yet: the curve starts with the first submission.')}>
          <OverTimeChart data={d.overTime} bucket={d.bucket} />
          {d.bucketsClipped && <p className="muted dash-note">Only the latest {d.bucket === 'hour' ? '31 days' : `${d.buckets.length} ${d.bucket}s`} are drawn: pick a range to see earlier ones.</p>}
        </Panel>

        <Panel title={`Labels per person (${per})`} empty={!people.some((p) => p.labels > 0) && `Nobody submitted a label ${within}.`}>
          <ThroughputChart people={people} buckets={d.buckets} bucket={d.bucket} />
        </Panel>

        <Panel title={`QA decisions per reviewer (${per})`} empty={!people.some((p) => p.resolved > 0) && `No reviewer accepted, sent back or escalated a row ${within}.`}>
          <QaChart people={people} buckets={d.buckets} bucket={d.bucket} />
        </Panel>

        <section className="card dash-panel dash-wide" aria-label="People">
          <h2>People</h2>
          {people.length === 0 ? <p className="muted dash-empty">Nobody labeled or reviewed {within}.</p> : (
            <PeopleTable people={people} caption={`Each person's work ${within}; sort by any column.`} />
          )}
        </section>

        <Panel title="Agreement per question" empty={d.agreement.length === 0 && 'No question has two labels yet.'}>
          {d.agreement.some((q) => q.rows > 0) && <AgreementChart data={d.agreement} isNa={isNa} />}
          <div className="table-wrap">
            <table className="table table-compact" aria-label="Agreement per question">
              <thead><tr><th scope="col">Question</th><th scope="col">Metric</th><th scope="col" className="num">α</th><th scope="col" className="num">κ</th><th scope="col" className="num">pairs agree</th><th scope="col" className="num">n rows</th></tr></thead>
              <tbody>
                {d.agreement.map((q) => (
                  <tr key={q.questionId}>
                    <td>
                      <code>{q.questionId}</code> <span className="muted">{q.type}</span>
                      {q.items && <ItemFigures items={q.items} />}
                      {q.figures && q.figures.length > 0 && <QuestionFigures figures={q.figures} />}
                    </td>
                    <td className="muted">{q.metric}</td>
                    <td className="num">{isNa(q, 'alpha') ? 'n/a' : fixed(q.alpha)}</td>
                    <td className="num">{isNa(q, 'kappa') ? 'n/a' : fixed(q.kappa)}</td>
                    <td className="num">{pct(q.pairAgreeRate)}</td>
                    <td className="num">{q.rows.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>

        <Panel title="Prelabel acceptance" empty={d.prelabels.every((p) => p.shown === 0) && `No submission had a prelabel ${within}.`}>
          <PrelabelChart data={d.prelabels} />
          <p className="muted dash-note">Share of submissions that kept the model’s suggestion unchanged ({d.prelabels.map((p) => `${p.questionId}: ${p.kept}/${p.shown}`).join(', ')}).</p>
        </Panel>

        {d.confusion.map((c) => (
          <Panel key={c.questionId} title={`Confusion: ${c.questionId} (labeler 1 × labeler 2)`}
            empty={c.matrix.every((r) => r.every((v) => v === 0)) && (d.range ? `No row of this question got its second label ${within}.` : 'No row of this question has two labels yet.')}
            after={<><p className="muted dash-note">Click a cell to list its rows.</p><ConfusionLinks projectId={project.id} data={c} range={d.range} /></>}>
            <ConfusionChart data={c} onCell={(i, j) => {
              if (c.matrix[i]?.[j]) navigate(cellRowsHref(project.id, c.questionId, c.labels[i], c.labels[j], d.range));
            }} />
          </Panel>
        ))}
        {d.confusion.length === 0 && (
          <Panel title="Confusion matrix" empty={project.schema.some((q) => moduleOf(q).confusionMatrix) ? 'No row of a classification question has two labels yet.' : 'This project has no classification question.'}>
            {null}
          </Panel>
        )}

        <Panel title="Active hours, agreement with the final, kept by QA" wide empty={people.length === 0 && `Nobody labeled or reviewed ${within}.`}>
          <PeopleChart people={people} />
        </Panel>

        <section className="card dash-panel" aria-label="Rows waiting for an expert">
          <h2>Rows waiting for an expert</h2>
          {d.waitingForExpert.domains.length === 0 ? (
            <p className="muted dash-empty">No row is waiting for an expert.</p>
          ) : (
            <table className="table table-compact">
              <thead><tr><th scope="col">Domain</th><th scope="col" className="num">Rows waiting</th><th scope="col" className="num">Experts in the project</th></tr></thead>
              <tbody>
                {d.waitingForExpert.domains.map((x) => (
                  <tr key={x.domain} className={x.experts === 0 ? 'row-warn' : undefined}>
                    <td>{x.domain}</td><td className="num">{x.rows}</td>
                    <td className="num">{x.experts}{x.experts === 0 && <span className="err-text"> · add one under Members</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </div>
  );
}
