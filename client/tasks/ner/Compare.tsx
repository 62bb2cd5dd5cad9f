import { useMemo, type KeyboardEvent } from 'react';
import type { NerAnswer, NerConfig, NerSpan } from '@shared/tasks/registry';
import { labelColor, labelTitle, labelViews, type LabelView } from '../common/labels';
import { CompareBar, PrelabelRef, SideLegend, VersionColumn } from '../compare-common/parts';
import { FinalEditor, editorFromGlob } from '../compare-common/FinalEditor';
import { cloneAnswer, deepEqual } from '../compare-common/equal';
import type { CompareViewProps, Side } from '../compare-common/types';
import { counterparts, hasSpan, lanes, segments, spanKey, spanStatus, summary, toggleSpan, type SpanStatus } from './compare-ner';
import './Compare.css';

const Editor = editorFromGlob<NerConfig, NerAnswer>(import.meta.glob('./Editor.tsx'));

type Props = CompareViewProps<NerConfig, NerAnswer>;

export default function NerCompare(props: Props) {
  const { config, data, a, b, labels, prelabel, final, onFinalChange } = props;
  const views = useMemo(() => labelViews(config.labels), [config.labels]);
  const raw = data[config.field];
  const text = typeof raw === 'string' ? raw : '';
  const versions = [a, b] as const;
  const counts = useMemo(() => summary(a, b), [a, b]);
  const take = (span: NerSpan) => onFinalChange(toggleSpan(final, span, config.allowOverlap));

  return (
    <div className="cmp cmp-ner">
      <CompareBar view={props}>
        <span className="cmp-ner-counts">
          <span className="cmp-ner-key is-agree">{counts.agree} agreed</span>
          <span className="cmp-ner-key is-conflict">{counts.conflict} in conflict</span>
          <span className="cmp-ner-key is-only">{counts.only} marked by one side</span>
        </span>
        <SideLegend labels={labels} />
      </CompareBar>
      {typeof raw !== 'string' && <div className="cmp-editor-error">The row has no text in “{config.field}”.</div>}
      {([0, 1] as Side[]).map((side) => {
        const own = versions[side];
        const other = versions[1 - side].spans;
        const inFinal = deepEqual(own, final);
        return (
          <VersionColumn
            key={side}
            side={side}
            view={props}
            inFinal={inFinal}
            onTake={() => onFinalChange(cloneAnswer(own))}
          >
            <SpanLayer
              text={text}
              spans={own.spans}
              views={views}
              status={(s) => spanStatus(s, other)}
              describe={(s, st) => describeSpan(s, st, views, labels[1 - side], other)}
              inFinal={(s) => hasSpan(final, s)}
              onTake={take}
            />
          </VersionColumn>
        );
      })}
      {prelabel && (
        <PrelabelRef inFinal={deepEqual(prelabel, final)} onTake={() => onFinalChange(cloneAnswer(prelabel))}>
          <SpanLayer
            text={text}
            spans={prelabel.spans}
            views={views}
            status={() => 'prelabel'}
            describe={(s) => `${s.text || text.slice(s.start, s.end)} (${labelTitle(views, s.label)}): prelabel`}
            inFinal={(s) => hasSpan(final, s)}
            onTake={take}
          />
        </PrelabelRef>
      )}
      <FinalEditor Editor={Editor} view={props} />
    </div>
  );
}

function describeSpan(s: NerSpan, st: SpanStatus, views: readonly LabelView[], otherName: string, other: readonly NerSpan[]): string {
  const head = `${s.text} (${labelTitle(views, s.label)})`;
  if (st === 'agree') return `${head}: both marked it`;
  if (st === 'only') return `${head}: only this side, ${otherName} marked nothing here`;
  const alt = counterparts(s, other)
    .map((o) => `${o.text} (${labelTitle(views, o.label)})`)
    .join(', ');
  return `${head}: conflict, ${otherName} marked ${alt}`;
}

function SpanLayer({
  text,
  spans,
  views,
  status,
  describe,
  inFinal,
  onTake,
}: {
  text: string;
  spans: readonly NerSpan[];
  views: readonly LabelView[];
  status(s: NerSpan): SpanStatus | 'prelabel';
  describe(s: NerSpan, st: SpanStatus): string;
  inFinal(s: NerSpan): boolean;
  onTake(s: NerSpan): void;
}) {
  const layered = useMemo(() => lanes(spans), [spans]);
  return (
    <div className="cmp-ner-layers">
      {layered.map((lane, k) => (
        <div key={k} className="cmp-ner-text">
          {segments(text.length, lane).map((seg) => {
            const piece = text.slice(seg.start, seg.end);
            if (!seg.span) return <span key={seg.start}>{piece}</span>;
            const s = seg.span;
            const st = status(s);
            const taken = inFinal(s);
            const onKey = (e: KeyboardEvent) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onTake(s);
              }
            };
            return (
              <mark
                key={`${seg.start}:${spanKey(s)}`}
                role="button"
                tabIndex={0}
                className={`cmp-span is-${st}${taken ? ' is-taken' : ''}`}
                style={{ ['--label' as string]: labelColor(views, s.label) }}
                aria-pressed={taken}
                aria-label={st === 'prelabel' ? describe(s, 'only') : describe(s, st)}
                title={`${labelTitle(views, s.label)} · ${taken ? 'in the final (click to remove)' : 'click to take into the final'}`}
                onClick={() => onTake(s)}
                onKeyDown={onKey}
              >
                {piece}
                <span className="cmp-span-label" aria-hidden="true">
                  {labelTitle(views, s.label)}
                </span>
              </mark>
            );
          })}
        </div>
      ))}
    </div>
  );
}
