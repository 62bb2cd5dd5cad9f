import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { UserProfiles } from './UserProfiles';
import type { UserDto } from '@shared/api/auth';
import { usersApi } from '../api/endpoints';
import { messageOf } from '../api/client';
import { useStore } from '../store';
import { Badge, ExpertiseBadges } from '../components/Badges';
import { Field, InlineError, PageHeader, parseTags } from '../components/Form';
import { Loading } from '../components/Loading';
import { AdminTokens } from './AdminTokens';

function CreateUserForm({ onCreated }: { onCreated: (u: UserDto) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [expertise, setExpertise] = useState('');
  const [isAdmin, setIsAdmin] = useState(false);
  const [canCreateProjects, setCanCreateProjects] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { user } = await usersApi.create({ email, name, password, isAdmin, canCreateProjects, expertise: parseTags(expertise) });
      onCreated(user);
      setEmail('');
      setName('');
      setPassword('');
      setExpertise('');
      setIsAdmin(false);
      setCanCreateProjects(false);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card section" aria-labelledby="create-user-title">
      <h2 id="create-user-title">Create a user</h2>
      <form onSubmit={submit} noValidate aria-label="Create a user">
        <div className="form-grid form-grid-4">
          <Field label="Name" htmlFor="u-name">
            <input id="u-name" className="input" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
          </Field>
          <Field label="Email" htmlFor="u-email">
            <input id="u-email" className="input" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
          </Field>
          <Field label="Initial password" htmlFor="u-password" hint="At least 8 characters.">
            <input id="u-password" className="input" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
          </Field>
          <Field label="Expertise" htmlFor="u-expertise" hint="Comma separated, e.g. finance, cs.">
            <input id="u-expertise" className="input" value={expertise} onChange={(e) => setExpertise(e.target.value)} autoComplete="off" />
          </Field>
        </div>
        <div className="form-row-end">
          <label className="check">
            <input type="checkbox" checked={isAdmin} onChange={(e) => setIsAdmin(e.target.checked)} />
            <span>Administrator</span>
          </label>
          <label className="check" title="Administrators always may">
            <input type="checkbox" checked={isAdmin || canCreateProjects} disabled={isAdmin} onChange={(e) => setCanCreateProjects(e.target.checked)} />
            <span>May create projects</span>
          </label>
          <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? 'Creating…' : 'Create user'}</button>
        </div>
        <InlineError>{error}</InlineError>
      </form>
    </section>
  );
}

type Editing = null | 'expertise' | 'password';

function UserRow({ u, isMe, onChanged }: { u: UserDto; isMe: boolean; onChanged: (u: UserDto) => void }) {
  const toast = useStore((s) => s.toast);
  const [editing, setEditing] = useState<Editing>(null);
  const [tags, setTags] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      setEditing(null);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }
  const update = (body: Parameters<typeof usersApi.update>[1], done: string) =>
    run(async () => {
      onChanged((await usersApi.update(u.id, body)).user);
      toast('success', done);
    });

  return (
    <tr data-testid={`user-${u.email}`} className={u.disabled ? 'row-disabled' : undefined}>
      <td>
        <div className="cell-primary">{u.name}{isMe && <span className="muted"> (you)</span>}</div>
        <div className="cell-secondary">{u.email}</div>
      </td>
      <td>
        {editing === 'expertise' ? (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void update({ expertise: parseTags(tags) }, `${u.name}: expertise saved`);
            }}
          >
            <input
              className="input input-sm" aria-label={`Expertise of ${u.email}`} value={tags} autoFocus
              onChange={(e) => setTags(e.target.value)} placeholder="finance, cs"
            />
            <button type="submit" className="btn btn-primary btn-sm" disabled={busy}>Save</button>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setEditing(null)}>Cancel</button>
          </form>
        ) : (
          <div className="cell-with-action">
            <ExpertiseBadges expertise={u.expertise} empty="none" />
            <button
              type="button" className="btn btn-link btn-sm" aria-label={`Edit expertise of ${u.email}`}
              onClick={() => {
                setTags(u.expertise.join(', '));
                setError(null);
                setEditing('expertise');
              }}
            >
              Edit
            </button>
          </div>
        )}
      </td>
      <td>
        <label className="switch" title={isMe ? 'You cannot remove your own admin rights' : undefined}>
          <input
            type="checkbox" role="switch" checked={u.isAdmin} disabled={busy || isMe} aria-label={`Administrator: ${u.email}`}
            onChange={(e) => void update({ isAdmin: e.target.checked }, `${u.name} ${e.target.checked ? 'is now' : 'is no longer'} an administrator`)}
          />
          <span>{u.isAdmin ? 'admin' : 'no'}</span>
        </label>
      </td>
      <td>
        <label className="switch" title={u.isAdmin ? 'Administrators always may' : undefined}>
          <input
            type="checkbox" role="switch" checked={u.isAdmin || u.canCreateProjects} disabled={busy || u.isAdmin} aria-label={`May create projects: ${u.email}`}
            onChange={(e) => void update({ canCreateProjects: e.target.checked }, `${u.name} ${e.target.checked ? 'may now' : 'may no longer'} create projects`)}
          />
          <span>{u.isAdmin || u.canCreateProjects ? 'yes' : 'no'}</span>
        </label>
      </td>
      <td>
        <label className="switch" title={isMe ? 'You cannot disable yourself' : undefined}>
          <input
            type="checkbox" role="switch" checked={!u.disabled} disabled={busy || isMe} aria-label={`Active: ${u.email}`}
            onChange={(e) => void update({ disabled: !e.target.checked }, `${u.name} ${e.target.checked ? 'enabled' : 'disabled'}`)}
          />
          <span>{u.disabled ? <Badge tone="danger">disabled</Badge> : 'active'}</span>
        </label>
      </td>
      <td className="cell-actions">
        {editing === 'password' ? (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                await usersApi.resetPassword(u.id, password);
                setPassword('');
                toast('success', `${u.name}: password reset; their sessions were signed out`);
              });
            }}
          >
            <input
              className="input input-sm" type="password" aria-label={`New password for ${u.email}`} value={password} autoFocus
              onChange={(e) => setPassword(e.target.value)} placeholder="new password" autoComplete="new-password"
            />
            <button type="submit" className="btn btn-primary btn-sm" disabled={busy}>Set</button>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setEditing(null)}>Cancel</button>
          </form>
        ) : (
          <button
            type="button" className="btn btn-secondary btn-sm" aria-label={`Reset password of ${u.email}`}
            onClick={() => {
              setError(null);
              setEditing('password');
            }}
          >
            Reset password
          </button>
        )}
        <InlineError>{error}</InlineError>
      </td>
    </tr>
  );
}

export default function AdminUsers() {
  const me = useStore((s) => s.user);
  const toast = useStore((s) => s.toast);
  const [users, setUsers] = useState<UserDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');

  const load = useCallback(async () => {
    try {
      setUsers((await usersApi.list()).users);
    } catch (err) {
      setError(messageOf(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const q = filter.trim().toLowerCase();
  const shown = users?.filter((u) => !q || u.name.toLowerCase().includes(q) || u.email.includes(q) || u.expertise.some((d) => d.includes(q)));
  const replace = (u: UserDto) => setUsers((list) => list?.map((x) => (x.id === u.id ? u : x)) ?? null);

  return (
    <>
      <PageHeader title="Users" subtitle="Everyone with an account. Expertise tags decide who can cover rows that need a domain expert." />
      <CreateUserForm
        onCreated={(u) => {
          setUsers((list) => [...(list ?? []), u]);
          toast('success', `${u.email} created`);
        }}
      />
      <section className="card section" aria-labelledby="users-title">
        <div className="section-head">
          <h2 id="users-title">All users</h2>
          <input
            className="input input-sm input-search" type="search" placeholder="Filter by name, email or domain" aria-label="Filter users"
            value={filter} onChange={(e) => setFilter(e.target.value)}
          />
        </div>
        <InlineError>{error}</InlineError>
        {!users && !error && <Loading label="Loading users" />}
        {shown && (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Expertise</th>
                  <th scope="col">Admin</th>
                  <th scope="col" title="Who may start projects: administrators, and people allowed here">Creates projects</th>
                  <th scope="col">Status</th>
                  <th scope="col"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {shown.map((u) => <UserRow key={u.id} u={u} isMe={u.id === me?.id} onChanged={replace} />)}
                {shown.length === 0 && (
                  <tr><td colSpan={6} className="muted">No user matches “{filter}”.</td></tr>
                )}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <UserProfiles />
      <AdminTokens />
    </>
  );
}
