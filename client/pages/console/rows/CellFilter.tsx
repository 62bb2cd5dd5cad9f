import type { RowFilters } from '../../../api/console';

/** The confusion cell a lead came from on the dashboard, as the rows listing filters by it. */
export type CellFilter = Pick<RowFilters, 'question' | 'label1' | 'label2' | 'pairedFrom' | 'pairedTo'>;
const KEYS = ['question', 'label1', 'label2', 'pairedFrom', 'pairedTo'] as const;

/** The cell in the page's address (the dashboard links here with it), or nothing. */
export function cellFilterOf(search: string): CellFilter {
  const p = new URLSearchParams(search);
  if (!p.get('question') || p.get('label1') === null || p.get('label2') === null) return {};
  return Object.fromEntries(KEYS.flatMap((k) => (p.get(k) === null ? [] : [[k, p.get(k)!]])));
}

/** Says which cell's rows the list holds, with a button that shows every row again. */
export function CellFilterNote({ value, onClear }: { value: CellFilter; onClear(): void }) {
  if (!value.question) return null;
  return (
    <p className="notice rows-cell-filter" role="status">
      Rows where labeler 1 answered “{value.label1}” and labeler 2 “{value.label2}” on <code>{value.question}</code>
      {value.pairedFrom && ` (second label from ${value.pairedFrom} to ${value.pairedTo})`}, from the dashboard’s confusion matrix.{' '}
      <button type="button" className="btn btn-sm btn-ghost" onClick={onClear}>Show all rows</button>
    </p>
  );
}
