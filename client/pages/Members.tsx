import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { MemberDto } from '@shared/api/projects';
import type { Role } from '@shared/project';
import { membersApi } from '../api/endpoints';
import { messageOf } from '../api/client';
import { useStore } from '../store';
import { ExpertiseBadges, RoleBadges } from '../components/Badges';
import { InlineError } from '../components/Form';
import { Loading } from '../components/Loading';
import { addedByText } from './membership-text';

// A local list rather than shared/project's ROLES: that module brings zod (~90 kB) into this chunk.
const ROLES = ['lead', 'reviewer', 'annotator'] as const satisfies readonly Role[];
type MissingRole = Exclude<Role, (typeof ROLES)[number]>;
const _everyRole: [MissingRole] extends [never] ? true : MissingRole = true;
void _everyRole;

const ROLE_HINT: Record<Role, string> = {
  lead: 'manages the project',
  reviewer: 'QA: resolves the two labels',
  annotator: 'labels rows',
};

function RoleChecks({ value, onChange, disabled, idPrefix, compact }: {
  value: Role[];
  onChange: (roles: Role[]) => void;
  disabled?: boolean;
  idPrefix: string;
  compact?: boolean;
}) {
  return (
    <div className={compact ? 'checks checks-compact' : 'checks'}>
      {ROLES.map((r) => (
        <label key={r} className="check" htmlFor={`${idPrefix}-${r}`} title={ROLE_HINT[r]}>
          <input
            id={`${idPrefix}-${r}`} type="checkbox" checked={value.includes(r)} disabled={disabled}
            onChange={(e) => onChange(e.target.checked ? ROLES.filter((x) => x === r || value.includes(x)) : value.filter((x) => x !== r))}
          />
          <span>{r}</span>
        </label>
      ))}
    </div>
  );
}

function AddMemberForm({ projectId, onAdded }: { projectId: number; onAdded: (members: MemberDto[], email: string) => void }) {
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<Role[]>(['annotator']);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (roles.length === 0) {
      setError('pick at least one role');
      return;
    }
    setBusy(true);
    try {
      const { members } = await membersApi.add(projectId, email.trim(), roles);
      onAdded(members, email.trim());
      setEmail('');
      setRoles(['annotator']);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="add-member" onSubmit={submit} aria-label="Add a member" noValidate>
      <div className="add-member-row">
        <div className="field grow">
          <label className="field-label" htmlFor="member-email">Email of an existing user</label>
          <input
            id="member-email" className="input" type="email" placeholder="name@example.com" value={email}
            onChange={(e) => setEmail(e.target.value)} aria-invalid={error ? true : undefined} required
          />
        </div>
        <fieldset className="field">
          <legend className="field-label">Roles</legend>
          <RoleChecks value={roles} onChange={setRoles} idPrefix="new-member" />
        </fieldset>
        <button type="submit" className="btn btn-primary" disabled={busy || !email.trim()}>
          {busy ? 'Adding…' : 'Add member'}
        </button>
      </div>
      <p className="field-hint">The person sees that you added them. Administrators join a project by their own action.</p>
      <InlineError>{error}</InlineError>
    </form>
  );
}

function MemberRow({ m, projectId, canManage, isMe, onChanged }: {
  m: MemberDto;
  projectId: number;
  canManage: boolean;
  isMe: boolean;
  onChanged: (members: MemberDto[]) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const toast = useStore((s) => s.toast);

  async function run(action: () => Promise<{ members: MemberDto[] }>, done: string) {
    setBusy(true);
    setError(null);
    try {
      const { members } = await action();
      onChanged(members);
      toast('success', done);
    } catch (err) {
      setError(messageOf(err));
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr data-testid={`member-${m.email}`}>
      <td>
        <div className="cell-primary">{m.name}{isMe && <span className="muted"> (you)</span>}</div>
        <div className="cell-secondary">{m.email}</div>
        {addedByText(m.addedBy, m.addedAt) && <div className="cell-secondary">{addedByText(m.addedBy, m.addedAt)}</div>}
      </td>
      <td>
        {canManage ? (
          <RoleChecks
            compact idPrefix={`member-${m.userId}`} value={m.roles} disabled={busy}
            onChange={(roles) => {
              if (roles.length === 0) {
                setError('a member needs at least one role: use Remove to take them off the project');
                return;
              }
              void run(() => membersApi.setRoles(projectId, m.userId, roles), `${m.name}: ${roles.join(', ')}`);
            }}
          />
        ) : (
          <RoleBadges roles={m.roles} />
        )}
        <InlineError>{error}</InlineError>
      </td>
      <td><ExpertiseBadges expertise={m.expertise} /></td>
      {canManage && (
        <td className="cell-actions">
          {confirming ? (
            <div className="actions">
              <button
                type="button" className="btn btn-danger btn-sm" disabled={busy}
                onClick={() => void run(() => membersApi.remove(projectId, m.userId), `${m.name} removed from the project`)}
              >
                Confirm removal
              </button>
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => setConfirming(false)}>Cancel</button>
            </div>
          ) : (
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => setConfirming(true)} aria-label={`Remove ${m.email}`}>
              Remove
            </button>
          )}
        </td>
      )}
    </tr>
  );
}

/** Who is on a project; leads also add people by email, change their roles and remove them. */
export function Members({ projectId, canManage }: { projectId: number; canManage: boolean }) {
  const me = useStore((s) => s.user);
  const toast = useStore((s) => s.toast);
  const [members, setMembers] = useState<MemberDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setMembers((await membersApi.list(projectId)).members);
    } catch (err) {
      setError(messageOf(err));
    }
  }, [projectId]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="card section" aria-labelledby="members-title">
      <div className="section-head">
        <h2 id="members-title">Members</h2>
        {members && <span className="muted">{members.length} {members.length === 1 ? 'person' : 'people'}</span>}
      </div>
      {canManage && (
        <AddMemberForm
          projectId={projectId}
          onAdded={(list, email) => {
            setMembers(list);
            toast('success', `${email} added`);
          }}
        />
      )}
      <InlineError>{error}</InlineError>
      {members === null && !error && <Loading label="Loading members" />}
      {members && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Roles</th>
                <th scope="col">Expertise</th>
                {canManage && <th scope="col"><span className="sr-only">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <MemberRow key={m.userId} m={m} projectId={projectId} canManage={canManage} isMe={m.userId === me?.id} onChanged={setMembers} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
