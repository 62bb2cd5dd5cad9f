import { Suspense, lazy, useMemo } from 'react';
import type { AudioAnswer, AudioConfig } from '@shared/tasks/registry';
import { labelTitle, labelViews } from '../common/labels';
import { CompareBar, OnlySideCells, PrelabelRef, SideColumnHeads, SideLegend, TakeButton, VersionColumn, WordDiffView, sideClass } from '../compare-common/parts';
import { FinalEditor, editorFromGlob } from '../compare-common/FinalEditor';
import { cloneAnswer, deepEqual } from '../compare-common/equal';
import { partnerOf } from '../compare-common/matching';
import { wordDiff } from '../compare-common/word-diff';
import type { CompareViewProps, Side } from '../compare-common/types';
import { clipRows, formatTime, hasSegment, matchSegments, regionSpecs, takeClip, toggleSegment } from './compare-audio';
import './Compare.css';

const Editor = editorFromGlob<AudioConfig, AudioAnswer>(import.meta.glob('./Editor.tsx'));
// wavesurfer.js loads only when an audio comparison is on screen.
const CompareWaveform = lazy(() => import('./compare-waveform'));

/** Region fills need concrete colours; these match the defaults of --labeler1 / --labeler2. */
const SIDE_RGB: [string, string] = ['28, 126, 214', '156, 54, 181'];
const WAVE_COLORS: [string, string] = ['#a5d8ff', '#eebefa'];

type Props = CompareViewProps<AudioConfig, AudioAnswer>;

const showValue = (v: string | number | undefined) => (v === undefined ? '–' : String(v));

export default function AudioCompare(props: Props) {
  const { config, data, a, b, labels, prelabel, agreement, final, onFinalChange } = props;
  const views = useMemo(() => labelViews(config.labels), [config.labels]);
  const matching = useMemo(() => matchSegments(a.segments, b.segments, config.iouThreshold), [a.segments, b.segments, config.iouThreshold]);
  const regions = useMemo(() => regionSpecs(a, b, matching, final, SIDE_RGB), [a, b, matching, final]);
  const clips = useMemo(() => clipRows(a, b, config), [a, b, config]);
  const versions = [a, b] as const;
  const url = data[config.field];

  const takeSegment = (side: Side, k: number) =>
    onFinalChange(toggleSegment(final, versions[side].segments[k], partnerOf(matching, a.segments, b.segments, side, k)));

  const segButton = (side: Side, k: number) => {
    const s = versions[side].segments[k];
    return (
      <TakeButton
        pressed={hasSegment(final, s)}
        className={sideClass(side)}
        label={`Take ${labels[side]}’s ${labelTitle(views, s.label)} segment ${k + 1}`}
        onClick={() => takeSegment(side, k)}
      >
        {formatTime(s.start)}–{formatTime(s.end)}
      </TakeButton>
    );
  };
  const unmatched = matching.onlyA.length + matching.onlyB.length;

  return (
    <div className="cmp cmp-audio">
      <CompareBar view={props}>
        <span className="cmp-muted">
          {matching.pairs.length} matched · {unmatched} unmatched
          {agreement.detail?.wer !== undefined && ` · WER ${(agreement.detail.wer * 100).toFixed(0)}%`}
        </span>
        <SideLegend labels={labels} />
      </CompareBar>
      <div className="cmp-columns">
        {([0, 1] as Side[]).map((side) => (
          <VersionColumn
            key={side}
            side={side}
            view={props}
            inFinal={deepEqual(versions[side], final)}
            onTake={() => onFinalChange(cloneAnswer(versions[side]))}
            markTaken={false}
          >
            <div className="cmp-muted">
              {versions[side].segments.length} segment{versions[side].segments.length === 1 ? '' : 's'}, {side === 0 ? 'upper' : 'lower'} lane
            </div>
          </VersionColumn>
        ))}
      </div>
      {typeof url === 'string' ? (
        <Suspense fallback={<div className="cmp-loading">Loading waveform…</div>}>
          <CompareWaveform url={url} regions={regions} colors={WAVE_COLORS} onRegionClick={takeSegment} />
        </Suspense>
      ) : (
        <div className="cmp-editor-error">The row has no audio in “{config.field}”.</div>
      )}
      <table className="cmp-table cmp-audio-pairs" aria-label="Segment pairs">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Label</th>
            <SideColumnHeads labels={labels} />
            <th scope="col">IoU</th>
            {config.transcribe && <th scope="col">Transcripts</th>}
          </tr>
        </thead>
        <tbody>
          {matching.pairs.map((p, n) => {
            const sa = a.segments[p.i];
            const sb = b.segments[p.j];
            const same = (sa.text ?? '') === (sb.text ?? '');
            return (
              <tr key={`p${p.i}:${p.j}`} className={same ? 'is-agree' : 'is-differs'} aria-label={`Pair #${n + 1} ${labelTitle(views, sa.label)}, IoU ${p.iou.toFixed(2)}`}>
                <td>#{n + 1}</td>
                <th scope="row">{labelTitle(views, sa.label)}</th>
                <td>{segButton(0, p.i)}</td>
                <td>{segButton(1, p.j)}</td>
                <td className="cmp-audio-num">{p.iou.toFixed(2)}</td>
                {config.transcribe && (
                  <td className="cmp-audio-text" aria-label="Transcript diff">
                    {same ? sa.text || <span className="cmp-empty">no transcript</span> : <WordDiffView parts={wordDiff(sa.text ?? '', sb.text ?? '')} labels={labels} />}
                  </td>
                )}
              </tr>
            );
          })}
          {([0, 1] as Side[]).flatMap((side) =>
            (side === 0 ? matching.onlyA : matching.onlyB).map((k) => {
              const s = versions[side].segments[k];
              return (
                <tr key={`u${side}:${k}`} className="is-conflict" aria-label={`${labelTitle(views, s.label)} segment only ${labels[side]} marked`}>
                  <td>only</td>
                  <th scope="row">{labelTitle(views, s.label)}</th>
                  <OnlySideCells side={side}>{segButton(side, k)}</OnlySideCells>
                  <td className="cmp-audio-num">–</td>
                  {config.transcribe && <td className="cmp-audio-text">{s.text}</td>}
                </tr>
              );
            }),
          )}
          {a.segments.length + b.segments.length === 0 && (
            <tr>
              <td colSpan={config.transcribe ? 6 : 5} className="cmp-empty">
                Neither labeler marked a segment.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {clips.length > 0 && (
        <table className="cmp-table cmp-audio-clip" aria-label="Clip answers">
          <thead>
            <tr>
              <th scope="col">Clip question</th>
              <SideColumnHeads labels={labels} />
              <th scope="col">Final</th>
            </tr>
          </thead>
          <tbody>
            {clips.map((c) => (
              <tr key={c.id} className={c.agree ? 'is-agree' : 'is-conflict'} aria-label={`${c.title}${c.agree ? '' : ' (differs)'}`}>
                <th scope="row">{c.title}</th>
                {([0, 1] as Side[]).map((side) => (
                  <td key={side}>
                    <TakeButton
                      className={sideClass(side)}
                      pressed={final.clip[c.id] === c.values[side]}
                      label={`Take ${labels[side]}’s ${c.title}: ${showValue(c.values[side])}`}
                      onClick={() => onFinalChange(takeClip(final, c.id, c.values[side]))}
                    >
                      {showValue(c.values[side])}
                    </TakeButton>
                  </td>
                ))}
                <td className="cmp-audio-num" aria-label={`Final ${c.title}`}>
                  {showValue(final.clip[c.id])}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {prelabel && (
        <PrelabelRef inFinal={deepEqual(prelabel, final)} onTake={() => onFinalChange(cloneAnswer(prelabel))}>
          {prelabel.segments.length
            ? prelabel.segments.map((s) => `${labelTitle(views, s.label)} ${formatTime(s.start)}–${formatTime(s.end)}${s.text ? ` “${s.text}”` : ''}`).join(' · ')
            : 'no segments'}
        </PrelabelRef>
      )}
      <FinalEditor Editor={Editor} view={props} />
    </div>
  );
}
