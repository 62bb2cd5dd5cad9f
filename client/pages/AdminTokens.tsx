import { useCallback, useEffect, useState } from 'react';
import type { AdminTokenDto } from '@shared/api/tokens';
import { tokensApi } from '../api/tokens';
import { messageOf } from '../api/client';
import { useStore } from '../store';
import { InlineError } from '../components/Form';
import { Loading } from '../components/Loading';
import { TokenTable } from '../components/TokenTable';

/** Every live API token of the instance, for administrators: who holds what, and a way to stop any of them. */
export function AdminTokens() {
  const toast = useStore((s) => s.toast);
  const [tokens, setTokens] = useState<AdminTokenDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setTokens((await tokensApi.listAll()).tokens);
    } catch (err) {
      setError(messageOf(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="card section" aria-labelledby="admin-tokens-title">
      <div className="section-head">
        <h2 id="admin-tokens-title">API tokens</h2>
      </div>
      <p className="muted">Live personal access tokens of every person. Revoking one stops it at once; its owner can create another.</p>
      <InlineError>{error}</InlineError>
      {!tokens && !error && <Loading label="Loading API tokens" />}
      {tokens && (
        <TokenTable
          tokens={tokens}
          owners
          empty="Nobody holds a live API token."
          onRevoke={async (t) => {
            try {
              await tokensApi.revoke(t.id);
              setTokens((list) => list?.filter((x) => x.id !== t.id) ?? null);
              toast('success', `${t.name} revoked`);
            } catch (err) {
              toast('error', messageOf(err));
            }
          }}
        />
      )}
    </section>
  );
}
