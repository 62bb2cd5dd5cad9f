import { useState } from 'react';
import type { AdminTokenDto, TokenDto } from '@shared/api/tokens';
import { Badge } from './Badges';

const day = (ms: number) => new Date(ms).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const moment = (ms: number) => new Date(ms).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

const STATUS_TONE = { active: 'success', expired: 'neutral', revoked: 'danger' } as const;

/**
 * API tokens as a table: what each reaches, when it was made, last used and ends, and a revoke button that
 * asks once more (revoking cannot be undone). With `owners`, a column names whose token it is (admin list).
 */
export function TokenTable({ tokens, onRevoke, owners = false, empty }: {
  tokens: Array<TokenDto | AdminTokenDto>;
  onRevoke: (t: TokenDto) => Promise<void>;
  owners?: boolean;
  empty: string;
}) {
  const [confirming, setConfirming] = useState<number | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            {owners && <th scope="col">Owner</th>}
            <th scope="col">Token</th>
            <th scope="col">Reaches</th>
            <th scope="col">Created</th>
            <th scope="col" title="Updated at most once a minute">Last used</th>
            <th scope="col">Expires</th>
            <th scope="col">Status</th>
            <th scope="col"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id} data-testid={`token-${t.id}`} className={t.status === 'active' ? undefined : 'row-disabled'}>
              {owners && 'userEmail' in t && (
                <td>
                  <div className="cell-primary">{t.userName}</div>
                  <div className="cell-secondary">{t.userEmail}</div>
                </td>
              )}
              <td>
                <div className="cell-primary">{t.name}</div>
                <div className="cell-secondary"><code>{t.hint}…</code></div>
              </td>
              <td>
                <div>{t.projectId === null ? 'All projects' : (t.projectName ?? `Project ${t.projectId}`)}</div>
                <div className="cell-secondary">{t.readOnly ? 'read-only' : 'read and write'}</div>
              </td>
              <td>{day(t.createdAt)}</td>
              <td>{t.lastUsedAt === null ? <span className="muted">never</span> : moment(t.lastUsedAt)}</td>
              <td>{day(t.expiresAt)}</td>
              <td><Badge tone={STATUS_TONE[t.status]}>{t.status}</Badge></td>
              <td className="cell-actions">
                {t.status === 'active' && (confirming === t.id ? (
                  <span className="inline-form">
                    <button
                      type="button" className="btn btn-danger btn-sm" disabled={busy === t.id}
                      onClick={async () => {
                        setBusy(t.id);
                        try { await onRevoke(t); } finally { setBusy(null); setConfirming(null); }
                      }}
                    >
                      {busy === t.id ? 'Revoking…' : 'Revoke now'}
                    </button>
                    <button type="button" className="btn btn-ghost btn-sm" onClick={() => setConfirming(null)}>Keep</button>
                  </span>
                ) : (
                  <button type="button" className="btn btn-secondary btn-sm" aria-label={`Revoke ${t.name}`} onClick={() => setConfirming(t.id)}>
                    Revoke
                  </button>
                ))}
              </td>
            </tr>
          ))}
          {tokens.length === 0 && (
            <tr><td colSpan={owners ? 8 : 7} className="muted">{empty}</td></tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
