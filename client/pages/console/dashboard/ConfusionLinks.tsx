import { Link } from 'wouter';
import type { ConfusionDto } from '@shared/api/dashboard';
import { projectPaths } from '../../../paths';

/** Where a confusion cell's rows are listed: the Rows tab filtered to the cell (and to the dashboard's dates). */
export function cellRowsHref(projectId: number, questionId: string, label1: string, label2: string, range: { from: string; to: string } | null): string {
  const q = new URLSearchParams({ question: questionId, label1, label2, ...(range ? { pairedFrom: range.from, pairedTo: range.to } : {}) });
  return `${projectPaths.console(projectId)}/rows?${q}`;
}

/**
 * The confusion matrix as a table of links, for keyboards and screen readers (the chart is a canvas):
 * each count opens the rows behind it.
 */
export function ConfusionLinks({ projectId, data, range }: { projectId: number; data: ConfusionDto; range: { from: string; to: string } | null }) {
  return (
    <details className="dash-confusion-table">
      <summary>The matrix as a table</summary>
      <div className="table-wrap">
        <table className="table table-compact" aria-label={`Confusion matrix of ${data.questionId} as a table`}>
          <thead>
            <tr>
              <th scope="col"><span className="sr-only">labeler 1 ↓, labeler 2 →</span></th>
              {data.labels.map((b) => <th key={b} scope="col" className="num">{b}</th>)}
            </tr>
          </thead>
          <tbody>
            {data.labels.map((a, i) => (
              <tr key={a}>
                <th scope="row">{a}</th>
                {data.labels.map((b, j) => (
                  <td key={b} className="num">
                    {data.matrix[i][j] === 0 ? '0' : (
                      <Link href={cellRowsHref(projectId, data.questionId, a, b, range)} aria-label={`${data.matrix[i][j]} rows: labeler 1 ${a}, labeler 2 ${b}`}>
                        {data.matrix[i][j].toLocaleString()}
                      </Link>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
