/**
 * Workbench suite: the labeling page in Chromium (Debian's /usr/bin/chromium through playwright-core)
 * against the built server with the demo seed on a temporary DATA_DIR. Every figure is measured inside
 * the page (performance.now, requestAnimationFrame), so the driver's own latency does not count.
 *
 *   submit_to_next_ms       Ctrl+Enter to the next row's editor on screen (median of the measured rows)
 *   ner_50k_open_ms         navigation to a 50,000-character document with 500 suggested spans, interactive
 *   bbox_1000_pan_frame_ms  mean frame time while panning an image with 1,000 boxes
 *   audio_1h_waveform_ms    navigation to the drawn waveform of a one-hour WAV (peaks computed on upload)
 *   js_initial_kb_gz        gzipped JavaScript loaded by sign-in and the project list, before any editor
 *   bbox_1_pan_frame_ms     baseline for the above: the same pan over the same image with one box
 *   bbox_1000_pan_busy_ms   main-thread task time per frame of that pan (bbox_1_pan_busy_ms: one box);
 *                           frame intervals cannot go below the 60 Hz vsync (16.7 ms), this can
 *   blank_page_ms           baseline: loading a trivial document from the same server
 *
 * BENCH_ONLY=bbox_1000_pan_frame_ms (comma-separated figure names) measures only those figures.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { report, rng, type Figures } from './lib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PASSWORD = 'triad-demo';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

// ---------------------------------------------------------------------------------------------------------
// Server and API

async function startServer(): Promise<{ base: string; proc: ChildProcess; dataDir: string }> {
  if (!fs.existsSync(path.join(root, 'dist/client/index.html'))) {
    console.log('building the client (dist/client is missing)…');
    const r = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('vite build failed');
  }
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-bench-'));
  const proc = spawn('npx', ['tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, TRIAD_MAX_AUDIO_MB: '200' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  proc.stdout!.on('data', (d) => (log += d));
  proc.stderr!.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { base, proc, dataDir };
    } catch {
      /* not up yet */
    }
    if (proc.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server did not start:\n${log}`);
}

/** A signed-in API client for scripted setup (Node sends no Origin, which the server accepts). */
class Api {
  private cookie = '';
  constructor(readonly base: string) {}

  static async as(base: string, email: string): Promise<Api> {
    const a = new Api(base);
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }),
    });
    if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
    a.cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return a;
  }

  async call<T>(method: string, p: string, body?: unknown, type = 'application/json'): Promise<T> {
    const raw = body instanceof Uint8Array || typeof body === 'string';
    const res = await fetch(`${this.base}/api${p}`, {
      method,
      headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': raw ? type : 'application/json' }) },
      body: body === undefined ? undefined : raw ? (body as BodyInit) : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : null) as T;
  }
}

async function createProject(lead: Api, name: string, schema: unknown[]): Promise<number> {
  const { project } = await lead.call<{ project: { id: number } }>('POST', '/projects', { name, schema });
  await lead.call('POST', `/projects/${project.id}/members`, { email: 'cat@triad.test', roles: ['annotator'] });
  return project.id;
}

async function importRows(lead: Api, pid: number, rows: unknown[]): Promise<void> {
  await lead.call('POST', `/projects/${pid}/imports?format=jsonl`, rows.map((r) => JSON.stringify(r)).join('\n') + '\n', 'application/x-ndjson');
}

// ---------------------------------------------------------------------------------------------------------
// Generated data

/** ~50,000 characters of sentence-like text and 500 non-overlapping word spans over it. */
function nerDocument(): { text: string; spans: { start: number; end: number; label: string; text: string }[] } {
  const rand = rng(7);
  const words = ['market', 'Berlin', 'Acme', 'river', 'report', 'Paris', 'quarter', 'growth', 'Maria', 'bank', 'signal', 'council', 'Tokyo', 'engine'];
  let text = '';
  while (text.length < 50_000) {
    const n = 8 + Math.floor(rand() * 12);
    const sentence = Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(' ');
    text += sentence.charAt(0).toUpperCase() + sentence.slice(1) + '. ';
    if (rand() < 0.08) text += '\n\n';
  }
  text = text.slice(0, 50_000);
  const starts: number[] = [];
  for (const m of text.matchAll(/[A-Za-z]+/g)) starts.push(m.index!);
  const labels = ['PER', 'ORG', 'LOC', 'MISC'];
  const step = Math.floor(starts.length / 500);
  const spans = Array.from({ length: 500 }, (_, i) => {
    const start = starts[i * step];
    const end = start + /^[A-Za-z]+/.exec(text.slice(start))![0].length;
    return { start, end, label: labels[i % labels.length], text: text.slice(start, end) };
  });
  return { text, spans };
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * An RGB PNG with a gradient and a grid, so panning has real pixels to move. `mark` sets the first pixel:
 * uploads are stored by content, so images for different projects must differ.
 */
function png(width: number, height: number, mark = 0): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x++) {
      const grid = x % 64 === 0 || y % 64 === 0;
      raw[row + 1 + x * 3] = grid ? 40 : (x * 255) / width;
      raw[row + 2 + x * 3] = grid ? 40 : (y * 255) / height;
      raw[row + 3 + x * 3] = grid ? 40 : 160;
    }
  }
  raw[1] = mark & 0xff;
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A mono 16-bit PCM WAV of `seconds` at `rate` Hz: bursts of tone and silence, like speech. */
function wav(seconds: number, rate = 8000): Buffer {
  const n = seconds * rate;
  const buf = Buffer.alloc(44 + n * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + n * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    const env = Math.sin(Math.PI * ((t * 0.7) % 1)) ** 2 * (Math.floor(t / 3) % 3 === 2 ? 0.05 : 1);
    buf.writeInt16LE(Math.round(12000 * env * Math.sin(2 * Math.PI * 220 * t)), 44 + i * 2);
  }
  return buf;
}

// ---------------------------------------------------------------------------------------------------------
// Browser steps

async function signIn(page: Page, base: string, email: string) {
  await page.goto(`${base}/signin`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('current-user').waitFor();
}

/**
 * ms from navigation start until `ready` holds, read at the first animation frame where it does. The
 * poll is an evaluated expression, not waitForFunction: that one evals its string in the page, which
 * the server's CSP (no 'unsafe-eval') refuses.
 */
async function openTime(page: Page, url: string, ready: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  return (await page.evaluate(`new Promise((resolve, reject) => {
    const late = setTimeout(() => reject(new Error('not ready after 120 s: ' + ${JSON.stringify(ready)})), 120000);
    const check = () => {
      if (${ready}) {
        clearTimeout(late);
        resolve(performance.now());
      } else requestAnimationFrame(check);
    };
    check();
  })`)) as number;
}

async function blankPage(page: Page, base: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    await page.goto(`${base}/api/health`);
    times.push(await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return nav.loadEventEnd || performance.now();
    }));
  }
  return median(times.slice(2));
}

async function initialJs(browser: Browser, base: string): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const scripts = new Map<string, number>();
  page.on('response', async (r) => {
    if (r.request().resourceType() !== 'script') return;
    try {
      scripts.set(r.url(), zlib.gzipSync(await r.body()).length);
    } catch {
      /* a redirect has no body */
    }
  });
  await signIn(page, base, 'cat@triad.test');
  await page.getByTestId('project-list').waitFor();
  await page.waitForLoadState('networkidle');
  const editorLoaded = [...scripts.keys()].some((u) => /Editor|BboxCanvas|Waveform/.test(u));
  if (editorLoaded) throw new Error('an editor chunk was loaded by the project list');
  await context.close();
  return [...scripts.values()].reduce((s, n) => s + n, 0) / 1024;
}

async function submitToNext(page: Page, base: string, cat: Api): Promise<number> {
  const { projects } = await cat.call<{ projects: { id: number; name: string }[] }>('GET', '/projects');
  const pid = projects.find((p) => p.name === 'Review sentiment')!.id;
  await cat.call('POST', `/projects/${pid}/guidelines/acknowledge`, { version: 1 });
  await page.goto(`${base}/projects/${pid}/label`);
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    await page.locator('[data-question] .tk-chips button').first().waitFor();
    // The row ahead has had time to be claimed, as it has while a person reads a row.
    await page.waitForTimeout(400);
    await page.keyboard.press(String(1 + (i % 3)));
    await page.locator('.lb-submit:not([disabled])').waitFor();
    const before = await page.getByTestId('workbench').getAttribute('data-assignment');
    // A string, not a function: tsx would wrap named closures in a helper the page does not have.
    await page.evaluate(`(() => {
      const before = ${JSON.stringify(before)};
      window.__t1 = new Promise((resolve) => {
        const check = () => {
          const wb = document.querySelector('[data-testid="workbench"]');
          const ready = wb && wb.getAttribute('data-assignment') !== before && wb.querySelector('[data-question] .tk-chips button');
          if (ready) requestAnimationFrame(() => resolve(performance.now()));
          else requestAnimationFrame(check);
        };
        // Not once: the Control key's own keydown comes first.
        const onKey = (e) => {
          if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return;
          window.removeEventListener('keydown', onKey, true);
          window.__t0 = performance.now();
          check();
        };
        window.addEventListener('keydown', onKey, true);
      });
    })()`);
    await page.keyboard.press('Control+Enter');
    const dt = await page.evaluate(async () => {
      const w = window as unknown as { __t0: number; __t1: Promise<number> };
      const late = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no next row after 20 s (now ${document.querySelector('[data-testid="workbench"]')?.getAttribute('data-assignment')}, t0 ${w.__t0}): ${document.querySelector('.lb-notices')?.textContent ?? ''}`)), 20_000));
      return (await Promise.race([w.__t1, late])) - w.__t0;
    });
    if (i >= 2) times.push(dt);
  }
  return median(times);
}

async function nerOpen(page: Page, base: string, lead: Api): Promise<number> {
  const { text, spans } = nerDocument();
  const pid = await createProject(lead, 'Bench: long document', [
    { id: 'entities', type: 'ner', title: 'Entities', config: { field: 'text', labels: ['PER', 'ORG', 'LOC', 'MISC'] } },
  ]);
  await importRows(lead, pid, [{ externalId: 'doc-1', data: { text }, prelabels: { entities: { spans } } }]);
  const times: number[] = [];
  for (let i = 0; i < 4; i++) {
    times.push(await openTime(page, `${base}/projects/${pid}/label`,
      `document.querySelector('[data-testid="ner-text"] .ner-sug') && /500 suggested spans/.test(document.body.innerText)`));
  }
  // The first open compiles and caches the chunks; a labeler opens many rows, so the warm figure counts.
  return median(times.slice(1));
}

interface PanRun {
  /** Mean requestAnimationFrame interval during the drag. */
  frameMs: number;
  /** Main-thread busy time per frame (CDP Performance.TaskDuration): the work a frame costs, below vsync. */
  busyMs: number;
  /** Frames in which the stage stood somewhere other than in the frame before. */
  movedFrames: number;
  frames: number;
}

/** The editor's image (a grid, so panning has pixels to move) in a project of its own, with `n` boxes. */
async function bboxProject(lead: Api, cat: Api, n: number): Promise<number> {
  const W = 1600, H = 1000;
  const pid = await createProject(lead, `Bench: ${n} boxes`, [
    { id: 'objects', type: 'bbox', title: 'Objects', config: { field: 'image', labels: ['car', 'person', 'sign'] } },
  ]);
  const { media } = await lead.call<{ media: { url: string } }>('POST', `/projects/${pid}/media?name=scene.png`, new Uint8Array(png(W, H, n)), 'image/png');
  await importRows(lead, pid, [{ externalId: 'img-1', data: { image: media.url } }]);
  const rand = rng(3);
  const boxes = Array.from({ length: n }, (_, i) => {
    const w = 20 + Math.floor(rand() * 80), h = 20 + Math.floor(rand() * 80);
    return { x: Math.floor(rand() * (W - w)), y: Math.floor(rand() * (H - h)), w, h, label: ['car', 'person', 'sign'][i % 3] };
  });
  // The boxes are the person's own draft (not suggestions): the editor's heaviest drawing case.
  const claim = await cat.call<{ assignment: { id: number } }>('POST', `/projects/${pid}/next`, { role: 'label' });
  await cat.call('POST', `/assignments/${claim.assignment.id}/draft`, { answer: { objects: { width: W, height: H, boxes } } });
  return pid;
}

/**
 * Pans the editor's image with the middle button and returns the frame times together with proof that
 * the view moved: a frame figure from a drag that pans nothing (a lost mousedown, a handler that bails
 * out) would look fast and mean nothing, so the stage's own position is read every frame and checked.
 */
async function bboxPan(page: Page, base: string, pid: number, n: number): Promise<PanRun> {
  await page.goto(`${base}/projects/${pid}/label`);
  await page.getByRole('heading', { name: new RegExp(`Boxes \\(${n}\\)`) }).waitFor({ timeout: 60_000 });
  const canvas = page.locator('.bb-stage canvas').first();
  await canvas.waitFor();
  await page.waitForTimeout(500);
  const b = (await canvas.boundingBox())!;
  const cx = b.x + b.width / 2, cy = b.y + b.height / 2;
  // Konva puts itself on window; the editor's stage is the one inside .bb-stage.
  const stageX = `(() => {
    const s = (window.Konva?.stages ?? []).find((st) => st.container().closest('.bb-stage'));
    return s ? s.x() : NaN;
  })()`;
  const x0 = (await page.evaluate(stageX)) as number;
  if (!Number.isFinite(x0)) throw new Error('bbox pan: no Konva stage in .bb-stage');
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__xs = [];
    window.__run = true;
    const tick = (t) => {
      window.__frames.push(t);
      window.__xs.push(${stageX});
      if (window.__run) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value * 1000;
  const busy0 = await busy();
  // Pan with the middle button, back and forth, as a person inspects a crowded image.
  const step = 8, steps = 30;
  await page.mouse.move(cx, cy);
  await page.mouse.down({ button: 'middle' });
  for (let k = 0; k < 4; k++) {
    const dir = k % 2 === 0 ? 1 : -1;
    for (let s = 1; s <= steps; s++) await page.mouse.move(cx + dir * s * step, cy + dir * s * step / 2);
  }
  // The last frame of the drag must have been painted with the pointer's final offset before letting go.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const { frames, xs } = (await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __xs: number[]; __run: boolean };
    w.__run = false;
    return { frames: w.__frames, xs: w.__xs };
  })) as { frames: number[]; xs: number[] };
  const busyMs = ((await busy()) - busy0) / frames.length;
  await cdp.detach();
  await page.mouse.up({ button: 'middle' });
  const end = (await page.evaluate(stageX)) as number;
  const reach = Math.max(...xs.map((x) => Math.abs(x - x0)));
  const want = -steps * step;
  if (reach < steps * step * 0.9 || Math.abs(end - x0 - want) > 2) {
    throw new Error(`bbox pan (${n} boxes): the view did not follow the drag (stage x ${x0} → ${end}, want ${x0 + want}; farthest ${reach} px)`);
  }
  const movedFrames = xs.slice(1).filter((x, i) => x !== xs[i]).length;
  if (movedFrames < steps) throw new Error(`bbox pan (${n} boxes): the view moved in only ${movedFrames} frames`);
  const deltas = frames.slice(1).map((t, i) => t - frames[i]);
  return { frameMs: mean(deltas.slice(2)), busyMs, movedFrames, frames: frames.length };
}

async function audioHour(page: Page, base: string, lead: Api): Promise<number> {
  const pid = await createProject(lead, 'Bench: one hour', [
    { id: 'speech', type: 'audio', title: 'Segments', config: { field: 'audio', labels: ['speech', 'noise'] } },
  ]);
  console.log('uploading a one-hour WAV (peaks are computed on upload)…');
  const t0 = performance.now();
  const { media } = await lead.call<{ media: { url: string; peaks: boolean; duration: number | null } }>(
    'POST', `/projects/${pid}/media?name=hour.wav`, new Uint8Array(wav(3600)), 'audio/wav',
  );
  console.log(`  upload + peaks: ${Math.round(performance.now() - t0)} ms, duration ${media.duration} s, peaks ${media.peaks}`);
  await importRows(lead, pid, [{ externalId: 'hour-1', data: { audio: media.url } }]);
  const times: number[] = [];
  for (let i = 0; i < 4; i++) {
    times.push(await openTime(page, `${base}/projects/${pid}/label`,
      `!!document.querySelector('.au-wave') && !/Loading the waveform/.test(document.body.innerText) && [...document.querySelectorAll('.au-wave *')].some((e) => [...(e.shadowRoot ? e.shadowRoot.querySelectorAll('canvas') : []), ...(e.tagName === 'CANVAS' ? [e] : [])].some((c) => c.width > 0))`));
  }
  return median(times.slice(1));
}

// ---------------------------------------------------------------------------------------------------------

/** BENCH_ONLY=figure[,figure…] measures only those (while working on one, the rest take minutes). */
const only = (process.env.BENCH_ONLY ?? '').split(',').map((f) => f.trim()).filter(Boolean);
const want = (figure: string) => only.length === 0 || only.includes(figure);

async function main() {
  const { base, proc, dataDir } = await startServer();
  // The server runs in its own process group: take it down with us however this process ends.
  const stop = () => {
    if (proc.pid && proc.exitCode === null) process.kill(-proc.pid, 'SIGTERM');
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => (stop(), process.exit(1)));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const figures: Figures = {};
  const notes: Record<string, string> = {};
  try {
    const lead = await Api.as(base, 'lead@triad.test');
    const cat = await Api.as(base, 'cat@triad.test');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();

    if (want('blank_page_ms')) {
      console.log('measuring blank_page_ms…');
      figures.blank_page_ms = { value: await blankPage(page, base), unit: 'ms' };
      console.log(`  blank_page_ms: ${figures.blank_page_ms.value.toFixed(1)} ms`);
      notes.blank_page_ms = 'baseline: GET /api/health as a document';
    }
    if (want('js_initial_kb_gz')) {
      console.log('measuring js_initial_kb_gz…');
      figures.js_initial_kb_gz = { value: await initialJs(browser, base), unit: 'KB' };
      console.log(`  js_initial_kb_gz: ${figures.js_initial_kb_gz.value.toFixed(1)} KB`);
      notes.js_initial_kb_gz = 'sign-in + project list, gzip -6';
    }
    await signIn(page, base, 'cat@triad.test');
    if (want('submit_to_next_ms')) {
      console.log('measuring submit_to_next_ms…');
      figures.submit_to_next_ms = { value: await submitToNext(page, base, cat), unit: 'ms' };
      console.log(`  submit_to_next_ms: ${figures.submit_to_next_ms.value.toFixed(1)} ms`);
      notes.submit_to_next_ms = 'Ctrl+Enter to the next editor, median of 8';
    }
    if (want('ner_50k_open_ms')) {
      console.log('measuring ner_50k_open_ms…');
      figures.ner_50k_open_ms = { value: await nerOpen(page, base, lead), unit: 'ms' };
      console.log(`  ner_50k_open_ms: ${figures.ner_50k_open_ms.value.toFixed(1)} ms`);
      notes.ner_50k_open_ms = '50k chars, 500 suggested spans, warm';
    }
    if (want('bbox_1000_pan_frame_ms')) {
      console.log('measuring bbox_1000_pan_frame_ms…');
      // Both images open in the same run: the 1-box pan is what the page and the browser cost on their own.
      const many = await bboxProject(lead, cat, 1000);
      const one = await bboxProject(lead, cat, 1);
      const runs: { many: PanRun[]; one: PanRun[] } = { many: [], one: [] };
      for (let i = 0; i < 3; i++) {
        runs.one.push(await bboxPan(page, base, one, 1));
        runs.many.push(await bboxPan(page, base, many, 1000));
      }
      const show = (r: PanRun[]) => r.map((x) => `${x.frameMs.toFixed(1)} ms, busy ${x.busyMs.toFixed(1)} ms (${x.movedFrames}/${x.frames} frames moved)`).join('; ');
      console.log(`  1 box:      ${show(runs.one)}`);
      console.log(`  1000 boxes: ${show(runs.many)}`);
      figures.bbox_1000_pan_frame_ms = { value: median(runs.many.map((r) => r.frameMs)), unit: 'ms' };
      figures.bbox_1_pan_frame_ms = { value: median(runs.one.map((r) => r.frameMs)), unit: 'ms' };
      figures.bbox_1000_pan_busy_ms = { value: median(runs.many.map((r) => r.busyMs)), unit: 'ms' };
      figures.bbox_1_pan_busy_ms = { value: median(runs.one.map((r) => r.busyMs)), unit: 'ms' };
      console.log(`  bbox_1000_pan_frame_ms: ${figures.bbox_1000_pan_frame_ms.value.toFixed(1)} ms (1 box: ${figures.bbox_1_pan_frame_ms.value.toFixed(1)} ms)`);
      notes.bbox_1000_pan_frame_ms = 'mean rAF interval, middle-button pan, median of 3; the stage is checked to move';
      notes.bbox_1_pan_frame_ms = 'baseline: the same pan over the same image with 1 box';
      notes.bbox_1000_pan_busy_ms = 'main-thread task time per frame of that pan (rAF intervals stop at the 60 Hz vsync)';
      notes.bbox_1_pan_busy_ms = 'baseline: the same with 1 box';
    }
    if (want('audio_1h_waveform_ms')) {
      console.log('measuring audio_1h_waveform_ms…');
      figures.audio_1h_waveform_ms = { value: await audioHour(page, base, lead), unit: 'ms' };
      console.log(`  audio_1h_waveform_ms: ${figures.audio_1h_waveform_ms.value.toFixed(1)} ms`);
      notes.audio_1h_waveform_ms = '8 kHz mono WAV, 1 h, warm';
    }
    await context.close();
  } finally {
    await browser.close();
    stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  // A partial run must not overwrite the full suite's results file.
  report(only.length ? 'workbench-partial' : 'workbench', figures, notes);
}

await main();
