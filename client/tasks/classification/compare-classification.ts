import type { ClassificationAnswer, ClassificationConfig } from '@shared/tasks/registry';

export type LabelStatus = 'agree' | 'conflict';

/** A chosen label is agreed when the other labeler chose it too; otherwise it is the difference. */
export function labelStatus(own: ClassificationAnswer, other: ClassificationAnswer, value: string): LabelStatus {
  return own.labels.includes(value) && other.labels.includes(value) ? 'agree' : 'conflict';
}

/**
 * Takes one label into the final. Single choice: the label replaces the final's. Multiple: toggles it,
 * keeping config order so the same set always reads the same way.
 */
export function takeLabel(final: ClassificationAnswer, value: string, config: ClassificationConfig): ClassificationAnswer {
  if (!config.multiple) return { labels: [value] };
  const has = final.labels.includes(value);
  const next = has ? final.labels.filter((l) => l !== value) : [...final.labels, value];
  const order = config.labels.map((l) => l.value);
  return { labels: next.sort((x, y) => order.indexOf(x) - order.indexOf(y)) };
}
