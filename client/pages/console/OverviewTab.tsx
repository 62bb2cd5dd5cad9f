import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import type { DashboardDto, QuestionAgreementDto } from '@shared/api/console';
import type { ProjectDto } from '@shared/api/projects';
import { ApiError, messageOf } from '../../api/client';
import { consoleApi } from '../../api/console';
import { InlineError } from '../../components/Form';
import { Loading } from '../../components/Loading';
import { fixed, pct } from './format';
import { moduleOf } from '../../tasks/registry';

// echarts (several hundred kB) loads with the dashboard only, not with the rest of the console.
const charts = () => import('./dashboard/Charts');
const OverTimeChart = lazy(() => charts().then((m) => ({ default: m.OverTimeChart })));
const AgreementChart = lazy(() => charts().then((m) => ({ default: m.AgreementChart })));
const ConfusionChart = lazy(() => charts().then((m) => ({ default: m.ConfusionChart })));
const ThroughputChart = lazy(() => charts().then((m) => ({ default: m.ThroughputChart })));
const PeopleChart = lazy(() => charts().then((m) => ({ default: m.PeopleChart })));
const PrelabelChart = lazy(() => charts().then((m) => ({ default: m.PrelabelChart })));

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

function Panel({ title, children, wide, empty }: { title: string; children: ReactNode; wide?: boolean; empty?: string | false }) {
  return (
    <section className={wide ? 'card dash-panel dash-wide' : 'card dash-panel'} aria-label={title}>
      <h2>{title}</h2>
      {empty ? <p className="muted dash-empty">{empty}</p> : <Suspense fallback={<div className="chart chart-loading muted" role="status">Loading the chart…</div>}>{children}</Suspense>}
    </section>
  );
}

export default function OverviewTab({ project }: { project: ProjectDto }) {
  const [d, setD] = useState<DashboardDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    consoleApi.dashboard(project.id).then((x) => live && setD(x), (e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [project.id]);

  if (error) {
    const missing = error instanceof ApiError && error.status === 404 && /no route/.test(error.message);
    return <InlineError>{missing ? 'The dashboard is not available on this server yet.' : messageOf(error)}</InlineError>;
  }
  if (!d) return <Loading label="Loading the dashboard" />;
  const escalationsHref = `/projects/${project.id}/escalations`;
  const people = d.people.filter((p) => p.labels > 0 || p.qa > 0);

  return (
    <div className="dashboard">
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
        <Panel title="Rows by state over time" wide empty={d.overTime.length === 0 && 'No labels yet: the curve starts with the first submission.'}>
          <OverTimeChart data={d.overTime} />
        </Panel>

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

        <Panel title="Prelabel acceptance" empty={d.prelabels.every((p) => p.shown === 0) && 'No submission had a prelabel yet.'}>
          <PrelabelChart data={d.prelabels} />
          <p className="muted dash-note">Share of submissions that kept the model’s suggestion unchanged ({d.prelabels.map((p) => `${p.questionId}: ${p.kept}/${p.shown}`).join(', ')}).</p>
        </Panel>

        {d.confusion.map((c) => (
          <Panel key={c.questionId} title={`Confusion: ${c.questionId} (labeler 1 × labeler 2)`}
            empty={c.matrix.every((r) => r.every((v) => v === 0)) && 'No row of this question has two labels yet.'}>
            <ConfusionChart data={c} />
          </Panel>
        ))}
        {d.confusion.length === 0 && (
          <Panel title="Confusion matrix" empty={project.schema.some((q) => moduleOf(q).confusionMatrix) ? 'No row of a classification question has two labels yet.' : 'This project has no classification question.'}>
            {null}
          </Panel>
        )}

        <Panel title="Throughput per person" wide empty={people.length === 0 && 'Nobody has submitted a label yet.'}>
          <ThroughputChart people={people} />
        </Panel>

        <Panel title="Active hours, agreement with the final, kept by QA" wide empty={people.length === 0 && 'Nobody has submitted a label yet.'}>
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
