import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { Image as KImage, Layer, Rect as KRect, Stage, Text as KText, Transformer } from 'react-konva';
import type Konva from 'konva';
import type { BboxBox } from '@shared/tasks/registry';
import { labelColor, labelTitle, tint, type LabelView } from '../common/labels';
import { clampToImage, fitView, rectFromPoints, stageToImage, tidy, zoomAt, type Point, type Rect, type View } from './geometry';

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

type Drag = { kind: 'pan'; from: Point; view: View } | { kind: 'draw'; from: Point; to: Point };

/** Past this many boxes, only the selected one carries a caption: 1,000 text nodes cost more than they tell. */
const CAPTION_LIMIT = 150;

const BoxesLayer = memo(function BoxesLayer({
  boxes,
  suggestions,
  labels,
  selected,
  readOnly,
  onSelect,
  onChangeBox,
  size,
}: Pick<BboxCanvasProps, 'boxes' | 'suggestions' | 'labels' | 'selected' | 'readOnly' | 'onSelect' | 'onChangeBox' | 'size'>) {
  const captions = boxes.length <= CAPTION_LIMIT;
  return (
    <Layer>
      {suggestions.map((b, i) => (
        <KRect
          key={`s${i}`}
          x={b.x}
          y={b.y}
          width={b.w}
          height={b.h}
          stroke={labelColor(labels, b.label)}
          strokeWidth={1.5}
          dash={[6, 4]}
          strokeScaleEnabled={false}
          perfectDrawEnabled={false}
          listening={false}
        />
      ))}
      {boxes.map((b, i) => {
        const color = labelColor(labels, b.label);
        const isSel = i === selected;
        return (
          <KRect
            key={i}
            id={`box-${i}`}
            x={b.x}
            y={b.y}
            width={b.w}
            height={b.h}
            stroke={color}
            strokeWidth={isSel ? 2.5 : 1.5}
            fill={tint(color, isSel ? 0.18 : 0.08)}
            strokeScaleEnabled={false}
            perfectDrawEnabled={false}
            shadowForStrokeEnabled={false}
            draggable={!readOnly && isSel}
            onMouseDown={(e) => {
              if (e.evt.button !== 0) return;
              e.cancelBubble = true;
              onSelect(i);
            }}
            onDragEnd={(e) => {
              const n = e.target;
              const r = clampToImage({ x: n.x(), y: n.y(), w: b.w, h: b.h }, size.width, size.height);
              if (r) onChangeBox(i, tidy(r));
            }}
            onTransformEnd={(e) => {
              const n = e.target;
              const r = { x: n.x(), y: n.y(), w: Math.abs(n.width() * n.scaleX()), h: Math.abs(n.height() * n.scaleY()) };
              n.scaleX(1);
              n.scaleY(1);
              const c = clampToImage(r, size.width, size.height);
              if (c) onChangeBox(i, tidy(c));
            }}
          />
        );
      })}
      {boxes.map((b, i) =>
        captions || i === selected ? (
          <KText
            key={`t${i}`}
            x={b.x}
            y={b.y}
            text={labelTitle(labels, b.label)}
            fontSize={12}
            padding={2}
            fill="#fff"
            listening={false}
            perfectDrawEnabled={false}
            // A caption keeps its screen size at any zoom: undo the stage scale on the node.
            name="caption"
          />
        ) : null,
      )}
    </Layer>
  );
});

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

  // Captions keep a readable size at any zoom.
  useEffect(() => {
    stage.current?.find('.caption').forEach((n) => n.scale({ x: 1 / view.scale, y: 1 / view.scale }));
    stage.current?.batchDraw();
  }, [view.scale, boxes, selected]);

  useEffect(() => {
    const t = tr.current;
    if (!t) return;
    const node = selected !== null && !readOnly ? stage.current?.findOne(`#box-${selected}`) : undefined;
    t.nodes(node ? [node] : []);
    t.getLayer()?.batchDraw();
  }, [selected, boxes, readOnly]);

  const pointer = (): Point | null => stage.current?.getPointerPosition() ?? null;

  const onMouseDown = (e: Konva.KonvaEventObject<MouseEvent>) => {
    const p = pointer();
    if (!p) return;
    if (e.evt.button === 1 || (e.evt.button === 0 && panHeld.current)) {
      e.evt.preventDefault();
      setDrag({ kind: 'pan', from: p, view });
      return;
    }
    if (e.evt.button !== 0) return;
    // The image layer does not listen, so a press on the image reaches the stage itself; boxes and the
    // transformer handle their own presses.
    const onEmpty = e.target === e.target.getStage();
    if (!onEmpty) return;
    onSelect(null);
    if (readOnly) return;
    const at = stageToImage(p, view);
    setDrag({ kind: 'draw', from: at, to: at });
  };

  const onMouseMove = () => {
    if (!drag) return;
    const p = pointer();
    if (!p) return;
    if (drag.kind === 'pan') setView({ ...drag.view, x: drag.view.x + p.x - drag.from.x, y: drag.view.y + p.y - drag.from.y });
    else setDrag({ ...drag, to: stageToImage(p, view) });
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
    const p = pointer();
    if (!p) return;
    const factor = Math.exp(-e.evt.deltaY * (e.evt.ctrlKey ? 0.01 : 0.0015));
    setView((v) => zoomAt(v, p, factor));
  };

  const boxesLayer = useMemo(
    () => (
      <BoxesLayer
        boxes={props.boxes}
        suggestions={props.suggestions}
        labels={props.labels}
        selected={props.selected}
        readOnly={props.readOnly}
        onSelect={props.onSelect}
        onChangeBox={props.onChangeBox}
        size={props.size}
      />
    ),
    [props.boxes, props.suggestions, props.labels, props.selected, props.readOnly, props.onSelect, props.onChangeBox, props.size],
  );

  const draft = drag?.kind === 'draw' ? rectFromPoints(drag.from, drag.to) : null;
  return (
    <div ref={box} className={`bb-stage${drag?.kind === 'pan' ? ' is-panning' : ''}`} onContextMenu={(e) => e.preventDefault()}>
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
          {img && <KImage image={img} width={size.width || img.naturalWidth} height={size.height || img.naturalHeight} perfectDrawEnabled={false} />}
        </Layer>
        {boxesLayer}
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
