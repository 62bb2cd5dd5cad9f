import { useMemo, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import type { TaskType } from '@shared/tasks/types';
import { projectsApi } from '../api/endpoints';
import { errorFields, messageOf } from '../api/client';
import { useStore } from '../store';
import { Field, InlineError, PageHeader } from '../components/Form';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { TASK_TYPES, starterSchema, taskTypeInfo, type StarterInput } from './starterSchemas';

/** Starting projects is a right an admin grants: without it the page says whom to ask instead of a form the server refuses. */
export default function NewProject() {
  const canCreate = useStore((s) => s.user?.canCreateProjects === true);
  if (canCreate) return <NewProjectForm />;
  return (
    <>
      <Breadcrumbs items={[{ label: 'Projects', href: '/' }, { label: 'New project' }]} />
      <PageHeader title="New project" />
      <div className="empty-state card">
        <h2>Only some people start projects here</h2>
        <p className="muted">Ask an administrator to allow you to create projects, or to create the project and add you as its lead.</p>
        <Link href="/" className="btn btn-secondary">Back to your projects</Link>
      </div>
    </>
  );
}

function NewProjectForm() {
  const [, navigate] = useLocation();
  const upsertProject = useStore((s) => s.upsertProject);
  const toast = useStore((s) => s.toast);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [type, setType] = useState<TaskType>('classification');
  const [inputs, setInputs] = useState<Record<string, StarterInput>>(() =>
    Object.fromEntries(TASK_TYPES.map((t) => [t.type, t.defaults])),
  );
  const [qa, setQa] = useState<'all' | 'disagreements'>('all');
  const [lease, setLease] = useState('30');
  const [showPrelabels, setShowPrelabels] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const info = taskTypeInfo(type);
  const input = inputs[type];
  const setInput = (patch: Partial<StarterInput>) => setInputs((all) => ({ ...all, [type]: { ...all[type], ...patch } }));
  const schema = useMemo(() => starterSchema(type, input), [type, input]);
  const fields = errorFields(error);
  const fieldError = (prefix: string) =>
    Object.entries(fields).find(([p]) => p === prefix || p.startsWith(`${prefix}.`))?.[1];

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { project } = await projectsApi.create({
        name, description, schema,
        settings: { qa, leaseMinutes: lease.trim() === '' ? Number.NaN : Number(lease), showPrelabels },
      });
      upsertProject(project);
      toast('success', `Project “${project.name}” created`);
      navigate(`/projects/${project.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const configError = fieldError('schema.0.config');
  return (
    <>
      <Breadcrumbs items={[{ label: 'Projects', href: '/' }, { label: 'New project' }]} />
      <PageHeader title="New project" subtitle="Name it, pick what labelers answer for each row, and choose how review works. You become its lead." />
      <form
        className="stack" onSubmit={submit} noValidate aria-label="New project"
        // An answer about the old values would mislead once the person edits them.
        onChange={() => error !== null && setError(null)}
      >
        <section className="card section">
          <h2>About</h2>
          <Field label="Name" htmlFor="p-name" error={fieldError('name')}>
            <input id="p-name" className="input" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
          </Field>
          <Field label="Description" htmlFor="p-desc" hint="What the data is and what it is for; labelers see this." error={fieldError('description')}>
            <textarea id="p-desc" className="input" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
        </section>

        <section className="card section">
          <h2>Question</h2>
          <p className="muted section-intro">The first question of the schema. Leads add more questions and import rows from the project console.</p>
          <fieldset className="type-picker">
            <legend className="field-label">Task type</legend>
            <div className="type-grid">
              {TASK_TYPES.map((t) => (
                <label key={t.type} className={t.type === type ? 'type-option selected' : 'type-option'}>
                  <input type="radio" name="task-type" value={t.type} checked={t.type === type} onChange={() => setType(t.type)} />
                  <span className="type-name">{t.name}</span>
                  <span className="type-blurb">{t.blurb}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <div className="form-grid">
            <Field label="Question title" htmlFor="q-title" error={fieldError('schema.0.title')}>
              <input id="q-title" className="input" value={input.title} onChange={(e) => setInput({ title: e.target.value })} />
            </Field>
            <Field label={info.fieldLabel} htmlFor="q-field" hint="The key of the row's data that is shown.">
              <input id="q-field" className="input" value={input.field} onChange={(e) => setInput({ field: e.target.value })} />
            </Field>
            {info.itemsLabel && (
              <Field
                label={info.itemsLabel} htmlFor="q-items" error={configError}
                hint={info.itemsHint ?? 'Comma separated, e.g. “spam, not spam”.'}
              >
                <input id="q-items" className="input" value={input.items} onChange={(e) => setInput({ items: e.target.value })} />
              </Field>
            )}
            {info.Options && <info.Options input={input} setInput={setInput} />}
          </div>
          {!info.itemsLabel && configError && <InlineError>{configError}</InlineError>}
          <details className="schema-preview">
            <summary>Schema that will be created</summary>
            <pre>{JSON.stringify(schema, null, 2)}</pre>
          </details>
        </section>

        <section className="card section">
          <h2>Workflow</h2>
          <fieldset className="field">
            <legend className="field-label">QA policy</legend>
            <div className="radios">
              <label className="check">
                <input type="radio" name="qa" checked={qa === 'all'} onChange={() => setQa('all')} />
                <span>Review every row <span className="muted">(two labels, then QA)</span></span>
              </label>
              <label className="check">
                <input type="radio" name="qa" checked={qa === 'disagreements'} onChange={() => setQa('disagreements')} />
                <span>Review only disagreements <span className="muted">(agreeing rows are finalized by consensus)</span></span>
              </label>
            </div>
          </fieldset>
          <div className="form-grid">
            <Field label="Lease (minutes)" htmlFor="p-lease" hint="A claimed row returns to the pool after this long without activity." error={fieldError('settings.leaseMinutes')}>
              <input id="p-lease" className="input input-narrow" type="number" min={1} max={1440} value={lease} onChange={(e) => setLease(e.target.value)} />
            </Field>
            <label className="check check-field">
              <input type="checkbox" checked={showPrelabels} onChange={(e) => setShowPrelabels(e.target.checked)} />
              <span>Show prelabels to labelers as suggestions</span>
            </label>
          </div>
        </section>

        <InlineError>{error ? messageOf(error) : null}</InlineError>
        <div className="form-actions">
          <Link href="/" className="btn btn-ghost">Cancel</Link>
          <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? 'Creating…' : 'Create project'}</button>
        </div>
      </form>
    </>
  );
}
