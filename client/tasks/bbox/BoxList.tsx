import type { BboxBox } from '@shared/tasks/registry';
import { ItemList } from '../common/ItemList';
import { labelColor, labelTitle, type LabelView } from '../common/labels';

const fmt = (n: number) => String(Math.round(n));

/** The boxes beside the canvas: click selects; the numbers are image pixels. */
export function BoxList({
  boxes,
  labels,
  selected,
  onSelect,
  onDelete,
  readOnly,
}: {
  boxes: readonly BboxBox[];
  labels: readonly LabelView[];
  selected: number | null;
  onSelect(i: number): void;
  onDelete(i: number): void;
  readOnly?: boolean;
}) {
  return (
    <ItemList
      items={boxes}
      className="bb-list"
      name="Boxes"
      empty="No boxes yet: drag on the image to draw one."
      selected={selected}
      onSelect={onSelect}
      onDelete={onDelete}
      deleteLabel={(b, i) => `Delete box ${i + 1} (${labelTitle(labels, b.label)})`}
      deleteClass="bb-del"
      itemClass="bb-item"
      readOnly={readOnly}
    >
      {(b) => (
        <>
          <span className="bb-swatch" style={{ background: labelColor(labels, b.label) }} aria-hidden="true" />
          <span className="bb-label">{labelTitle(labels, b.label)}</span>
          <span className="bb-geom tk-muted">
            {fmt(b.x)},{fmt(b.y)} · {fmt(b.w)}×{fmt(b.h)}
          </span>
        </>
      )}
    </ItemList>
  );
}
