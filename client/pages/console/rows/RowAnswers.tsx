import { Suspense, useMemo } from 'react';
import type { ProjectSchema } from '@shared/tasks/question';
import { questionModule } from '@shared/tasks/question-module';
import type { RowHistory } from '../../../api/console';
import { Badge } from '../../../components/Badges';
import { Loading } from '../../../components/Loading';
import { compareViewFor } from '../../review/compareViews';

const noop = () => {};

/**
 * The row's latest round side by side, question by question, in the comparison views the reviewer uses
 * (each task module's Compare). Read-only: the final shown is the round's final when there is one, else
 * the consensus merge; the controls sit in a disabled fieldset and changes go nowhere. The labelers are
 * named here (leads see who did what; reviewers never do).
 */
export function RowAnswers({ history, schema }: { history: RowHistory; schema: ProjectSchema }) {
  const view = useMemo(() => {
    const labels = history.answers.filter((a) => a.kind === 'label');
    const round = Math.max(0, ...labels.map((a) => a.round));
    const pair = labels.filter((a) => a.round === round).slice(0, 2);
    if (!pair.length) return null;
    const names = new Map(history.assignments.map((a) => [a.userId, a.userName ?? `user ${a.userId}`]));
    const final = history.finals.filter((f) => f.round === round).at(-1) ?? null;
    const domains = new Set(history.row.expertise);
    const expertise = new Map(history.row.coverage.filter((c) => c.coveredBy).map((c) => [c.coveredBy!, c.domain]));
    const label = (i: number) => (pair[i] ? names.get(pair[i].userId) ?? `user ${pair[i].userId}` : 'second label (not in yet)');
    const isExpert = (i: number) => Boolean(pair[i] && domains.size && expertise.has(names.get(pair[i].userId) ?? ''));
    const expert: 0 | 1 | null = isExpert(0) && !isExpert(1) ? 0 : isExpert(1) && !isExpert(0) ? 1 : null;
    return { round, pair, final, labels: [label(0), label(1)] as [string, string], expert };
  }, [history]);

  if (!view) return <p className="muted">No label is in yet.</p>;
  return (
    <div className="row-answers">
      <p className="muted">
        Round {view.round}: {view.labels[0]} and {view.labels[1]}{view.final ? ', with the final' : ''}.
      </p>
      {schema.map((question) => {
        const m = questionModule(question);
        const a = (view.pair[0]?.answer as Record<string, unknown>)[question.id] ?? m.empty(question.config);
        const b = (view.pair[1]?.answer as Record<string, unknown> | undefined)?.[question.id] ?? m.empty(question.config);
        const agreement = m.agreement(a, b, question.config);
        const final = (view.final?.answer as Record<string, unknown> | undefined)?.[question.id] ?? m.merge([a, b], question.config);
        const Compare = compareViewFor(question.type);
        const bestEffort: [boolean, boolean] = [view.pair[0]?.bestEffort ?? false, view.pair[1]?.bestEffort ?? false];
        return (
          <section key={question.id} className="card row-answer" aria-label={`Answers: ${question.title}`}>
            <header className="row-answer-head">
              <strong>{question.title}</strong>
              {view.pair.length === 2 && <Badge tone={agreement.agree ? 'success' : 'danger'}>{agreement.agree ? 'agreed' : 'conflict'}</Badge>}
            </header>
            <fieldset disabled className="row-answer-body">
              <Suspense fallback={<Loading label="Loading the comparison" />}>
                <Compare
                  question={question} config={question.config} data={history.row.data as Record<string, unknown>} a={a} b={b} labels={view.labels}
                  expert={view.expert} prelabel={history.row.prelabels?.[question.id] ?? null} agreement={agreement} final={final}
                  onFinalChange={noop} bestEffort={bestEffort} active={false}
                />
              </Suspense>
            </fieldset>
          </section>
        );
      })}
    </div>
  );
}
