import { useMemo } from 'react';
import type { TextAnswer, TextConfig } from '@shared/tasks/registry';
import { CompareBar, PrelabelRef, SideLegend, VersionColumn, WordDiffView } from '../compare-common/parts';
import { FinalEditor, editorFromGlob } from '../compare-common/FinalEditor';
import { wordDiff, changedWords } from '../compare-common/word-diff';
import type { CompareViewProps, Side } from '../compare-common/types';
import './Compare.css';

const Editor = editorFromGlob<TextConfig, TextAnswer>(import.meta.glob('./Editor.tsx'));

type Props = CompareViewProps<TextConfig, TextAnswer>;

export default function TextCompare(props: Props) {
  const { config, data, a, b, labels, prelabel, final, onFinalChange } = props;
  const parts = useMemo(() => wordDiff(a.text, b.text), [a.text, b.text]);
  const changed = changedWords(parts);
  const versions = [a, b] as const;
  const source = config.sourceField ? data[config.sourceField] : undefined;

  return (
    <div className="cmp cmp-text">
      <CompareBar view={props}>
        <span className="cmp-muted">{changed === 0 ? 'same words' : `${changed} word${changed === 1 ? '' : 's'} differ`}</span>
      </CompareBar>
      <section className="cmp-text-diff" aria-label="Word diff">
        <div className="cmp-version-head">
          <strong className="cmp-name">Word diff</strong>
          <SideLegend labels={labels} />
          <span className="cmp-muted">
            <del className="cmp-del">struck</del>: only {labels[0]} · <ins className="cmp-ins">underlined</ins>: only {labels[1]}
          </span>
        </div>
        <div className="cmp-text-body">
          <WordDiffView parts={parts} labels={labels} />
        </div>
      </section>
      <div className="cmp-columns">
        {([0, 1] as Side[]).map((side) => {
          const inFinal = final.text === versions[side].text;
          return (
            <VersionColumn
              key={side}
              side={side}
              view={props}
              inFinal={inFinal}
              onTake={() => onFinalChange({ text: versions[side].text })}
            >
              <div className="cmp-text-body">{versions[side].text || <span className="cmp-empty">empty</span>}</div>
            </VersionColumn>
          );
        })}
      </div>
      {typeof source === 'string' && (
        <details className="cmp-text-source">
          <summary>Source text ({config.sourceField})</summary>
          <div className="cmp-text-body">{source}</div>
        </details>
      )}
      {prelabel && (
        <PrelabelRef inFinal={final.text === prelabel.text} onTake={() => onFinalChange({ text: prelabel.text })}>
          <div className="cmp-text-body">{prelabel.text}</div>
        </PrelabelRef>
      )}
      <FinalEditor Editor={Editor} view={props} />
    </div>
  );
}
