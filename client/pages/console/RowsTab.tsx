import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useLocation, useSearch } from 'wouter';
import type { MemberDto, ProjectDto } from '@shared/api/projects';
import { messageOf } from '../../api/client';
import { consoleApi, type RowFilters, type RowListItem } from '../../api/console';
import { membersApi } from '../../api/endpoints';
import { Badge } from '../../components/Badges';
import { InlineError } from '../../components/Form';
import { RowDetail } from './rows/RowDetail';
import { RowsToolbar, type RowsFilter } from './rows/RowsToolbar';
import { CellFilterNote, cellFilterOf } from './rows/CellFilter';
import { STATE_TONE, WAITING, age, coverageText } from './rows/format';
import './rows/rows.css';

export { STATE_TONE } from './rows/format';

const PAGE = 100;
const ROW_H = 52;

type Sort = NonNullable<RowFilters['sort']>;
/** Each sortable column, and the direction its first click sorts in. */
const COLUMNS: { key: Sort; title: string; first: 'asc' | 'desc' }[] = [
  { key: 'age', title: 'Age', first: 'asc' },
  { key: 'state', title: 'State', first: 'asc' },
  { key: 'priority', title: 'Priority', first: 'desc' },
];

function SortHeader({ col, sort, dir, onSort }: { col: (typeof COLUMNS)[number]; sort: Sort; dir: 'asc' | 'desc'; onSort(s: Sort, d: 'asc' | 'desc'): void }) {
  const on = sort === col.key;
  const next = on ? (dir === 'asc' ? 'desc' : 'asc') : col.first;
  return (
    <span role="columnheader" aria-sort={on ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className={on ? 'rows-sort on' : 'rows-sort'} onClick={() => onSort(col.key, next)}
        title={`Sort by ${col.title.toLowerCase()}, ${next === 'asc' ? 'ascending' : 'descending'}`}>
        {col.title}{on ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </button>
    </span>
  );
}

function People({ r }: { r: RowListItem }) {
  const labelers = r.people.filter((p) => p.kind === 'label');
  if (!labelers.length) return <span className="muted">—</span>;
  return (
    <span className="rows-people">
      {labelers.map((p) => <span key={p.userId} className={p.status === 'active' ? 'holds' : 'done'} title={p.status === 'active' ? 'holds the slot' : 'submitted'}>{p.name}{p.status === 'active' ? ' …' : ' ✓'}</span>)}
    </span>
  );
}

/**
 * Every row of the project: search, filters and sort, in a list as long as the page (windowed against the
 * page's own scroll) that loads the next page as it nears the end. A page can come back short with a
 * cursor (the server bounds how far one request walks for rare filters): it then keeps asking.
 */
export default function RowsTab({ project }: { project: ProjectDto }) {
  // The dashboard opens this tab on a confusion cell's rows (in the address).
  const search = useSearch();
  const [path, navigate] = useLocation();
  const [filter, setFilter] = useState<RowsFilter>(() => cellFilterOf(search));
  const [sort, setSort] = useState<{ sort: Sort; dir: 'asc' | 'desc' }>({ sort: 'age', dir: 'asc' });
  const [rows, setRows] = useState<RowListItem[]>([]);
  const [cursor, setCursor] = useState<string | number | null | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [members, setMembers] = useState<MemberDto[]>([]);
  const generation = useRef(0);
  const listRef = useRef<HTMLDivElement>(null);
  const [margin, setMargin] = useState(0);

  useEffect(() => {
    membersApi.list(project.id).then(({ members: m }) => setMembers(m.filter((x) => x.roles.includes('annotator') || x.roles.includes('reviewer'))), () => {});
  }, [project.id]);

  const query = { ...filter, ...sort };
  const key = JSON.stringify(query);
  const loadPage = useCallback(async (q: RowFilters, from: string | number | undefined, reset: boolean) => {
    const gen = reset ? ++generation.current : generation.current;
    setLoading(true);
    setError(null);
    try {
      const page = await consoleApi.rows(project.id, { ...q, cursor: from, limit: PAGE });
      if (gen !== generation.current) return;
      setRows((r) => (reset ? page.rows : [...r, ...page.rows]));
      setCursor(page.nextCursor);
    } catch (e) {
      if (gen === generation.current) setError(messageOf(e));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, [project.id]);

  useEffect(() => {
    setRows([]);
    setCursor(undefined);
    void loadPage(JSON.parse(key) as RowFilters, undefined, true);
  }, [key, loadPage]);

  // The list starts below the toolbar: the window virtualizer measures from the page's top.
  useLayoutEffect(() => {
    const el = listRef.current;
    if (el) setMargin(el.getBoundingClientRect().top + window.scrollY);
  });
  const virtualizer = useWindowVirtualizer({ count: rows.length, estimateSize: () => ROW_H, overscan: 10, scrollMargin: margin });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : -1;
  useEffect(() => {
    const more = cursor !== null && cursor !== undefined;
    if (!loading && !error && more && lastIndex >= rows.length - 20) void loadPage(JSON.parse(key) as RowFilters, cursor, false);
  }, [lastIndex, rows.length, cursor, loading, error, key, loadPage]);

  const reload = () => void loadPage(JSON.parse(key) as RowFilters, undefined, true);

  return (
    <div className={selected === null ? 'rows-tab' : 'rows-tab with-history'}>
      <section className="card rows-list">
        <RowsToolbar value={filter} onChange={setFilter} members={members} />
        <CellFilterNote value={filter} onClear={() => {
          setFilter(({ question: _q, label1: _a, label2: _b, pairedFrom: _f, pairedTo: _t, ...rest }) => rest);
          navigate(path, { replace: true });
        }} />
        <InlineError>{error}</InlineError>
        <div className="rows-head" role="row">
          <span role="columnheader">Row</span>
          <SortHeader col={COLUMNS[1]} {...sort} onSort={(s, d) => setSort({ sort: s, dir: d })} />
          <span role="columnheader">Labelers</span>
          <span role="columnheader">QA</span>
          <SortHeader col={COLUMNS[2]} {...sort} onSort={(s, d) => setSort({ sort: s, dir: d })} />
          <SortHeader col={COLUMNS[0]} {...sort} onSort={(s, d) => setSort({ sort: s, dir: d })} />
          <span role="columnheader">Expertise</span>
        </div>
        <div ref={listRef} role="list" aria-label="Rows" aria-busy={loading} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const r = rows[v.index];
            const qa = r.people.find((p) => p.kind === 'qa');
            return (
              <button
                key={r.id} type="button" role="listitem"
                className={r.id === selected ? 'rows-item selected' : 'rows-item'}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_H, transform: `translateY(${v.start - margin}px)` }}
                onClick={() => setSelected(r.id)} aria-label={`Row ${r.externalId ?? r.id}`}
              >
                <span className="mono ellipsis">{r.externalId ?? `#${r.id}`}</span>
                <span className="rows-state">
                  <span><Badge tone={STATE_TONE[r.state]}>{r.state}</Badge>{r.round > 1 && <span className="muted"> r{r.round}</span>}
                    {r.agree === false && <span className="err-text"> ≠</span>}</span>
                  <span className={r.waiting === 'waiting_for_expert' ? 'warn-text ellipsis' : 'muted ellipsis'}>{r.waiting ? (WAITING[r.waiting] ?? r.waiting) : 'done'}</span>
                </span>
                <span className="ellipsis"><People r={r} /></span>
                <span className="ellipsis">{qa ? `${qa.name}${qa.status === 'active' ? ' …' : ' ✓'}` : <span className="muted">—</span>}</span>
                <span className="num">{r.priority}</span>
                <span className="muted" title={new Date(r.createdAt).toLocaleString()}>{age(r.createdAt)}</span>
                <span className="rows-coverage">
                  {r.coverage.length ? r.coverage.map((c) => <span key={c.domain} className={c.coveredBy ? 'ok-text' : 'warn-text'}>{coverageText(c)}</span>) : <span className="muted">—</span>}
                </span>
              </button>
            );
          })}
        </div>
        {!loading && rows.length === 0 && !error && <p className="muted empty-rows">No rows match.</p>}
        <div className="rows-foot muted" aria-live="polite">
          {rows.length.toLocaleString()} row{rows.length === 1 ? '' : 's'} shown{cursor !== null && cursor !== undefined ? ' (more as you scroll)' : ''}
          {loading && ' · loading…'}
        </div>
      </section>
      {selected !== null && <RowDetail project={project} rowId={selected} onClose={() => setSelected(null)} onChanged={reload} />}
    </div>
  );
}
