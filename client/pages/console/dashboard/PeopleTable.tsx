import { useState } from 'react';
import type { PersonStatsDto } from '@shared/api/dashboard';
import { fixed, pct } from '../format';

type Key = 'name' | 'labels' | 'activeHours' | 'agreementWithFinal' | 'keptByQa' | 'resolved' | 'qa' | 'sentBack' | 'escalated';
/** Each column: its heading, what it holds for a screen reader's ear, and how a value reads. */
const COLUMNS: Array<{ key: Key; title: string; hint: string; show: (p: PersonStatsDto) => string }> = [
  { key: 'name', title: 'Person', hint: '', show: (p) => p.name },
  { key: 'labels', title: 'Labels', hint: 'labels submitted', show: (p) => p.labels.toLocaleString() },
  { key: 'activeHours', title: 'Active hours', hint: 'hours of active work, labeling and QA', show: (p) => fixed(p.activeHours, 2) },
  { key: 'agreementWithFinal', title: 'Agrees with final', hint: 'share of their labels on final rows equal to the final', show: (p) => pct(p.agreementWithFinal) },
  { key: 'keptByQa', title: 'Kept by QA', hint: 'share of the questions QA decided where it kept their answer', show: (p) => pct(p.keptByQa) },
  { key: 'resolved', title: 'QA resolved', hint: 'rows decided as reviewer: accepted, sent back or escalated', show: (p) => p.resolved.toLocaleString() },
  { key: 'qa', title: 'Accepted', hint: 'rows accepted as reviewer', show: (p) => p.qa.toLocaleString() },
  { key: 'sentBack', title: 'Sent back', hint: 'rows sent back for a new round', show: (p) => p.sentBack.toLocaleString() },
  { key: 'escalated', title: 'Escalated', hint: 'rows escalated to the leads', show: (p) => p.escalated.toLocaleString() },
];

/** Names in order; numbers largest first on the first click; figures nobody has yet (n/a) always last. */
function compare(key: Key, dir: 'asc' | 'desc') {
  return (a: PersonStatsDto, b: PersonStatsDto) => {
    if (key === 'name') return (dir === 'asc' ? 1 : -1) * a.name.localeCompare(b.name);
    const x = a[key];
    const y = b[key];
    if (x === null || y === null) return x === y ? a.name.localeCompare(b.name) : x === null ? 1 : -1;
    return (dir === 'asc' ? x - y : y - x) || a.name.localeCompare(b.name);
  };
}

/**
 * Every person's numbers beside the charts, as a table a screen reader reads cell by cell: each column
 * sorts from its heading's button (aria-sort says how), the caption says what the rows cover.
 */
export function PeopleTable({ people, caption }: { people: PersonStatsDto[]; caption: string }) {
  const [sort, setSort] = useState<{ key: Key; dir: 'asc' | 'desc' }>({ key: 'labels', dir: 'desc' });
  const rows = [...people].sort(compare(sort.key, sort.dir));
  return (
    <div className="table-wrap">
      <table className="table table-compact dash-people" aria-label="People">
        <caption className="muted">{caption}</caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => {
              const on = sort.key === c.key;
              const first = c.key === 'name' ? 'asc' : 'desc';
              const next = on ? (sort.dir === 'asc' ? 'desc' : 'asc') : first;
              return (
                <th key={c.key} scope="col" className={c.key === 'name' ? undefined : 'num'} aria-sort={on ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                  <button type="button" className={on ? 'dash-sort on' : 'dash-sort'} title={c.hint || undefined} onClick={() => setSort({ key: c.key, dir: next })}>
                    {c.title}
                    <span aria-hidden="true">{on ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                    {c.hint && <span className="sr-only">, {c.hint}</span>}
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.userId}>
              <th scope="row">{p.name}</th>
              {COLUMNS.slice(1).map((c) => <td key={c.key} className="num">{c.show(p)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
