import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { Layer, Rect as KRect, Shape, Stage, Text as KText, Transformer } from 'react-konva';
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

type Drag = { kind: 'draw'; from: Point; to: Point };

/** Past this many boxes only the selected one carries a caption: a thousand captions hide the image. */
const CAPTION_LIMIT = 150;

/** Screen-pixel rectangle of the boxes bitmap, in stage units at the current scale (image point × scale). */
interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
}
interface BoxesBitmap {
  canvas: HTMLCanvasElement;
  region: Region;
  scale: number;
  pixelRatio: number;
  paint: (ctx: CanvasRenderingContext2D, scale: number, within: Rect) => void;
}

/**
 * The image and every box but the selected one, drawn by one shape: one path per label colour instead of
 * a thousand nodes. It does not listen; the stage finds the box under the pointer in image coordinates
 * instead (see `boxAt`). Image and paths are painted once into a bitmap at the current zoom, covering the
 * view and a margin around it, and each frame copies that bitmap pixel for pixel: without a GPU, scaling
 * the image and filling and stroking a thousand rectangles cost more than a frame, and a pan changes
 * nothing but where the bitmap lands.
 */
const SceneShape = memo(function SceneShape({
  img,
  width,
  height,
  boxes,
  suggestions,
  labels,
  selected,
}: Pick<BboxCanvasProps, 'boxes' | 'suggestions' | 'labels' | 'selected'> & { img: HTMLImageElement | null; width: number; height: number }) {
  const bitmap = useRef<BoxesBitmap | null>(null);
  const { byColor, bounds } = useMemo(() => {
    const m = new Map<string, number[]>();
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    const grow = (b: BboxBox) => {
      x0 = Math.min(x0, b.x);
      y0 = Math.min(y0, b.y);
      x1 = Math.max(x1, b.x + b.w);
      y1 = Math.max(y1, b.y + b.h);
    };
    boxes.forEach((b, i) => {
      if (i === selected) return;
      grow(b);
      const c = labelColor(labels, b.label);
      const list = m.get(c) ?? [];
      list.push(i);
      m.set(c, list);
    });
    suggestions.forEach(grow);
    if (img) grow({ x: 0, y: 0, w: width, h: height, label: '' });
    return { byColor: m, bounds: x0 <= x1 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null };
  }, [boxes, suggestions, labels, selected, img, width, height]);
  const captions = boxes.length <= CAPTION_LIMIT;

  // A new paint function (new boxes, labels or selection) is what invalidates the bitmap.
  const paint = useMemo(() => {
    const off = (b: BboxBox, r: Rect) => b.x > r.x + r.w || b.y > r.y + r.h || b.x + b.w < r.x || b.y + b.h < r.y;
    return (ctx: CanvasRenderingContext2D, scale: number, within: Rect) => {
      if (img) ctx.drawImage(img, 0, 0, width, height);
      ctx.lineWidth = 1.5 / scale;
      ctx.setLineDash([6 / scale, 4 / scale]);
      for (const b of suggestions) {
        if (off(b, within)) continue;
        ctx.strokeStyle = labelColor(labels, b.label);
        ctx.strokeRect(b.x, b.y, b.w, b.h);
      }
      ctx.setLineDash([]);
      for (const [color, idx] of byColor) {
        ctx.beginPath();
        for (const i of idx) if (!off(boxes[i], within)) ctx.rect(boxes[i].x, boxes[i].y, boxes[i].w, boxes[i].h);
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
          for (const i of idx) if (!off(boxes[i], within)) ctx.fillText(labelTitle(labels, boxes[i].label), boxes[i].x + 3 / scale, boxes[i].y + 3 / scale);
        }
      }
    };
  }, [img, width, height, boxes, suggestions, labels, byColor, captions]);

  return (
    <Shape
      listening={false}
      perfectDrawEnabled={false}
      shadowForStrokeEnabled={false}
      sceneFunc={(kctx, shape) => {
        const stage = shape.getStage();
        if (!bounds || !stage) return;
        const ctx = kctx._context;
        const scale = shape.getAbsoluteScale().x || 1;
        const pixelRatio = kctx.canvas.getPixelRatio();
        const { x: sx, y: sy } = shape.getAbsolutePosition();
        // Stroke and captions reach a little past a box's rectangle.
        const pad = 4;
        const content = { x: bounds.x * scale - pad, y: bounds.y * scale - pad, w: bounds.w * scale + 2 * pad, h: bounds.h * scale + (captions ? 20 : 2 * pad) };
        const view = { x: -sx, y: -sy, w: stage.width(), h: stage.height() };
        const visible = intersect(view, content);
        if (!visible) return;
        let bm = bitmap.current;
        if (!bm || bm.paint !== paint || bm.scale !== scale || bm.pixelRatio !== pixelRatio || !contains(bm.region, visible)) {
          // Half a view each way: a pan that stays within it repaints nothing. At a high pixel ratio the
          // margin shrinks so the bitmap stays a few megapixels.
          const m = 0.5 / Math.max(1, pixelRatio);
          const around = { x: view.x - view.w * m, y: view.y - view.h * m, w: view.w * (1 + 2 * m), h: view.h * (1 + 2 * m) };
          const r = intersect(around, content)!;
          const region = { x: Math.floor(r.x), y: Math.floor(r.y), w: 0, h: 0 };
          region.w = Math.ceil(r.x + r.w) - region.x;
          region.h = Math.ceil(r.y + r.h) - region.y;
          const canvas = bm?.canvas ?? document.createElement('canvas');
          canvas.width = Math.ceil(region.w * pixelRatio);
          canvas.height = Math.ceil(region.h * pixelRatio);
          const octx = canvas.getContext('2d');
          if (!octx) return;
          octx.setTransform(pixelRatio * scale, 0, 0, pixelRatio * scale, -region.x * pixelRatio, -region.y * pixelRatio);
          paint(octx, scale, { x: region.x / scale - pad, y: region.y / scale - pad, w: region.w / scale + 2 * pad, h: region.h / scale + 2 * pad });
          bm = bitmap.current = { canvas, region, scale, pixelRatio, paint };
        }
        // Whole device pixels: a fractional offset would resample the bitmap and blur every edge.
        const dx = Math.round((bm.region.x + sx) * pixelRatio) / pixelRatio - sx;
        const dy = Math.round((bm.region.y + sy) * pixelRatio) / pixelRatio - sy;
        ctx.drawImage(bm.canvas, dx / scale, dy / scale, bm.region.w / scale, bm.region.h / scale);
      }}
    />
  );
});

function intersect(a: Region, b: Region): Region | null {
  const x = Math.max(a.x, b.x), y = Math.max(a.y, b.y);
  const w = Math.min(a.x + a.w, b.x + b.w) - x, h = Math.min(a.y + a.h, b.y + b.h) - y;
  return w > 0 && h > 0 ? { x, y, w, h } : null;
}

const contains = (outer: Region, inner: Region) =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;

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
  /** Ends the pan under way, if any (on unmount too). */
  const endPan = useRef<(() => void) | null>(null);
  useEffect(() => () => endPan.current?.(), []);

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

  /**
   * A pan moves the stage and redraws it at most once an animation frame, outside React (the view state
   * catches up when the button is released). The stage stops listening meanwhile: Konva would otherwise
   * redraw its hit canvases and read a pixel back from each on every mouse move, for hover events nobody
   * needs mid-pan.
   */
  const startPan = (down: MouseEvent) => {
    const st = stage.current;
    const el = box.current;
    if (!st || !el || endPan.current) return;
    const from = { x: down.clientX, y: down.clientY };
    const start = { x: st.x(), y: st.y() };
    let at = from;
    let frame = 0;
    const apply = () => {
      frame = 0;
      st.position({ x: start.x + at.x - from.x, y: start.y + at.y - from.y });
      st.draw();
    };
    const move = (e: MouseEvent) => {
      at = { x: e.clientX, y: e.clientY };
      if (!frame) frame = requestAnimationFrame(apply);
    };
    const stop = () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      cancelAnimationFrame(frame);
      el.classList.remove('is-panning');
      st.listening(true);
      endPan.current = null;
    };
    const up = () => {
      stop();
      apply();
      const { x, y } = st.position();
      setView((v) => ({ ...v, x, y }));
    };
    st.listening(false);
    el.classList.add('is-panning');
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
    endPan.current = stop;
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
    if (endPan.current) return;
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
