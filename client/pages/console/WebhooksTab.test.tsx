import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ProjectDto } from '@shared/api/projects';
import type { DeliveryDto, WebhookDto } from '@shared/api/webhooks';
import { settingsSchema } from '@shared/project';
import { apiError, fakeApi, signedInEachTest } from '../../testing/fakeApi';
import WebhooksTab from './WebhooksTab';

const project: ProjectDto = { id: 3, name: 'Reviews', description: '', archived: false, createdAt: 0, roles: ['lead'], schema: [], settings: settingsSchema.parse({}) };
signedInEachTest();

/** A small fake of the webhook routes that keeps its state, as the server would. */
function fakeServer() {
  const hooks: WebhookDto[] = [];
  const deliveries: DeliveryDto[] = [];
  const api = fakeApi({
    'GET /api/projects/3/webhooks': () => ({ webhooks: hooks }),
    'POST /api/projects/3/webhooks': ({ body }) => {
      const b = body as { url: string; events: WebhookDto['events'] };
      if (b.url.includes('127.0.0.1')) return apiError(400, 'bad_request', 'url: 127.0.0.1 is a loopback address. Triad sends webhooks to public addresses only', [{ path: 'url', message: '127.0.0.1 is a loopback address' }]);
      const w: WebhookDto = { id: hooks.length + 1, url: b.url, events: b.events, enabled: true, secretHint: 'whsec_AbCd', createdAt: 0, createdBy: 1 };
      hooks.push(w);
      return { webhook: w, secret: 'whsec_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg' };
    },
    'PATCH /api/projects/3/webhooks/:id': ({ body }, { id }) => {
      const w = hooks.find((h) => h.id === Number(id))!;
      Object.assign(w, body);
      return { webhook: { ...w } };
    },
    'POST /api/projects/3/webhooks/:id/test': (_, { id }) => {
      const d: DeliveryDto = {
        id: deliveries.length + 1, deliveryId: 'b3a1c2d4-0000-4000-8000-000000000001', webhookId: Number(id), event: 'webhook.test', status: 'pending',
        attempts: 0, statusCode: null, error: null, createdAt: Date.now(), lastAttemptAt: null, nextAttemptAt: Date.now(), deliveredAt: null,
      };
      deliveries.unshift(d);
      return { delivery: d };
    },
    'GET /api/projects/3/webhooks/deliveries': () => ({ deliveries: deliveries.map((d) => ({ ...d })), nextBefore: null }),
    'DELETE /api/projects/3/webhooks/:id': (_, { id }) => { hooks.splice(hooks.findIndex((h) => h.id === Number(id)), 1); return { deleted: true, webhookId: Number(id) }; },
  });
  return { api, hooks, deliveries };
}

describe('WebhooksTab', () => {
  it('adds a webhook, shows its secret once, sends a test and shows it in the log as the worker delivers it', async () => {
    const server = fakeServer();
    const user = userEvent.setup();
    render(<WebhooksTab project={project} />);
    expect(await screen.findByText('No webhooks yet.')).toBeTruthy();

    // An internal address: the server's reason shows beside the field.
    await user.type(screen.getByLabelText('Receiver address'), 'http://127.0.0.1/hook');
    await user.click(screen.getByRole('button', { name: 'Add webhook' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/loopback address/);

    await user.clear(screen.getByLabelText('Receiver address'));
    await user.type(screen.getByLabelText('Receiver address'), 'https://ml.example.com/triad-hook');
    await user.click(screen.getByRole('checkbox', { name: /export\.ready/ }));
    await user.click(screen.getByRole('button', { name: 'Add webhook' }));
    const secret = await screen.findByLabelText('Signing secret of the new webhook');
    expect((secret as HTMLInputElement).value).toBe('whsec_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg');
    expect(server.api.callsTo('POST', '/api/projects/3/webhooks').at(-1)!.body).toEqual({ url: 'https://ml.example.com/triad-hook', events: ['row.finalized', 'export.ready'] });
    await user.click(screen.getByRole('button', { name: 'I have stored it' }));
    expect(screen.queryByLabelText('Signing secret of the new webhook')).toBeNull();

    const row = screen.getByTestId('webhook-1');
    expect(within(row).getByText('https://ml.example.com/triad-hook')).toBeTruthy();
    expect(within(row).getByText('export.ready')).toBeTruthy();
    await user.click(within(row).getByRole('button', { name: 'Send test' }));
    const log = await screen.findByRole('table', { name: 'Deliveries' });
    expect(within(log).getByText('webhook.test')).toBeTruthy();
    expect(within(log).getByText('pending')).toBeTruthy();

    // The worker delivers it; the log, refreshing itself while something is pending, shows the answer.
    Object.assign(server.deliveries[0], { status: 'delivered', attempts: 1, statusCode: 200, lastAttemptAt: Date.now(), deliveredAt: Date.now(), nextAttemptAt: null });
    await waitFor(() => expect(within(log).getByText('delivered')).toBeTruthy(), { timeout: 6000 });
    expect(within(log).getByText('HTTP 200')).toBeTruthy();
  }, 20_000);

  it('disables, enables and deletes a webhook', async () => {
    const server = fakeServer();
    server.hooks.push({ id: 1, url: 'https://hooks.example.com/a', events: ['row.escalated'], enabled: true, secretHint: 'whsec_Zz12', createdAt: 0, createdBy: 1 });
    const user = userEvent.setup();
    render(<WebhooksTab project={project} />);
    const row = await screen.findByTestId('webhook-1');
    await user.click(within(row).getByRole('button', { name: 'Disable' }));
    expect(await within(row).findByText('disabled')).toBeTruthy();
    expect(server.api.callsTo('PATCH', '/api/projects/3/webhooks/1')[0].body).toEqual({ enabled: false });
    expect((within(row).getByRole('button', { name: 'Send test' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(row).getByRole('button', { name: 'Enable' }));
    expect(await within(row).findByText('enabled')).toBeTruthy();
    await user.click(within(row).getByRole('button', { name: 'Delete webhook https://hooks.example.com/a' }));
    await user.click(within(row).getByRole('button', { name: 'Delete it and its log' }));
    expect(await screen.findByText('No webhooks yet.')).toBeTruthy();
  });
});
