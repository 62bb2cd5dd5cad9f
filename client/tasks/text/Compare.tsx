import { lazy, useState } from 'react';
import type { TextAnswer, TextConfig } from '@shared/tasks/registry';
import { CompareBar, PrelabelRef, VersionColumn } from '../compare-common/parts';
import { FinalEditor } from '../compare-common/FinalEditor';
import { changedWords } from '../compare-common/word-diff';
import { useWordDiff } from '../compare-common/use-word-diff';
import type { CompareViewProps, Side } from '../compare-common/types';
import type { EditorProps } from '../types';
import { DiffTabs, type DiffPair } from './DiffTabs';
import './text.css';
import './Compare.css';

const TextEditor = lazy(() => import('./Editor'));

/** The annotators' editor as the final's: an undecided final stays empty rather than becoming the original. */
function FinalTextEditor(props: EditorProps<TextConfig, TextAnswer>) {
  return <TextEditor {...props} startFromOriginal={false} />;
}

type Props = CompareViewProps<TextConfig, TextAnswer>;

/**
 * QA of a text question. The labelers' texts are compared word by word with each other and, for a
 * rewrite, each with the original; the reviewer takes one or edits the final, whose own diff against the
 * original (in the editor below) follows the typing.
 */
export default function TextCompare(props: Props) {
  const { config, data, a, b, labels, prelabel, final, onFinalChange } = props;
  const src = config.sourceField ? data[config.sourceField] : undefined;
  const original = typeof src === 'string' ? src : null;
  // Always three diffs, so the hooks keep their order; without an original two of them diff nothing.
  const aVsOriginal = useWordDiff(original ?? '', original === null ? '' : a.text);
  const bVsOriginal = useWordDiff(original ?? '', original === null ? '' : b.text);
  const aVsB = useWordDiff(a.text, b.text);
  const [tab, setTab] = useState(original !== null ? 'a' : 'ab');

  const between: DiffPair = {
    id: 'ab', name: `${labels[0]} vs ${labels[1]}`, diff: aVsB,
    sides: { removed: `only ${labels[0]}`, added: `only ${labels[1]}` }, same: 'The two texts have the same words.',
  };
  const vsOriginal = (side: Side): DiffPair => ({
    id: side === 0 ? 'a' : 'b', name: `${labels[side]} vs original`, diff: side === 0 ? aVsOriginal : bVsOriginal,
    sides: { removed: `deleted by ${labels[side]}`, added: `added by ${labels[side]}` }, same: `${labels[side]} kept the original's words.`,
  });
  const pairs = original !== null ? [vsOriginal(0), vsOriginal(1), between] : [between];
  const changed = aVsB.parts ? changedWords(aVsB.parts) : null;
  const versions = [a, b] as const;

  return (
    <div className="cmp cmp-text">
      <CompareBar view={props}>
        {changed !== null && <span className="cmp-muted">{changed === 0 ? 'same words' : `${changed} word${changed === 1 ? '' : 's'} differ`}</span>}
      </CompareBar>
      <section className="cmp-text-diff" aria-label="Word diff">
        <DiffTabs pairs={pairs} selected={tab} onSelect={setTab} />
      </section>
      <div className="cmp-columns">
        {([0, 1] as Side[]).map((side) => (
          <VersionColumn
            key={side}
            side={side}
            view={props}
            inFinal={final.text === versions[side].text}
            onTake={() => onFinalChange({ text: versions[side].text })}
          >
            <div className="cmp-text-body">{versions[side].text || <span className="cmp-empty">empty</span>}</div>
          </VersionColumn>
        ))}
      </div>
      {prelabel && (
        <PrelabelRef inFinal={final.text === prelabel.text} onTake={() => onFinalChange({ text: prelabel.text })}>
          <div className="cmp-text-body">{prelabel.text}</div>
        </PrelabelRef>
      )}
      {/* The editor shows the original beside the final and the final's diff against it as it is typed. */}
      <FinalEditor Editor={FinalTextEditor} view={props} />
    </div>
  );
}
