import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the test receiver got, with the raw body the signature covers. */
export interface Received { headers: http.IncomingHttpHeaders; body: string; at: number; status: number | null }

/**
 * A local HTTP server standing in for a team's webhook endpoint. `answer` decides each request's status
 * (by its 1-based number); 'hang' holds the request without answering, as a stalled receiver does.
 */
export async function startReceiver(answer: (n: number, r: Received) => number | 'hang' = () => 200) {
  const got: Received[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now(), status: null };
      got.push(r);
      const s = rec.answer(got.length, r);
      if (s === 'hang') { hanging.add(res); res.on('close', () => hanging.delete(res)); return; }
      r.status = s;
      res.writeHead(s, { 'content-type': 'text/plain' }).end(s >= 400 ? 'receiver says no' : 'ok');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  const rec = {
    got, answer, port,
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((ok) => { for (const r of hanging) r.destroy(); server.closeAllConnections(); server.close(() => ok()); }),
  };
  return rec;
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Polls until `check` holds (deliveries are sent in the background); fails with `what` after `ms`. */
export async function eventually<T>(what: string, check: () => T | Promise<T>, ms = 20_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}
