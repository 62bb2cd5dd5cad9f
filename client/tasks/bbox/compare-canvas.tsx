import { useEffect, useState } from 'react';
import { Group, Image as KImage, Layer, Line, Rect, Stage, Text } from 'react-konva';
import type { BboxAnswer } from '@shared/tasks/registry';
import { answerScale, fitScale, hasBox, linkGeometry, scaleBox, toStage } from './compare-bbox';
import type { Matching } from '../compare-common/matching';
import type { Side } from '../compare-common/types';

export interface CompareCanvasProps {
  src: string;
  a: BboxAnswer;
  b: BboxAnswer;
  final: BboxAnswer;
  matching: Matching;
  colors: [string, string];
  maxWidth?: number;
  maxHeight?: number;
  onBoxClick(side: Side, index: number): void;
}

function useImage(src: string): HTMLImageElement | null {
  const [img, setImg] = useState<HTMLImageElement | null>(null);
  useEffect(() => {
    const el = new window.Image();
    el.onload = () => setImg(el);
    el.src = src;
    return () => {
      el.onload = null;
    };
  }, [src]);
  return img;
}

/**
 * Both box sets over the image: Labeler 1 solid, Labeler 2 dashed, in their colours; matched pairs linked
 * centre to centre with their IoU; unmatched boxes drawn thicker and filled so they stand out; boxes in
 * the final get a white halo. Everything but the image is drawn on one layer (few shapes: no caching).
 */
export default function CompareCanvas({ src, a, b, final, matching, colors, maxWidth = 760, maxHeight = 560, onBoxClick }: CompareCanvasProps) {
  const img = useImage(src);
  const naturalW = img?.naturalWidth || a.width || b.width || 640;
  const naturalH = img?.naturalHeight || a.height || b.height || 480;
  const scale = fitScale(naturalW, naturalH, maxWidth, maxHeight);
  const versions = [a, b] as const;
  const unmatched = [new Set(matching.onlyA), new Set(matching.onlyB)];
  const sideScale = [answerScale(a, naturalW) * scale, answerScale(b, naturalW) * scale];

  return (
    <Stage width={Math.round(naturalW * scale)} height={Math.round(naturalH * scale)} className="cmp-bbox-stage">
      <Layer listening={false}>{img && <KImage image={img} width={naturalW * scale} height={naturalH * scale} />}</Layer>
      <Layer>
        {([0, 1] as Side[]).map((side) =>
          versions[side].boxes.map((box, k) => {
            const r = toStage(box, sideScale[side]);
            const lonely = unmatched[side].has(k);
            const taken = hasBox(final, box);
            return (
              <Group key={`${side}:${k}`} onClick={() => onBoxClick(side, k)} onTap={() => onBoxClick(side, k)}>
                {taken && <Rect {...r} stroke="#fff" strokeWidth={lonely ? 7 : 5} listening={false} />}
                <Rect
                  {...r}
                  stroke={colors[side]}
                  strokeWidth={lonely ? 3 : 2}
                  dash={side === 1 ? [8, 4] : undefined}
                  fill={lonely ? `${colors[side]}33` : 'rgba(0,0,0,0.001)'}
                />
                <Text x={r.x + 2} y={r.y + (side === 0 ? 2 : r.height - 14)} text={`${side + 1}·${box.label}`} fontSize={12} fill={colors[side]} listening={false} />
              </Group>
            );
          }),
        )}
        {matching.pairs.map((p) => {
          const g = linkGeometry(scaleBox(a.boxes[p.i], answerScale(a, naturalW)), scaleBox(b.boxes[p.j], answerScale(b, naturalW)), scale);
          return (
            <Group key={`pair:${p.i}:${p.j}`} listening={false}>
              <Line points={g.points} stroke="#212529" strokeWidth={1} dash={[3, 3]} />
              <Text x={g.label.x + 3} y={g.label.y - 14} text={`IoU ${p.iou.toFixed(2)}`} fontSize={11} fill="#212529" />
            </Group>
          );
        })}
      </Layer>
    </Stage>
  );
}
