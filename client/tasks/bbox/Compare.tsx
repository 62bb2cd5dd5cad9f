import { Suspense, lazy, useMemo } from 'react';
import type { BboxAnswer, BboxConfig } from '@shared/tasks/registry';
import { labelTitle, labelViews, type LabelView } from '../common/labels';
import { CompareBar, OnlySideCells, PrelabelRef, SideColumnHeads, SideLegend, TakeButton, VersionColumn, sideClass } from '../compare-common/parts';
import { FinalEditor, editorFromGlob } from '../compare-common/FinalEditor';
import { cloneAnswer, deepEqual } from '../compare-common/equal';
import { partnerOf } from '../compare-common/matching';
import type { CompareViewProps, Side } from '../compare-common/types';
import { formatBox, hasBox, matchBoxes, toggleBox } from './compare-bbox';
import './Compare.css';

const Editor = editorFromGlob<BboxConfig, BboxAnswer>(import.meta.glob('./Editor.tsx'));
// Konva loads only when a bbox comparison is on screen.
const CompareCanvas = lazy(() => import('./compare-canvas'));

/** Canvas strokes cannot read CSS variables; these are the defaults of --labeler1 / --labeler2. */
const SIDE_COLORS: [string, string] = ['#1c7ed6', '#9c36b5'];

type Props = CompareViewProps<BboxConfig, BboxAnswer>;

export default function BboxCompare(props: Props) {
  const { config, data, a, b, labels, prelabel, final, onFinalChange } = props;
  const views = useMemo(() => labelViews(config.labels), [config.labels]);
  const matching = useMemo(() => matchBoxes(a.boxes, b.boxes, config.iouThreshold), [a.boxes, b.boxes, config.iouThreshold]);
  const versions = [a, b] as const;
  const src = data[config.field];

  const takeBox = (side: Side, k: number) =>
    onFinalChange(toggleBox(final, versions[side].boxes[k], partnerOf(matching, a.boxes, b.boxes, side, k), versions[side]));
  const unmatched = matching.onlyA.length + matching.onlyB.length;

  const boxButton = (side: Side, k: number) => {
    const box = versions[side].boxes[k];
    const taken = hasBox(final, box);
    return (
      <TakeButton
        pressed={taken}
        className={sideClass(side)}
        label={`Take ${labels[side]}’s ${labelTitle(views, box.label)} box ${k + 1}`}
        onClick={() => takeBox(side, k)}
      >
        {formatBox(box)}
      </TakeButton>
    );
  };

  return (
    <div className="cmp cmp-bbox">
      <CompareBar view={props}>
        <span className="cmp-muted">
          {matching.pairs.length} matched · {unmatched} unmatched (IoU ≥ {config.iouThreshold})
        </span>
        <SideLegend labels={labels} />
      </CompareBar>
      <div className="cmp-columns">
        {([0, 1] as Side[]).map((side) => (
          <VersionColumn
            key={side}
            side={side}
            view={props}
            inFinal={deepEqual(versions[side].boxes, final.boxes)}
            onTake={() => onFinalChange(cloneAnswer(versions[side]))}
            markTaken={false}
          >
            <div className="cmp-muted">
              {versions[side].boxes.length} box{versions[side].boxes.length === 1 ? '' : 'es'}
              {side === 0 ? ', solid' : ', dashed'}
            </div>
          </VersionColumn>
        ))}
      </div>
      {typeof src === 'string' ? (
        <div className="cmp-bbox-canvas">
          <Suspense fallback={<div className="cmp-loading">Loading image…</div>}>
            <CompareCanvas src={src} a={a} b={b} final={final} matching={matching} colors={SIDE_COLORS} onBoxClick={takeBox} />
          </Suspense>
        </div>
      ) : (
        <div className="cmp-editor-error">The row has no image in “{config.field}”.</div>
      )}
      <table className="cmp-table cmp-bbox-pairs" aria-label="Box pairs">
        <thead>
          <tr>
            <th scope="col">Label</th>
            <SideColumnHeads labels={labels} />
            <th scope="col">IoU</th>
          </tr>
        </thead>
        <tbody>
          {matching.pairs.map((p) => (
            <tr key={`p${p.i}:${p.j}`} className="is-agree" aria-label={`${labelTitle(views, a.boxes[p.i].label)} pair, IoU ${p.iou.toFixed(2)}`}>
              <th scope="row">
                <LabelName views={views} value={a.boxes[p.i].label} />
              </th>
              <td>{boxButton(0, p.i)}</td>
              <td>{boxButton(1, p.j)}</td>
              <td className="cmp-bbox-iou">{p.iou.toFixed(2)}</td>
            </tr>
          ))}
          {([0, 1] as Side[]).flatMap((side) =>
            (side === 0 ? matching.onlyA : matching.onlyB).map((k) => (
              <tr
                key={`u${side}:${k}`}
                className="is-conflict"
                aria-label={`${labelTitle(views, versions[side].boxes[k].label)} box only ${labels[side]} drew`}
              >
                <th scope="row">
                  <LabelName views={views} value={versions[side].boxes[k].label} />
                </th>
                <OnlySideCells side={side}>{boxButton(side, k)}</OnlySideCells>
                <td className="cmp-bbox-iou">–</td>
              </tr>
            )),
          )}
          {a.boxes.length + b.boxes.length === 0 && (
            <tr>
              <td colSpan={4} className="cmp-empty">
                Neither labeler drew a box.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {prelabel && (
        <PrelabelRef inFinal={deepEqual(prelabel.boxes, final.boxes)} onTake={() => onFinalChange(cloneAnswer(prelabel))}>
          {prelabel.boxes.length
            ? prelabel.boxes.map((x) => `${labelTitle(views, x.label)} ${formatBox(x)}`).join(' · ')
            : 'no boxes'}
        </PrelabelRef>
      )}
      <FinalEditor Editor={Editor} view={props} />
    </div>
  );
}

function LabelName({ views, value }: { views: readonly LabelView[]; value: string }) {
  const v = views.find((l) => l.value === value);
  return (
    <span className="cmp-bbox-label" style={{ ['--label' as string]: v?.color ?? '#868e96' }}>
      {v?.title ?? value}
    </span>
  );
}
