/**
 * The queue bench's load client, run in a child process (`runLoad`) so client and server do not share an
 * event loop. Annotators do next+submit, reviewers next+accept, each in a loop for a fixed time; with
 * several API addresses every request goes to the next one in turn, as behind a load balancer without
 * sticky sessions, so a claim made through one process is submitted through another.
 */
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { runSelf } from '../lib';

export interface Worker { cookie: string; role: 'label' | 'qa' | 'hello' }
export interface LoadConfig { tag: string; bases: string[]; workers: Worker[]; projectId: number; seconds: number; keepIds?: boolean }
export interface LoadResult {
  done: number; qaDone: number; seconds: number;
  /** Latencies in ms: next (or hello), then submit; QA next and accept apart. */
  a: number[]; b: number[]; qaA: number[]; qaB: number[];
  errors: string[];
  /** With keepIds: the client submission ids of every submit and accept answered 200. */
  acked: string[];
}

export const runLoad = (cfg: LoadConfig) => runSelf<LoadResult>(import.meta.url, 'QUEUE_CLIENT', cfg);

async function load(cfg: LoadConfig): Promise<LoadResult> {
  const agents = cfg.bases.map(() => new http.Agent({ keepAlive: true, maxSockets: cfg.workers.length }));
  const urls = cfg.bases.map((b) => new URL(b));
  let turn = 0;
  type Reply = { status: number; body: any };
  const call = (method: string, p: string, cookie: string, body?: unknown, retried = false): Promise<Reply> => new Promise<Reply>((resolve, reject) => {
    const k = turn++ % urls.length;
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({
      host: urls[k].hostname, port: urls[k].port, method, path: p, agent: agents[k],
      headers: { cookie, ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null });
      });
    });
    // A kept-alive socket the server closed (idle past its keep-alive timeout) as this request went out:
    // sent again once on a fresh socket, as a browser does. Every call here is safe to repeat (a submit or
    // accept carries its client submission id; asking for work again resumes the claim).
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (!retried && req.reusedSocket && e.code === 'ECONNRESET') call(method, p, cookie, body, true).then(resolve, reject);
      else reject(e);
    });
    // Headers and body in one write, on a socket without Nagle: a body sent as a second small packet waits
    // for the ACK of the first, and a delayed ACK stalls each request by up to 40 ms while both sides idle.
    req.on('socket', (sock) => sock.setNoDelay(true));
    req.end(data);
  });

  const out: LoadResult = { done: 0, qaDone: 0, seconds: 0, a: [], b: [], qaA: [], qaB: [], errors: [], acked: [] };
  const t0 = performance.now();
  const end = t0 + cfg.seconds * 1000;
  const ack = (id: string) => { if (cfg.keepIds) out.acked.push(id); };
  await Promise.all(cfg.workers.map(async ({ cookie, role }, w) => {
    let i = 0;
    while (performance.now() < end) {
      const s = performance.now();
      if (role === 'hello') {
        const r = await call('GET', '/hello', cookie);
        if (r.status !== 200) { out.errors.push(`hello ${r.status}`); continue; }
        out.a.push(performance.now() - s);
        out.done++;
        continue;
      }
      const n = await call('POST', `/api/projects/${cfg.projectId}/next`, cookie, { role });
      const m = performance.now();
      if (n.status !== 200) { out.errors.push(`next ${n.status} ${JSON.stringify(n.body).slice(0, 200)}`); break; }
      if (!n.body.assignment) {
        // Reviewers wait for rows to reach QA; a labeler finding nothing means the rows ran out.
        if (role === 'qa') { await new Promise((r) => setTimeout(r, 20)); continue; }
        out.errors.push(`next: ${n.body.reason}`);
        break;
      }
      const csid = `bench-${cfg.tag}-${w}-${i++}`;
      const sub = role === 'label'
        ? await call('POST', `/api/assignments/${n.body.assignment.id}/submit`, cookie,
          { answer: { sentiment: { labels: [(w + i) % 3 ? 'pos' : 'neg'] } }, clientSubmissionId: csid, activeMs: 1000 })
        : await call('POST', `/api/assignments/${n.body.assignment.id}/resolve`, cookie,
          // The expert's label where there is one, as the review screen preselects it (rule 4).
          { action: 'accept', answer: (n.body.labels.find((l: { expert: boolean }) => l.expert) ?? n.body.labels[0]).answer, clientSubmissionId: csid, activeMs: 1000, reason: { reason: 'Guideline misread' } });
      if (sub.status !== 200) { out.errors.push(`${role === 'label' ? 'submit' : 'accept'} ${sub.status} ${JSON.stringify(sub.body).slice(0, 200)}`); break; }
      ack(csid);
      if (role === 'label') { out.a.push(m - s); out.b.push(performance.now() - m); out.done++; }
      else { out.qaA.push(m - s); out.qaB.push(performance.now() - m); out.qaDone++; }
    }
  }));
  out.seconds = (performance.now() - t0) / 1000;
  for (const a of agents) a.destroy();
  return out;
}

if (process.env.QUEUE_CLIENT && process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await load(JSON.parse(process.env.QUEUE_CLIENT) as LoadConfig);
  process.stdout.write(`\nRESULT ${JSON.stringify(out)}\n`);
}
