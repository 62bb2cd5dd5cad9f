import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeliveryDto, WebhookDto } from '@shared/api/webhooks';
import { webhooksApi } from '../../api/webhooks';
import { messageOf } from '../../api/client';
import { Badge } from '../../components/Badges';
import { InlineError } from '../../components/Form';
import { Loading } from '../../components/Loading';

const PAGE = 20;
const TONE = { delivered: 'success', pending: 'warning', failed: 'danger' } as const;
const moment = (ms: number) => new Date(ms).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** "in 3 min", "now": when a pending delivery's next attempt is due. */
function dueIn(at: number, now: number): string {
  const s = Math.round((at - now) / 1000);
  if (s <= 1) return 'now';
  if (s < 90) return `in ${s} s`;
  if (s < 5400) return `in ${Math.round(s / 60)} min`;
  return `in ${Math.round(s / 3600)} h`;
}

/**
 * The delivery log of a project's webhooks, newest first, a page at a time: what was sent, what the
 * receiver answered (or why nothing reached it), how many attempts and when the next one is due. While
 * anything is pending it refreshes itself, so a "Send test" shows up and turns green without a click.
 */
export function DeliveryLog({ projectId, webhooks, version }: { projectId: number; webhooks: WebhookDto[]; version: number }) {
  const [filter, setFilter] = useState<number | ''>('');
  const [pages, setPages] = useState<DeliveryDto[][] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const seq = useRef(0);

  const load = useCallback(async (before?: number) => {
    const mine = ++seq.current;
    try {
      const page = await webhooksApi.deliveries(projectId, { webhookId: filter === '' ? undefined : filter, before, limit: PAGE });
      if (mine !== seq.current) return;
      setPages((old) => (before === undefined ? [page.deliveries] : [...(old ?? []), page.deliveries]));
      setNextBefore(page.nextBefore);
      setNow(Date.now());
      setError(null);
    } catch (e) {
      if (mine === seq.current) setError(messageOf(e));
    }
  }, [projectId, filter]);

  useEffect(() => { void load(); }, [load, version]);

  const rows = pages?.flat() ?? [];
  const pending = rows.some((d) => d.status === 'pending');
  // Only the first page is refreshed: older pages hold settled deliveries.
  useEffect(() => {
    if (!pending || (pages?.length ?? 0) > 1) return;
    const t = setTimeout(() => void load(), 2000);
    return () => clearTimeout(t);
  }, [pending, pages, load]);

  const urlOf = new Map(webhooks.map((w) => [w.id, w.url]));
  return (
    <section className="card section" aria-labelledby="deliveries-title">
      <div className="section-head">
        <h2 id="deliveries-title">Delivery log</h2>
        <div className="inline-form">
          <label className="sr-only" htmlFor="log-filter">Webhook</label>
          <select id="log-filter" className="input input-sm" value={filter} onChange={(e) => setFilter(e.target.value === '' ? '' : Number(e.target.value))}>
            <option value="">All webhooks</option>
            {webhooks.map((w) => <option key={w.id} value={w.id}>{w.url}</option>)}
          </select>
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => void load()}>Refresh</button>
        </div>
      </div>
      <InlineError>{error}</InlineError>
      {!pages && !error && <Loading label="Loading deliveries" />}
      {pages && rows.length === 0 && <p className="muted">Nothing sent yet. Use “Send test” to check a receiver.</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-label="Deliveries">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">Webhook</th>
                <th scope="col">Status</th>
                <th scope="col">Answer</th>
                <th scope="col" className="num">Attempts</th>
                <th scope="col">Next retry</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id} data-testid={`delivery-${d.id}`}>
                  <td>{moment(d.createdAt)}</td>
                  <td><code>{d.event}</code></td>
                  <td className="cell-secondary webhook-url" title={d.deliveryId}>{urlOf.get(d.webhookId) ?? `#${d.webhookId}`}</td>
                  <td><Badge tone={TONE[d.status]}>{d.status}</Badge></td>
                  <td>
                    {d.statusCode !== null && <span className="cell-primary">HTTP {d.statusCode}</span>}
                    {d.error && <div className="cell-secondary delivery-error">{d.error}</div>}
                    {d.statusCode === null && !d.error && <span className="muted">—</span>}
                  </td>
                  <td className="num">{d.attempts}</td>
                  <td>{d.nextAttemptAt !== null ? dueIn(d.nextAttemptAt, now) : <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore !== null && (
        <div className="form-row-end">
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => void load(nextBefore)}>Older deliveries</button>
        </div>
      )}
    </section>
  );
}
