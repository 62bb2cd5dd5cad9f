import { useCallback, useEffect, useState } from 'react';
import { Link } from 'wouter';
import { TOKEN_EXPIRY_PRESETS, type CreatedTokenDto, type TokenDto } from '@shared/api/tokens';
import { tokensApi } from '../api/tokens';
import { projectsApi } from '../api/endpoints';
import { messageOf } from '../api/client';
import { useStore } from '../store';
import { Badge, ExpertiseBadges } from '../components/Badges';
import { Field, InlineError, PageHeader } from '../components/Form';
import { Loading } from '../components/Loading';
import { TokenTable } from '../components/TokenTable';
import { ProfileCard } from './ProfileCard';
import { SecretOnce } from '../components/SecretOnce';
import { useFormSubmit } from '../components/useFormSubmit';
import { KeymapSettings } from './KeymapSettings';

type ProjectOption = { id: number; name: string };

function CreateTokenForm({ projects, onCreated }: { projects: ProjectOption[]; onCreated: (t: CreatedTokenDto) => void }) {
  const [name, setName] = useState('');
  const [days, setDays] = useState(90);
  const [projectId, setProjectId] = useState('');
  const [readOnly, setReadOnly] = useState(false);
  const { submit, error, fields, busy } = useFormSubmit(async () => {
    onCreated(await tokensApi.create({ name, expiresInDays: days, projectId: projectId ? Number(projectId) : null, readOnly }));
    setName('');
    setReadOnly(false);
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Create an API token">
      <div className="form-grid form-grid-4">
        <Field label="Name" htmlFor="t-name" hint="What will use it, e.g. “nightly import”." error={fields.name}>
          <input id="t-name" className="input" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} autoComplete="off" aria-invalid={!!fields.name} />
        </Field>
        <Field label="Expires after" htmlFor="t-days">
          <select id="t-days" className="input" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {TOKEN_EXPIRY_PRESETS.map((d) => <option key={d} value={d}>{d === 365 ? '1 year' : `${d} days`}</option>)}
          </select>
        </Field>
        <Field label="Reaches" htmlFor="t-project" hint="A token limited to one project cannot see the others." error={fields.projectId}>
          <select id="t-project" className="input" value={projectId} onChange={(e) => setProjectId(e.target.value)}>
            <option value="">All my projects</option>
            {projects.map((p) => <option key={p.id} value={p.id}>Only {p.name}</option>)}
          </select>
        </Field>
        <div className="field">
          <span className="field-label">Access</span>
          <label className="check">
            <input type="checkbox" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} />
            <span>Read-only (every change refused)</span>
          </label>
        </div>
      </div>
      <div className="form-row-end">
        <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? 'Creating…' : 'Create token'}</button>
      </div>
      <InlineError>{error}</InlineError>
    </form>
  );
}

/** The secret, this once: the server keeps only its hash, so a lost token is replaced, never shown again. */
function NewSecret({ created, onDone }: { created: CreatedTokenDto; onDone: () => void }) {
  return (
    <SecretOnce
      label="New API token" inputLabel="Your new API token" value={created.secret} onDone={onDone}
      hint={<>Send it as <code>Authorization: Bearer …</code>. Anyone holding it acts as you{created.token.readOnly ? ' (read-only)' : ''}: keep it out of code and logs.</>}
    >
      <strong>{created.token.name}</strong> is ready. Copy it now: it is not shown again.
    </SecretOnce>
  );
}

export default function Account() {
  const user = useStore((s) => s.user);
  const toast = useStore((s) => s.toast);
  const [tokens, setTokens] = useState<TokenDto[] | null>(null);
  const [projects, setProjects] = useState<ProjectOption[]>([]);
  const [created, setCreated] = useState<CreatedTokenDto | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setTokens((await tokensApi.list()).tokens);
    } catch (err) {
      setError(messageOf(err));
    }
  }, []);
  useEffect(() => {
    void load();
    projectsApi.list().then((r) => setProjects(r.projects.map((p) => ({ id: p.id, name: p.name }))), () => setProjects([]));
  }, [load]);

  if (!user) return null;
  return (
    <>
      <PageHeader title="Your account" subtitle={`${user.name} · ${user.email}`}>
        <div className="badges">
          {user.isAdmin && <Badge tone="accent">admin</Badge>}
          <ExpertiseBadges expertise={user.expertise} empty="no domain expertise" />
        </div>
      </PageHeader>
      <ProfileCard />
      <section className="card section" aria-labelledby="tokens-title">
        <div className="section-head">
          <h2 id="tokens-title">API tokens</h2>
          <Link href="/api-docs" className="btn btn-link btn-sm">API reference</Link>
        </div>
        <p className="muted">
          Scripts and pipelines call the API with a personal access token instead of signing in. A token acts with your roles in your
          projects; limit it to one project or to reading where you can.
        </p>
        <CreateTokenForm
          projects={projects}
          onCreated={(t) => {
            setCreated(t);
            setTokens((list) => [t.token, ...(list ?? [])]);
          }}
        />
        {created && <NewSecret created={created} onDone={() => setCreated(null)} />}
        <InlineError>{error}</InlineError>
        {!tokens && !error && <Loading label="Loading your tokens" />}
        {tokens && (
          <TokenTable
            tokens={tokens}
            empty="No tokens yet."
            onRevoke={async (t) => {
              try {
                const { token } = await tokensApi.revoke(t.id);
                setTokens((list) => list?.map((x) => (x.id === token.id ? token : x)) ?? null);
                if (created?.token.id === t.id) setCreated(null);
                toast('success', `${t.name} revoked: it no longer works`);
              } catch (err) {
                toast('error', messageOf(err));
              }
            }}
          />
        )}
      </section>
      <KeymapSettings />
    </>
  );
}
