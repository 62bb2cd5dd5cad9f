import type { CSSProperties } from 'react';
import { labelColor, labelTitle, type LabelView } from '../common/labels';

/** A label's tag, in its colour, as the hint and the suggestion list show it. */
export function Mark({ label, views }: { label: string; views: readonly LabelView[] }) {
  const color = labelColor(views, label);
  return (
    <span className="ner-tag" style={{ ['--span' as string]: color } as CSSProperties}>
      {labelTitle(views, label)}
    </span>
  );
}
