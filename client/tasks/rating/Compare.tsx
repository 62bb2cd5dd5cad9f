import { useMemo } from 'react';
import type { RatingAnswer, RatingConfig } from '@shared/tasks/registry';
import { CompareBar, PrelabelRef, TakeButton, VersionHeadCells, WordDiffView, sideClass } from '../compare-common/parts';
import { FinalEditor, editorFromGlob } from '../compare-common/FinalEditor';
import { deepEqual, cloneAnswer } from '../compare-common/equal';
import { wordDiff } from '../compare-common/word-diff';
import type { CompareViewProps, Side } from '../compare-common/types';
import { criterionRows, takeRationale, takeScore } from './compare-rating';
import './Compare.css';

const Editor = editorFromGlob<RatingConfig, RatingAnswer>(import.meta.glob('./Editor.tsx'));

type Props = CompareViewProps<RatingConfig, RatingAnswer>;

const show = (v: number | null | undefined) => (v === null || v === undefined ? '–' : String(v));

export default function RatingCompare(props: Props) {
  const { config, a, b, labels, prelabel, final, onFinalChange } = props;
  const rows = useMemo(() => criterionRows(a, b, config), [a, b, config]);
  const versions = [a, b] as const;
  const rationaleDiff = useMemo(() => wordDiff(a.rationale, b.rationale), [a.rationale, b.rationale]);

  return (
    <div className="cmp cmp-rating">
      <CompareBar view={props}>
        <span className="cmp-muted">
          {rows.filter((r) => r.conflict).length} of {rows.length} criteria differ beyond tolerance
        </span>
      </CompareBar>
      <table className="cmp-table cmp-rating-table">
        <thead>
          <tr>
            <th scope="col">Criterion</th>
            <VersionHeadCells view={props} />
            <th scope="col">Δ</th>
            {prelabel && (
              <th scope="col" className="cmp-rating-pre">
                Prelabel
              </th>
            )}
            <th scope="col">Final</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className={r.conflict ? 'is-conflict' : 'is-agree'} aria-label={`${r.title}${r.conflict ? ' (differs)' : ''}`}>
              <th scope="row" title={r.description}>
                {r.title}
              </th>
              {([0, 1] as Side[]).map((side) => {
                const v = r.scores[side];
                const taken = (final.scores[r.id] ?? null) === v;
                return (
                  <td key={side} className={sideClass(side)}>
                    <TakeButton
                      className="cmp-score"
                      pressed={taken}
                      label={`Take ${labels[side]}’s ${r.title} score ${show(v)}`}
                      onClick={() => onFinalChange(takeScore(final, r.id, v))}
                    >
                      {show(v)}
                    </TakeButton>
                  </td>
                );
              })}
              <td className="cmp-rating-diff">
                {r.conflict ? (
                  <span className="cmp-conflict-mark" title={`beyond the tolerance of ±${r.tolerance}`}>
                    {r.diff === null ? 'one side unscored' : `${r.diff} > ${r.tolerance}`}
                  </span>
                ) : (
                  <span className="cmp-agree-mark">{r.diff === null ? '' : r.diff === 0 ? '=' : `${r.diff} ≤ ${r.tolerance}`}</span>
                )}
              </td>
              {prelabel && (
                <td className="cmp-rating-pre">
                  <TakeButton
                    className="cmp-score is-muted"
                    pressed={false}
                    label={`Take the prelabel’s ${r.title} score ${show(prelabel.scores[r.id])}`}
                    onClick={() => onFinalChange(takeScore(final, r.id, prelabel.scores[r.id] ?? null))}
                  >
                    {show(prelabel.scores[r.id])}
                  </TakeButton>
                </td>
              )}
              <td className="cmp-rating-final" aria-label={`Final ${r.title}`}>
                {show(final.scores[r.id])}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="cmp-columns">
        {([0, 1] as Side[]).map((side) => (
          <section key={side} className={`cmp-version ${sideClass(side)}`} aria-label={`${labels[side]} rationale`}>
            <div className="cmp-version-head">
              <span className="cmp-swatch" aria-hidden="true" />
              <strong className="cmp-name">{labels[side]}: rationale</strong>
              <TakeButton
                pressed={final.rationale === versions[side].rationale}
                label={`Take ${labels[side]}’s rationale`}
                onClick={() => onFinalChange(takeRationale(final, versions[side].rationale))}
              >
                Take
              </TakeButton>
            </div>
            <p className="cmp-rationale">{versions[side].rationale || <span className="cmp-empty">no rationale</span>}</p>
          </section>
        ))}
      </div>
      {a.rationale !== b.rationale && a.rationale && b.rationale && (
        <details className="cmp-rating-rdiff">
          <summary>Rationales word by word</summary>
          <WordDiffView parts={rationaleDiff} labels={labels} />
        </details>
      )}
      {prelabel && (
        <PrelabelRef inFinal={deepEqual(prelabel, final)} onTake={() => onFinalChange(cloneAnswer(prelabel))}>
          {config.criteria.map((c) => `${c.title} ${show(prelabel.scores[c.id])}`).join(' · ')}
          {prelabel.rationale && <div>{prelabel.rationale}</div>}
        </PrelabelRef>
      )}
      <FinalEditor Editor={Editor} view={props} />
    </div>
  );
}
