import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { Image as KImage, Layer, Rect as KRect, Shape, Stage, Text as KText, Transformer } from 'react-konva';
import type Konva from 'konva';
import type { BboxBox } from '@shared/tasks/registry';
import { labelColor, labelTitle, tint, type LabelView } from '../common/labels';
import { boxAt, clampToImage, fitView, rectFromPoints, stageToImage, tidy, zoomAt, type Point, type Rect, type View } from './geometry';

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

/** Past this many boxes only the selected one carries a caption: a thousand captions hide the image. */
const CAPTION_LIMIT = 150;

/**
 * Every box but the selected one, drawn by one shape: one path per label colour instead of a thousand
 * nodes, so a pan or zoom redraws in a couple of milliseconds. It does not listen; the stage finds the
 * box under the pointer in image coordinates instead (see `boxAt`).
 */
const BoxesShape = memo(function BoxesShape({
  boxes,
  suggestions,
  labels,
  selected,
}: Pick<BboxCanvasProps, 'boxes' | 'suggestions' | 'labels' | 'selected'>) {
  const byColor = useMemo(() => {
    const m = new Map<string, number[]>();
    boxes.forEach((b, i) => {
      if (i === selected) return;
      const c = labelColor(labels, b.label);
      const list = m.get(c) ?? [];
      list.push(i);
      m.set(c, list);
    });
    return m;
  }, [boxes, labels, selected]);
  const captions = boxes.length <= CAPTION_LIMIT;
  return (
    <Shape
      listening={false}
      perfectDrawEnabled={false}
      sceneFunc={(kctx, shape) => {
        const ctx = kctx._context;
        const scale = shape.getAbsoluteScale().x || 1;
        ctx.lineWidth = 1.5 / scale;
        ctx.setLineDash([6 / scale, 4 / scale]);
        for (const b of suggestions) {
          ctx.strokeStyle = labelColor(labels, b.label);
          ctx.strokeRect(b.x, b.y, b.w, b.h);
        }
        ctx.setLineDash([]);
        for (const [color, idx] of byColor) {
          ctx.beginPath();
          for (const i of idx) ctx.rect(boxes[i].x, boxes[i].y, boxes[i].w, boxes[i].h);
          ctx.fillStyle = tint(color, 0.08);
          ctx.fill();
          ctx.strokeStyle = color;
          ctx.stroke();
        }
        if (captions) {
          ctx.font = `bold ${12 / scale}px system-ui, sans-serif`;
          ctx.textBaseline = 'top';
          for (const [color, idx] of byColor) {
            ctx.fillStyle = color;
            for (const i of idx) ctx.fillText(labelTitle(labels, boxes[i].label), boxes[i].x + 3 / scale, boxes[i].y + 3 / scale);
          }
        }
      }}
    />
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
  const livePan = useRef<View | null>(null);

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
      setDrag({ kind: 'pan', from: p, view });
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
    if (!p) return;
    if (drag.kind === 'pan') {
      // Panning moves the stage directly and renders once at the end: no React work per frame.
      const next = { ...drag.view, x: drag.view.x + p.x - drag.from.x, y: drag.view.y + p.y - drag.from.y };
      livePan.current = next;
      stage.current?.position({ x: next.x, y: next.y });
      stage.current?.batchDraw();
    } else setDrag({ ...drag, to: stageToImage(p, view) });
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
    if (drag?.kind === 'pan' && livePan.current) setView(livePan.current);
    livePan.current = null;
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

  const sel = selected !== null ? boxes[selected] : undefined;
  const boxesShape = useMemo(
    () => <BoxesShape boxes={props.boxes} suggestions={props.suggestions} labels={props.labels} selected={props.selected} />,
    [props.boxes, props.suggestions, props.labels, props.selected],
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
        <Layer>
          {boxesShape}
          {sel && (
            <>
              <KRect
                id={`box-${selected}`}
                x={sel.x}
                y={sel.y}
                width={sel.w}
                height={sel.h}
                stroke={labelColor(props.labels, sel.label)}
                strokeWidth={2.5}
                fill={tint(labelColor(props.labels, sel.label), 0.2)}
                strokeScaleEnabled={false}
                perfectDrawEnabled={false}
                shadowForStrokeEnabled={false}
                draggable={!readOnly}
                onMouseDown={(e) => {
                  if (e.evt.button === 0 && !panHeld.current) e.cancelBubble = true;
                }}
                onDragEnd={(e) => {
                  const n = e.target;
                  const r = clampToImage({ x: n.x(), y: n.y(), w: sel.w, h: sel.h }, size.width, size.height);
                  if (r) props.onChangeBox(selected!, tidy(r));
                }}
                onTransformEnd={(e) => {
                  const n = e.target;
                  const r = { x: n.x(), y: n.y(), w: Math.abs(n.width() * n.scaleX()), h: Math.abs(n.height() * n.scaleY()) };
                  n.scaleX(1);
                  n.scaleY(1);
                  const c = clampToImage(r, size.width, size.height);
                  if (c) props.onChangeBox(selected!, tidy(c));
                }}
              />
              <KText
                x={sel.x}
                y={sel.y}
                scaleX={1 / view.scale}
                scaleY={1 / view.scale}
                text={labelTitle(props.labels, sel.label)}
                fontSize={12}
                fontStyle="bold"
                padding={3}
                fill={labelColor(props.labels, sel.label)}
                listening={false}
              />
            </>
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
