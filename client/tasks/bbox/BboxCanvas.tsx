import { useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { Layer, Rect as KRect, Stage, Transformer } from 'react-konva';
import type Konva from 'konva';
import type { BboxBox } from '@shared/tasks/registry';
import type { LabelView } from '../common/labels';
import { boxAt, clampToImage, fitView, rectFromPoints, stageToImage, tidy, zoomAt, type Point, type Rect, type View } from './geometry';
import { SceneShape } from './SceneShape';
import { SelectedBox } from './SelectedBox';
import { usePan } from './usePan';

export interface BboxCanvasProps {
  src: string;
  /** Natural image size once known (from the answer or the loaded image). */
  size: { width: number; height: number };
  onImageSize(size: { width: number; height: number }): void;
  boxes: readonly BboxBox[];
  suggestions: readonly BboxBox[];
  labels: readonly LabelView[];
  /** Colour of the box being drawn (the current label's). */
  drawColor: string;
  selected: number | null;
  onSelect(i: number | null): void;
  onCreate(r: Rect): void;
  onChangeBox(i: number, r: Rect): void;
  /** Bumped to fit the image to the stage. */
  fitRequest: number;
  /** True while space is held: a left drag pans instead of drawing. */
  panHeld: RefObject<boolean>;
  readOnly?: boolean;
}

type Drag = { kind: 'draw'; from: Point; to: Point };

export default function BboxCanvas(props: BboxCanvasProps) {
  const { src, size, onImageSize, boxes, selected, onSelect, onCreate, fitRequest, panHeld, readOnly, drawColor } = props;
  const box = useRef<HTMLDivElement>(null);
  const stage = useRef<Konva.Stage>(null);
  const tr = useRef<Konva.Transformer>(null);
  const [stageSize, setStageSize] = useState({ w: 800, h: 560 });
  const [img, setImg] = useState<HTMLImageElement | null>(null);
  const [view, setView] = useState<View>({ scale: 1, x: 0, y: 0 });
  const [drag, setDrag] = useState<Drag | null>(null);
  const fitted = useRef(false);
  const { startPan, panning } = usePan(stage, box, ({ x, y }) => setView((v) => ({ ...v, x, y })));

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setStageSize({ w: Math.max(100, el.clientWidth), h: Math.max(100, el.clientHeight) });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const image = new window.Image();
    let alive = true;
    image.onload = () => {
      if (!alive) return;
      setImg(image);
      onImageSize({ width: image.naturalWidth, height: image.naturalHeight });
    };
    image.src = src;
    fitted.current = false;
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [src]);

  // Fit once the image size and the stage are known, and on every fit request.
  useEffect(() => {
    if (size.width > 0 && size.height > 0 && !fitted.current) {
      fitted.current = true;
      setView(fitView(size.width, size.height, stageSize.w, stageSize.h));
    }
  }, [size.width, size.height, stageSize.w, stageSize.h]);
  useEffect(() => {
    if (fitRequest > 0) setView(fitView(size.width, size.height, stageSize.w, stageSize.h));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fitRequest]);

  // A press on an unselected box selects it and, the button still down, drags it in the same gesture.
  const dragOnSelect = useRef(false);
  useEffect(() => {
    const t = tr.current;
    if (!t) return;
    const node = selected !== null && !readOnly ? stage.current?.findOne(`#box-${selected}`) : undefined;
    t.nodes(node ? [node] : []);
    t.getLayer()?.batchDraw();
    if (node && dragOnSelect.current) node.startDrag();
    dragOnSelect.current = false;
  }, [selected, boxes, readOnly]);

  const pointer = (): Point | null => stage.current?.getPointerPosition() ?? null;

  const onMouseDown = (e: Konva.KonvaEventObject<MouseEvent>) => {
    const p = pointer();
    if (!p) return;
    if (e.evt.button === 1 || (e.evt.button === 0 && panHeld.current)) {
      e.evt.preventDefault();
      startPan(e.evt);
      return;
    }
    if (e.evt.button !== 0) return;
    // The image layer and the box shape do not listen: a press reaching the stage itself is on the image
    // or on an unselected box, told apart in image coordinates.
    if (e.target !== e.target.getStage()) return;
    const at0 = stageToImage(p, view);
    const hit = boxAt(boxes, at0);
    if (hit !== null) {
      dragOnSelect.current = !readOnly;
      onSelect(hit);
      return;
    }
    onSelect(null);
    if (readOnly) return;
    const at = stageToImage(p, view);
    setDrag({ kind: 'draw', from: at, to: at });
  };

  const onMouseMove = () => {
    if (!drag) return;
    const p = pointer();
    if (p) setDrag({ ...drag, to: stageToImage(p, view) });
  };

  const finish = () => {
    if (drag?.kind === 'draw') {
      const r = rectFromPoints(drag.from, drag.to);
      // A click (or a twitch) is not a box: at least 4 screen pixels each way.
      if (r.w * view.scale >= 4 && r.h * view.scale >= 4) {
        const c = clampToImage(r, size.width, size.height);
        if (c) onCreate(tidy(c));
      }
    }
    setDrag(null);
  };

  useEffect(() => {
    if (!drag) return;
    const up = () => finish();
    window.addEventListener('mouseup', up);
    return () => window.removeEventListener('mouseup', up);
  });

  const onWheel = (e: Konva.KonvaEventObject<WheelEvent>) => {
    e.evt.preventDefault();
    // The view state is behind the stage until the pan ends; a zoom from it would jump back.
    if (panning()) return;
    const p = pointer();
    if (!p) return;
    const factor = Math.exp(-e.evt.deltaY * (e.evt.ctrlKey ? 0.01 : 0.0015));
    setView((v) => zoomAt(v, p, factor));
  };

  const sel = selected !== null ? boxes[selected] : undefined;
  const imgW = size.width || img?.naturalWidth || 0;
  const imgH = size.height || img?.naturalHeight || 0;
  const scene = useMemo(
    () => <SceneShape img={img} width={imgW} height={imgH} boxes={props.boxes} suggestions={props.suggestions} labels={props.labels} selected={props.selected} />,
    [img, imgW, imgH, props.boxes, props.suggestions, props.labels, props.selected],
  );

  const draft = drag?.kind === 'draw' ? rectFromPoints(drag.from, drag.to) : null;
  return (
    <div ref={box} className="bb-stage" onContextMenu={(e) => e.preventDefault()}>
      <Stage
        ref={stage}
        width={stageSize.w}
        height={stageSize.h}
        scaleX={view.scale}
        scaleY={view.scale}
        x={view.x}
        y={view.y}
        onMouseDown={onMouseDown}
        onMouseMove={onMouseMove}
        onMouseUp={finish}
        onWheel={onWheel}
      >
        <Layer name="image" listening={false}>
          {scene}
        </Layer>
        <Layer>
          {sel && (
            <SelectedBox
              box={sel}
              index={selected!}
              labels={props.labels}
              scale={view.scale}
              size={size}
              panHeld={panHeld}
              readOnly={readOnly}
              onChange={props.onChangeBox}
            />
          )}
        </Layer>
        <Layer>
          {draft && (
            <KRect
              x={draft.x}
              y={draft.y}
              width={draft.w}
              height={draft.h}
              stroke={drawColor}
              strokeWidth={1.5}
              dash={[4, 3]}
              strokeScaleEnabled={false}
              listening={false}
            />
          )}
          <Transformer
            ref={tr}
            rotateEnabled={false}
            flipEnabled={false}
            keepRatio={false}
            ignoreStroke
            anchorSize={8}
            borderStroke="#3b5bdb"
            anchorStroke="#3b5bdb"
            boundBoxFunc={(oldBox, newBox) => (Math.abs(newBox.width) < 3 || Math.abs(newBox.height) < 3 ? oldBox : newBox)}
          />
        </Layer>
      </Stage>
    </div>
  );
}
