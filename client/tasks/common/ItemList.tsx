import type { CSSProperties, ReactNode } from 'react';

/**
 * The items an editor holds (segments, boxes) as a list: a click on a row selects it, and × deletes it
 * unless the editor is read-only. The row's own controls come from `children`.
 */
export function ItemList<T>({
  items,
  ordered,
  className,
  name,
  empty,
  selected,
  onSelect,
  onDelete,
  deleteLabel,
  deleteClass = '',
  itemClass,
  itemStyle,
  readOnly,
  children,
}: {
  items: readonly T[];
  /** An <ol> where the order means something (time order). */
  ordered?: boolean;
  className: string;
  /** Accessible name of the list. */
  name: string;
  /** Said instead of the list while it is empty. */
  empty: string;
  selected: number | null;
  onSelect(i: number): void;
  onDelete(i: number): void;
  deleteLabel(item: T, i: number): string;
  deleteClass?: string;
  itemClass: string;
  itemStyle?(item: T): CSSProperties;
  readOnly?: boolean;
  children(item: T, i: number): ReactNode;
}) {
  if (items.length === 0) return <p className="tk-muted">{empty}</p>;
  const List = ordered ? 'ol' : 'ul';
  return (
    <List className={`tk-list ${className}`} aria-label={name}>
      {items.map((item, i) => (
        <li
          key={i}
          className={`tk-list-item ${itemClass}${selected === i ? ' is-selected' : ''}`}
          style={itemStyle?.(item)}
          aria-selected={selected === i}
          onClick={() => onSelect(i)}
        >
          {children(item, i)}
          {!readOnly && (
            <button
              type="button"
              className={`tk-btn is-danger ${deleteClass}`.trim()}
              aria-label={deleteLabel(item, i)}
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
    </List>
  );
}
