import { useMemo } from 'react';
import type { ClassificationAnswer, ClassificationConfig } from '@shared/tasks/registry';
import { labelViews, labelTitle, labelColor, type LabelView } from '../common/labels';
import { CompareBar, PrelabelRef, VersionColumn } from '../compare-common/parts';
import { FinalEditor, editorFromGlob } from '../compare-common/FinalEditor';
import { deepEqual } from '../compare-common/equal';
import type { CompareViewProps, Side } from '../compare-common/types';
import { labelStatus, takeLabel } from './compare-classification';
import './Compare.css';

const Editor = editorFromGlob<ClassificationConfig, ClassificationAnswer>(import.meta.glob('./Editor.tsx'));

type Props = CompareViewProps<ClassificationConfig, ClassificationAnswer>;

export default function ClassificationCompare(props: Props) {
  const { config, a, b, labels, prelabel, final, onFinalChange } = props;
  const views = useMemo(() => labelViews(config.labels), [config.labels]);
  const versions = [a, b] as const;

  return (
    <div className="cmp cmp-classification">
      <CompareBar view={props} />
      <div className="cmp-columns">
        {([0, 1] as Side[]).map((side) => {
          const own = versions[side];
          const other = versions[1 - side];
          const inFinal = deepEqual(own, final);
          return (
            <VersionColumn
              key={side}
              side={side}
              view={props}
              inFinal={inFinal}
              onTake={() => onFinalChange({ labels: [...own.labels] })}
            >
              <ChosenLabels
                views={views}
                labels={own.labels}
                status={(v) => labelStatus(own, other, v)}
                inFinal={(v) => final.labels.includes(v)}
                onTake={(v) => onFinalChange(takeLabel(final, v, config))}
                otherName={labels[1 - side]}
              />
            </VersionColumn>
          );
        })}
      </div>
      {prelabel && (
        <PrelabelRef inFinal={deepEqual(prelabel, final)} onTake={() => onFinalChange({ labels: [...prelabel.labels] })}>
          {prelabel.labels.length ? prelabel.labels.map((l) => labelTitle(views, l)).join(', ') : 'no label'}
        </PrelabelRef>
      )}
      <FinalEditor Editor={Editor} view={props} />
    </div>
  );
}

function ChosenLabels({
  views,
  labels,
  status,
  inFinal,
  onTake,
  otherName,
}: {
  views: readonly LabelView[];
  labels: readonly string[];
  status(value: string): 'agree' | 'conflict';
  inFinal(value: string): boolean;
  onTake(value: string): void;
  otherName: string;
}) {
  if (labels.length === 0) return <div className="cmp-empty">no label</div>;
  return (
    <div className="cmp-cls-labels">
      {labels.map((v) => {
        const s = status(v);
        const title = labelTitle(views, v);
        const taken = inFinal(v);
        return (
          <button
            key={v}
            type="button"
            className={`cmp-cls-label is-${s}${taken ? ' is-taken' : ''}`}
            style={{ ['--chip' as string]: labelColor(views, v) }}
            aria-pressed={taken}
            aria-label={`${title}: ${s === 'agree' ? 'both chose it' : `conflict, ${otherName} did not choose it`}`}
            title={taken ? 'In the final' : 'Take this label into the final'}
            onClick={() => onTake(v)}
          >
            <span className="cmp-cls-dot" aria-hidden="true" />
            {title}
            {s === 'conflict' && (
              <span className="cmp-conflict-mark" aria-hidden="true">
                ≠
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
