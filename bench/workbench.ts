/**
 * Workbench suite: the labeling page in Chromium (Debian's /usr/bin/chromium through playwright-core)
 * against the built server with the demo seed on a temporary DATA_DIR. Every figure is measured inside
 * the page (performance.now, requestAnimationFrame), so the driver's own latency does not count.
 *
 *   submit_to_next_ms       Ctrl+Enter to the next row's editor on screen (median of the measured rows)
 *   ner_50k_open_ms         navigation to a 50,000-character document with 500 suggested spans, interactive
 *   chat_50_turns_open_ms   navigation to a 50-message conversation (code, tables, math) with its code highlighted;
 *                           chat_1_turn_open_ms: the same page with one message (baseline)
 *   bbox_1000_pan_frame_ms  mean frame time while panning an image with 1,000 boxes
 *   audio_1h_waveform_ms    navigation to the drawn waveform of a one-hour WAV (peaks computed on upload)
 *   js_initial_kb_gz        gzipped JavaScript loaded by sign-in and the project list, before any editor
 *   bbox_1_pan_frame_ms     baseline for the above: the same pan over the same image with one box
 *   bbox_1000_pan_busy_ms   main-thread task time per frame of that pan (bbox_1_pan_busy_ms: one box);
 *                           frame intervals cannot go below the 60 Hz vsync (16.7 ms), this can
 *   blank_page_ms           baseline: loading a trivial document from the same server
 *
 * Each figure is a file in bench/workbench/ listed in bench/workbench/figures.ts.
 * BENCH_ONLY=bbox_1000_pan_frame_ms (comma-separated figure names) measures only those figures.
 */
import { report, type Figures } from './lib';
import type { BenchContext, WorkbenchFigure } from './workbench/figure';
import { workbenchFigures } from './workbench/figures';
import { launchBrowser, signIn } from './workbench/page';
import { Api, startServer } from './workbench/server';

/** BENCH_ONLY=figure[,figure…] measures only those (while working on one, the rest take minutes). */
const only = (process.env.BENCH_ONLY ?? '').split(',').map((f) => f.trim()).filter(Boolean);
const unknown = only.filter((name) => !workbenchFigures.some((f) => f.name === name));
if (unknown.length) {
  console.error(`BENCH_ONLY names unknown figures: ${unknown.join(', ')}; known: ${workbenchFigures.map((f) => f.name).join(', ')}`);
  process.exit(2);
}
const chosen = workbenchFigures.filter((f) => only.length === 0 || only.includes(f.name));

async function measure(figure: WorkbenchFigure, ctx: BenchContext, figures: Figures, notes: Record<string, string>) {
  console.log(`measuring ${figure.name}…`);
  const m = await figure.measure(ctx);
  console.log(`  ${figure.name}: ${m.value.toFixed(1)} ${m.unit}${m.aside ? ` ${m.aside}` : ''}`);
  for (const [name, f] of Object.entries({ [figure.name]: m, ...m.more })) {
    figures[name] = { value: f.value, unit: f.unit };
    notes[name] = f.note;
  }
}

async function main() {
  const server = await startServer();
  // The server runs in its own process group: take it down with us however this process ends.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => (server.stop(), process.exit(1)));
  const browser = await launchBrowser();
  const figures: Figures = {};
  const notes: Record<string, string> = {};
  try {
    const { base } = server;
    const lead = await Api.as(base, 'lead@triad.test');
    const cat = await Api.as(base, 'cat@triad.test');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const ctx: BenchContext = { base, browser, page: await context.newPage(), lead, cat };
    for (const figure of chosen.filter((f) => f.signedOut)) await measure(figure, ctx, figures, notes);
    await signIn(ctx.page, base, 'cat@triad.test');
    for (const figure of chosen.filter((f) => !f.signedOut)) await measure(figure, ctx, figures, notes);
    await context.close();
  } finally {
    await browser.close();
    server.stop();
  }
  // A partial run must not overwrite the full suite's results file.
  report(only.length ? 'workbench-partial' : 'workbench', figures, notes);
}

await main();
