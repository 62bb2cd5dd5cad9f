import { memo, useMemo, useRef } from 'react';
import { Shape } from 'react-konva';
import type { BboxBox } from '@shared/tasks/registry';
import { labelColor, labelTitle, tint, type LabelView } from '../common/labels';
import type { Rect } from './geometry';
import { contains, groupBoxes, intersect, onDevicePixel, paintRegion, type Region } from './sceneBitmap';

/** Past this many boxes only the selected one carries a caption: a thousand captions hide the image. */
const CAPTION_LIMIT = 150;

interface BoxesBitmap {
  canvas: HTMLCanvasElement;
  region: Region;
  scale: number;
  pixelRatio: number;
  paint: (ctx: CanvasRenderingContext2D, scale: number, within: Rect) => void;
}

interface SceneShapeProps {
  img: HTMLImageElement | null;
  width: number;
  height: number;
  boxes: readonly BboxBox[];
  suggestions: readonly BboxBox[];
  labels: readonly LabelView[];
  selected: number | null;
}

/**
 * The image and every box but the selected one, drawn by one shape: one path per label colour instead of
 * a thousand nodes. It does not listen; the stage finds the box under the pointer in image coordinates
 * instead (see `boxAt`). Image and paths are painted once into a bitmap at the current zoom, covering the
 * view and a margin around it, and each frame copies that bitmap pixel for pixel: without a GPU, scaling
 * the image and filling and stroking a thousand rectangles cost more than a frame, and a pan changes
 * nothing but where the bitmap lands.
 */
export const SceneShape = memo(function SceneShape({ img, width, height, boxes, suggestions, labels, selected }: SceneShapeProps) {
  const bitmap = useRef<BoxesBitmap | null>(null);
  const { byColor, bounds } = useMemo(
    () => groupBoxes(boxes, suggestions, selected, (l) => labelColor(labels, l), img ? { width, height } : null),
    [boxes, suggestions, labels, selected, img, width, height],
  );
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
          const region = paintRegion(view, content, pixelRatio)!;
          const canvas = bm?.canvas ?? document.createElement('canvas');
          canvas.width = Math.ceil(region.w * pixelRatio);
          canvas.height = Math.ceil(region.h * pixelRatio);
          const octx = canvas.getContext('2d');
          if (!octx) return;
          octx.setTransform(pixelRatio * scale, 0, 0, pixelRatio * scale, -region.x * pixelRatio, -region.y * pixelRatio);
          paint(octx, scale, { x: region.x / scale - pad, y: region.y / scale - pad, w: region.w / scale + 2 * pad, h: region.h / scale + 2 * pad });
          bm = bitmap.current = { canvas, region, scale, pixelRatio, paint };
        }
        const dx = onDevicePixel(bm.region.x, sx, pixelRatio);
        const dy = onDevicePixel(bm.region.y, sy, pixelRatio);
        ctx.drawImage(bm.canvas, dx / scale, dy / scale, bm.region.w / scale, bm.region.h / scale);
      }}
    />
  );
});
