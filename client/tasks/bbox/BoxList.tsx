import type { BboxBox } from '@shared/tasks/registry';
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
  if (boxes.length === 0) return <p className="tk-muted">No boxes yet: drag on the image to draw one.</p>;
  return (
    <ul className="tk-list bb-list" aria-label="Boxes">
      {boxes.map((b, i) => (
        <li
          key={i}
          className={`tk-list-item bb-item${selected === i ? ' is-selected' : ''}`}
          aria-selected={selected === i}
          onClick={() => onSelect(i)}
        >
          <span className="bb-swatch" style={{ background: labelColor(labels, b.label) }} aria-hidden="true" />
          <span className="bb-label">{labelTitle(labels, b.label)}</span>
          <span className="bb-geom tk-muted">
            {fmt(b.x)},{fmt(b.y)} · {fmt(b.w)}×{fmt(b.h)}
          </span>
          {!readOnly && (
            <button
              type="button"
              className="tk-btn is-danger bb-del"
              aria-label={`Delete box ${i + 1} (${labelTitle(labels, b.label)})`}
              onClick={(e) => {
                e.stopPropagation();
                onDelete(i);
              }}
            >
              ×
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
