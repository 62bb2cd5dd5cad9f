import { useCallback, useEffect, useState } from 'react';
import type { ProjectDto } from '@shared/api/projects';
import { WEBHOOK_EVENTS, WEBHOOK_EVENT_HELP, type CreatedWebhookDto, type WebhookDto, type WebhookEvent } from '@shared/api/webhooks';
import { webhooksApi } from '../../api/webhooks';
import { messageOf } from '../../api/client';
import { useStore } from '../../store';
import { Badge } from '../../components/Badges';
import { Field, InlineError } from '../../components/Form';
import { Loading } from '../../components/Loading';
import { SecretOnce } from '../../components/SecretOnce';
import { useFormSubmit } from '../../components/useFormSubmit';
import { DeliveryLog } from './DeliveryLog';

function AddWebhookForm({ projectId, onCreated }: { projectId: number; onCreated: (c: CreatedWebhookDto) => void }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['row.finalized']);
  const { submit, error, fields, busy } = useFormSubmit(async () => {
    onCreated(await webhooksApi.create(projectId, { url: url.trim(), events }));
    setUrl('');
  });

  const toggle = (ev: WebhookEvent, on: boolean) => setEvents((old) => (on ? WEBHOOK_EVENTS.filter((x) => x === ev || old.includes(x)) : old.filter((x) => x !== ev)));
  return (
    <form onSubmit={submit} noValidate aria-label="Add a webhook">
      <Field label="Receiver address" htmlFor="wh-url" hint="Triad POSTs JSON here. Internal addresses are refused unless the administrator allows them." error={fields.url}>
        <input id="wh-url" className="input" type="url" value={url} maxLength={2000} placeholder="https://ml.example.com/triad-hook" autoComplete="off"
          onChange={(e) => setUrl(e.target.value)} aria-invalid={!!fields.url} />
      </Field>
      <fieldset className="field webhook-events">
        <legend className="field-label">Events</legend>
        {WEBHOOK_EVENTS.map((ev) => (
          <label key={ev} className="check">
            <input type="checkbox" checked={events.includes(ev)} onChange={(e) => toggle(ev, e.target.checked)} />
            <span><code>{ev}</code> <span className="muted">{WEBHOOK_EVENT_HELP[ev]}</span></span>
          </label>
        ))}
        {fields.events && <p className="field-error">{fields.events}</p>}
      </fieldset>
      <div className="form-row-end">
        <button type="submit" className="btn btn-primary" disabled={busy || !url.trim() || events.length === 0}>{busy ? 'Adding…' : 'Add webhook'}</button>
      </div>
      <InlineError>{error}</InlineError>
    </form>
  );
}

/** A project's webhooks: add one (URL, events), its secret shown once, enable or disable, delete, send a test; and the delivery log. */
export default function WebhooksTab({ project }: { project: ProjectDto }) {
  const toast = useStore((s) => s.toast);
  const [hooks, setHooks] = useState<WebhookDto[] | null>(null);
  const [created, setCreated] = useState<CreatedWebhookDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  // Bumped after a test is queued, so the log reads again at once.
  const [logVersion, setLogVersion] = useState(0);

  const load = useCallback(async () => {
    try { setHooks((await webhooksApi.list(project.id)).webhooks); } catch (e) { setError(messageOf(e)); }
  }, [project.id]);
  useEffect(() => { void load(); }, [load]);

  async function act(id: number, what: () => Promise<void>) {
    setBusy(id);
    try { await what(); } catch (e) { toast('error', messageOf(e)); } finally { setBusy(null); }
  }
  const replace = (w: WebhookDto) => setHooks((list) => list?.map((x) => (x.id === w.id ? w : x)) ?? null);

  return (
    <>
      <section className="card section" aria-labelledby="webhooks-title">
        <div className="section-head"><h2 id="webhooks-title">Webhooks</h2></div>
        <p className="muted">
          Tell your pipeline when something happens in this project: Triad sends a signed JSON POST to each address for the events it
          subscribes to, retrying with backoff until the receiver answers 2xx. Bodies carry ids and states; fetch labels with an API token.
        </p>
        <AddWebhookForm projectId={project.id} onCreated={(c) => { setCreated(c); setHooks((l) => [...(l ?? []), c.webhook]); }} />
        {created && (
          <SecretOnce label="Signing secret" inputLabel="Signing secret of the new webhook" value={created.secret} onDone={() => setCreated(null)}
            hint={<>The receiver checks <code>X-Triad-Signature</code> (HMAC-SHA256 of <code>timestamp.body</code> with this secret) before trusting a request.</>}>
            Webhook added. Copy its signing secret now: it is not shown again.
          </SecretOnce>
        )}
        <InlineError>{error}</InlineError>
        {!hooks && !error && <Loading label="Loading webhooks" />}
        {hooks && hooks.length === 0 && <p className="muted">No webhooks yet.</p>}
        {hooks && hooks.length > 0 && (
          <div className="table-wrap">
            <table className="table" aria-label="Webhooks">
              <thead>
                <tr>
                  <th scope="col">Address</th>
                  <th scope="col">Events</th>
                  <th scope="col">Status</th>
                  <th scope="col"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {hooks.map((w) => (
                  <tr key={w.id} data-testid={`webhook-${w.id}`} className={w.enabled ? undefined : 'row-disabled'}>
                    <td><div className="cell-primary webhook-url">{w.url}</div><div className="cell-secondary">secret <code>{w.secretHint}…</code></div></td>
                    <td>{w.events.map((ev) => <div key={ev}><code>{ev}</code></div>)}</td>
                    <td><Badge tone={w.enabled ? 'success' : 'neutral'}>{w.enabled ? 'enabled' : 'disabled'}</Badge></td>
                    <td className="cell-actions">
                      <span className="inline-form">
                        <button type="button" className="btn btn-secondary btn-sm" disabled={busy === w.id || !w.enabled}
                          title={w.enabled ? undefined : 'Enable it to send a test'}
                          onClick={() => void act(w.id, async () => { await webhooksApi.test(project.id, w.id); setLogVersion((v) => v + 1); toast('success', 'Test queued: watch the delivery log'); })}>
                          Send test
                        </button>
                        <button type="button" className="btn btn-secondary btn-sm" disabled={busy === w.id}
                          onClick={() => void act(w.id, async () => replace((await webhooksApi.update(project.id, w.id, { enabled: !w.enabled })).webhook))}>
                          {w.enabled ? 'Disable' : 'Enable'}
                        </button>
                        {confirming === w.id ? (
                          <>
                            <button type="button" className="btn btn-danger btn-sm" disabled={busy === w.id}
                              onClick={() => void act(w.id, async () => {
                                await webhooksApi.remove(project.id, w.id);
                                setHooks((l) => l?.filter((x) => x.id !== w.id) ?? null);
                                setConfirming(null);
                                setLogVersion((v) => v + 1);
                              })}>
                              Delete it and its log
                            </button>
                            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setConfirming(null)}>Keep</button>
                          </>
                        ) : (
                          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setConfirming(w.id)} aria-label={`Delete webhook ${w.url}`}>Delete</button>
                        )}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <DeliveryLog projectId={project.id} webhooks={hooks ?? []} version={logVersion} />
    </>
  );
}
