/**
 * bbox_1000_pan_frame_ms: mean frame time while panning an image with 1,000 boxes, with its baselines
 * from the same runs: the same pan over the same image with one box (bbox_1_pan_frame_ms), and the
 * main-thread task time per frame of both pans (bbox_1000_pan_busy_ms, bbox_1_pan_busy_ms): frame
 * intervals cannot go below the 60 Hz vsync (16.7 ms), task time can.
 */
import { rng } from '../lib';
import type { WorkbenchFigure } from './figure';
import { png } from './media';
import { mean, median } from './page';
import { createProject, importRows, type Api } from './server';
import type { Page } from 'playwright-core';

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

export const bboxPanFigure: WorkbenchFigure = {
  name: 'bbox_1000_pan_frame_ms',
  async measure({ page, base, lead, cat }) {
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
    const oneFrame = median(runs.one.map((r) => r.frameMs));
    return {
      value: median(runs.many.map((r) => r.frameMs)),
      unit: 'ms',
      note: 'mean rAF interval, middle-button pan, median of 3; the stage is checked to move',
      aside: `(1 box: ${oneFrame.toFixed(1)} ms)`,
      more: {
        bbox_1_pan_frame_ms: { value: oneFrame, unit: 'ms', note: 'baseline: the same pan over the same image with 1 box' },
        bbox_1000_pan_busy_ms: {
          value: median(runs.many.map((r) => r.busyMs)),
          unit: 'ms',
          note: 'main-thread task time per frame of that pan (rAF intervals stop at the 60 Hz vsync)',
        },
        bbox_1_pan_busy_ms: { value: median(runs.one.map((r) => r.busyMs)), unit: 'ms', note: 'baseline: the same with 1 box' },
      },
    };
  },
};
