import { useState, type FormEvent } from 'react';
import { DASHBOARD_BUCKETS, DAY_MS, dashboardQuery, dateOfDay, type DashboardBucket } from '@shared/api/dashboard';

/** What the dashboard shows: all time or a range of UTC days (both included), and the over-time buckets. */
export interface DashView { from?: string; to?: string; bucket: DashboardBucket }

const BUCKET_TITLE: Record<DashboardBucket, string> = { hour: 'Hour', day: 'Day', week: 'Week' };

/** The first problem the query schema finds (the server's own words), or null. */
export function viewProblem(v: DashView): string | null {
  const r = dashboardQuery.safeParse(v);
  return r.success ? null : r.error.issues[0].message;
}

const lastDays = (n: number): DashView => {
  const today = Math.floor(Date.now() / DAY_MS);
  return { from: dateOfDay(today - n + 1), to: dateOfDay(today), bucket: 'day' };
};

/**
 * The range and bucket controls above the dashboard. Dates apply on "Apply" (or Enter), checked with the
 * same schema the server uses, so a range that ends before it starts says so at once; the bucket applies
 * as it is picked, unless the range is too long for it (hours), which it then says.
 */
export function RangeBar({ value, onChange }: { value: DashView; onChange(v: DashView): void }) {
  const [from, setFrom] = useState(value.from ?? '');
  const [to, setTo] = useState(value.to ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const apply = (v: DashView) => {
    const p = viewProblem(v);
    setProblem(p);
    if (!p) onChange(v);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply({ ...value, from: from || undefined, to: to || undefined });
  };
  const preset = (v: DashView) => {
    setFrom(v.from ?? '');
    setTo(v.to ?? '');
    apply({ ...v, bucket: value.bucket === 'hour' && v.from ? 'day' : value.bucket });
  };

  return (
    <form className="card dash-range" aria-label="Dashboard range" onSubmit={submit} noValidate>
      <fieldset className="dash-range-dates">
        <legend className="sr-only">Dates (UTC)</legend>
        <label className="filter">
          <span>From</span>
          <input className="input input-sm" type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-describedby="dash-range-problem" />
        </label>
        <label className="filter">
          <span>To</span>
          <input className="input input-sm" type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-describedby="dash-range-problem" />
        </label>
        <button type="submit" className="btn btn-sm">Apply</button>
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => preset(lastDays(7))}>Last 7 days</button>
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => preset(lastDays(30))}>Last 30 days</button>
        <button type="button" className="btn btn-sm btn-ghost" disabled={!value.from} onClick={() => preset({ bucket: value.bucket })}>All time</button>
      </fieldset>
      <div className="segmented dash-bucket" role="radiogroup" aria-label="Over time in">
        {DASHBOARD_BUCKETS.map((b) => (
          <label key={b} className={value.bucket === b ? 'seg active' : 'seg'}>
            <input className="sr-only" type="radio" name="dash-bucket" value={b} checked={value.bucket === b} onChange={() => apply({ ...value, bucket: b })} />
            {BUCKET_TITLE[b]}
          </label>
        ))}
      </div>
      <p id="dash-range-problem" className="err-text dash-range-problem" role="alert">{problem}</p>
      <p className="muted dash-range-now">
        {value.from ? `Figures of ${value.from} to ${value.to} (UTC).` : 'Figures of all time (UTC days).'} The tiles below count the rows as they are now.
      </p>
    </form>
  );
}
