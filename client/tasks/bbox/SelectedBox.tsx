import type { RefObject } from 'react';
import { Rect as KRect, Text as KText } from 'react-konva';
import type { BboxBox } from '@shared/tasks/registry';
import { labelColor, labelTitle, tint, type LabelView } from '../common/labels';
import { clampToImage, tidy, type Rect } from './geometry';

interface SelectedBoxProps {
  box: BboxBox;
  /** Its index: the transformer finds the node by the id `box-<index>`. */
  index: number;
  labels: readonly LabelView[];
  /** The stage's scale, so the caption keeps its screen size at any zoom. */
  scale: number;
  size: { width: number; height: number };
  panHeld: RefObject<boolean>;
  readOnly?: boolean;
  onChange(i: number, r: Rect): void;
}

/**
 * The one box drawn as a node of its own, above the scene bitmap: it is dragged and resized (with the
 * transformer) in place, and what it ends at is clamped to the image and stored in whole hundredths.
 */
export function SelectedBox({ box: sel, index, labels, scale, size, panHeld, readOnly, onChange }: SelectedBoxProps) {
  const color = labelColor(labels, sel.label);
  return (
    <>
      <KRect
        id={`box-${index}`}
        x={sel.x}
        y={sel.y}
        width={sel.w}
        height={sel.h}
        stroke={color}
        strokeWidth={2.5}
        fill={tint(color, 0.2)}
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
          if (r) onChange(index, tidy(r));
        }}
        onTransformEnd={(e) => {
          const n = e.target;
          const r = { x: n.x(), y: n.y(), w: Math.abs(n.width() * n.scaleX()), h: Math.abs(n.height() * n.scaleY()) };
          n.scaleX(1);
          n.scaleY(1);
          const c = clampToImage(r, size.width, size.height);
          if (c) onChange(index, tidy(c));
        }}
      />
      <KText
        x={sel.x}
        y={sel.y}
        scaleX={1 / scale}
        scaleY={1 / scale}
        text={labelTitle(labels, sel.label)}
        fontSize={12}
        fontStyle="bold"
        padding={3}
        fill={color}
        listening={false}
      />
    </>
  );
}
