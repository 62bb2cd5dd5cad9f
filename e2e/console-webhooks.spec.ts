import http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { shot, signIn } from './helpers';
import { apiJson } from './label-kit';

// A lead wires the project to their pipeline (issue 17 part 3): adds a webhook in the console's Webhooks tab,
// copies the secret shown once, sends a test, and watches the delivery log turn green; the receiver (a
// local server, allowed through TRIAD_WEBHOOK_ALLOW for this group) checks the signature as the README says.

test('a lead adds a webhook, sends a test and sees it delivered in the log', async ({ page }) => {
  const got: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => { got.push({ headers: req.headers, body }); res.writeHead(200).end('ok'); });
  });
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/triad-hook`;
  try {
    await signIn(page, 'lead@triad.test');
    const p = await apiJson<{ project: { id: number } }>(page, 'POST', '/api/projects', {
      name: 'Pipeline hooks', schema: [{ id: 'sentiment', type: 'classification', title: 'Sentiment', config: { field: 'text', labels: [{ value: 'positive', hotkey: '1' }] } }],
    });
    expect(p.status).toBe(201);
    await page.goto(`/projects/${p.body.project.id}/console`);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await expect(page.getByText('No webhooks yet.')).toBeVisible();

    // An internal address nobody allowed is refused, with the reason beside the field.
    const address = page.getByLabel('Receiver address');
    await address.fill('http://10.0.0.7/hook');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect(page.getByRole('alert')).toContainText('10.0.0.7 is a private address');

    await address.fill(url);
    await page.getByRole('checkbox', { name: /row\.escalated/ }).check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secretBox = page.getByLabel('Signing secret of the new webhook');
    await expect(secretBox).toHaveValue(/^whsec_/);
    const secret = await secretBox.inputValue();
    await shot(page, 'webhooks-added-secret');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await expect(secretBox).toHaveCount(0);

    const row = page.getByRole('table', { name: 'Webhooks' }).getByRole('row').filter({ hasText: url });
    await expect(row).toContainText('row.finalized');
    await expect(row).toContainText('row.escalated');
    await row.getByRole('button', { name: 'Send test' }).click();
    const log = page.getByRole('table', { name: 'Deliveries' });
    await expect(log.getByRole('row').filter({ hasText: 'webhook.test' })).toContainText('delivered', { timeout: 20_000 });
    await expect(log).toContainText('HTTP 200');
    await shot(page, 'webhooks-log');

    // What the receiver got verifies with the secret: HMAC-SHA256 of "<t>.<body>".
    expect(got).toHaveLength(1);
    const [t, v1] = String(got[0].headers['x-triad-signature']).split(',').map((x) => x.split('=')[1]);
    expect(createHmac('sha256', secret).update(`${t}.${got[0].body}`).digest('hex')).toBe(v1);
    expect(got[0].headers['x-triad-event']).toBe('webhook.test');
    expect(JSON.parse(got[0].body)).toMatchObject({ event: 'webhook.test', projectId: p.body.project.id });
  } finally {
    await new Promise<void>((ok) => receiver.close(() => ok()));
  }
});
