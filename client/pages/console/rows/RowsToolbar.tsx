import { useEffect, useState } from 'react';
import type { MemberDto } from '@shared/api/projects';
import type { RowFilters } from '../../../api/console';

/** Filters that narrow the list (sort and paging live elsewhere). */
export type RowsFilter = Pick<RowFilters, 'q' | 'state' | 'agree' | 'expertise' | 'person' | 'role' | 'waiting' | 'question' | 'label1' | 'label2' | 'pairedFrom' | 'pairedTo'>;

const SEARCH_DEBOUNCE_MS = 350;

/**
 * Search and filters of the rows browser. The search runs as you pause typing (or at once on Enter);
 * expertise applies on Enter or leaving the box, so a half-typed domain does not query.
 */
export function RowsToolbar({ value, onChange, members }: { value: RowsFilter; onChange(f: RowsFilter): void; members: MemberDto[] }) {
  const [q, setQ] = useState(value.q ?? '');
  const [expertise, setExpertise] = useState(value.expertise ?? '');
  const set = (patch: Partial<RowsFilter>) => onChange({ ...value, ...patch });
  // Text without a letter or digit searches for nothing: not sent (the server would refuse it).
  const search = /[\p{L}\p{N}]/u.test(q) ? q.trim() : undefined;
  useEffect(() => {
    if (search === value.q) return;
    const t = setTimeout(() => onChange({ ...value, q: search }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [search, value, onChange]);
  const applyExpertise = () => set({ expertise: expertise.trim().toLowerCase() || undefined });

  return (
    <form className="filters rows-toolbar" role="search" aria-label="Row filters" onSubmit={(e) => {
      e.preventDefault();
      onChange({ ...value, q: search, expertise: expertise.trim().toLowerCase() || undefined });
    }}>
      <label className="filter filter-search">
        <span>Search</span>
        <input className="input input-sm" type="search" value={q} placeholder="Words in the data or an external id" onChange={(e) => setQ(e.target.value)} maxLength={500} />
      </label>
      <label className="filter">
        <span>State</span>
        <select className="input input-sm" value={value.state ?? ''} onChange={(e) => set({ state: (e.target.value || undefined) as RowFilters['state'] })}>
          <option value="">any</option>
          <option value="labeling">labeling</option>
          <option value="qa">QA</option>
          <option value="escalated">escalated</option>
          <option value="final">final</option>
          <option value="gold">gold</option>
        </select>
      </label>
      <label className="filter">
        <span>Person</span>
        <select className="input input-sm" value={value.person ?? ''} onChange={(e) => set({ person: e.target.value ? Number(e.target.value) : undefined })}>
          <option value="">anyone</option>
          {members.map((m) => <option key={m.userId} value={m.userId}>{m.name}</option>)}
        </select>
      </label>
      <label className="filter">
        <span>As</span>
        <select className="input input-sm" value={value.role ?? ''} onChange={(e) => set({ role: (e.target.value || undefined) as RowFilters['role'] })}>
          <option value="">labeler or reviewer</option>
          <option value="label">labeler</option>
          <option value="qa">QA reviewer</option>
        </select>
      </label>
      <label className="filter">
        <span>Requires expertise</span>
        <input className="input input-sm" value={expertise} placeholder="e.g. finance" onChange={(e) => setExpertise(e.target.value)} onBlur={applyExpertise} />
      </label>
      <label className="filter">
        <span>Agreement</span>
        <select className="input input-sm" value={value.agree ?? ''} onChange={(e) => set({ agree: (e.target.value || undefined) as RowFilters['agree'] })}>
          <option value="">any</option>
          <option value="true">labels agree</option>
          <option value="false">labels disagree</option>
        </select>
      </label>
      <label className="check filter-check">
        <input type="checkbox" checked={value.waiting === 'expert'} onChange={(e) => set({ waiting: e.target.checked ? 'expert' : undefined })} />
        <span>Waiting for an expert</span>
      </label>
    </form>
  );
}
