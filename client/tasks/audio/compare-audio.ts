import type { AudioAnswer, AudioConfig, AudioSegment } from '@shared/tasks/registry';
import { intervalIou } from '@shared/stats/geometry';
import { deepEqual } from '../compare-common/equal';
import { matchAbove, type Matching } from '../compare-common/matching';

/** Pairs segments as the audio module's agreement does (same label, Hungarian on temporal IoU ≥ threshold). */
export function matchSegments(a: readonly AudioSegment[], b: readonly AudioSegment[], threshold: number): Matching {
  return matchAbove(a, b, intervalIou, threshold);
}

export function hasSegment(final: AudioAnswer, seg: AudioSegment): boolean {
  return final.segments.some((s) => deepEqual(s, seg));
}

/**
 * Takes one segment into the final or takes it out (a toggle); taking one of a matched pair drops its
 * partner, since both are the same stretch of audio. Segments stay in time order.
 */
export function toggleSegment(final: AudioAnswer, seg: AudioSegment, partner: AudioSegment | null): AudioAnswer {
  if (hasSegment(final, seg)) return { ...final, segments: final.segments.filter((s) => !deepEqual(s, seg)) };
  const kept = partner ? final.segments.filter((s) => !deepEqual(s, partner)) : final.segments;
  return { ...final, segments: [...kept, { ...seg }].sort((x, y) => x.start - y.start || x.end - y.end) };
}

export interface ClipRow {
  id: string;
  title: string;
  values: [string | number | undefined, string | number | undefined];
  agree: boolean;
}

/** Clip questions side by side, agreeing by the module's rule (equal, or scale values within tolerance). */
export function clipRows(a: AudioAnswer, b: AudioAnswer, config: AudioConfig): ClipRow[] {
  return config.clipQuestions.map((q) => {
    const va = a.clip[q.id];
    const vb = b.clip[q.id];
    const agree =
      va === vb || (q.kind === 'scale' && typeof va === 'number' && typeof vb === 'number' && Math.abs(va - vb) <= (q.tolerance ?? 0));
    return { id: q.id, title: q.title, values: [va, vb], agree };
  });
}

export function takeClip(final: AudioAnswer, id: string, value: string | number | undefined): AudioAnswer {
  const clip = { ...final.clip };
  if (value === undefined) delete clip[id];
  else clip[id] = value;
  return { ...final, clip };
}

/** m:ss.s — enough precision to tell two boundaries apart by ear. */
export function formatTime(sec: number): string {
  const m = Math.floor(sec / 60);
  const s = sec - m * 60;
  return `${m}:${s.toFixed(1).padStart(4, '0')}`;
}

export interface RegionSpec {
  /** `<side>:<index>`, read back when a region is clicked. */
  id: string;
  start: number;
  end: number;
  /** Labeler 1 on the upper lane, Labeler 2 on the lower one. */
  channelIdx: 0 | 1;
  color: string;
  content: string;
}

export function regionId(side: 0 | 1, index: number): string {
  return `${side}:${index}`;
}

export function parseRegionId(id: string): { side: 0 | 1; index: number } | null {
  const m = /^([01]):(\d+)$/.exec(id);
  return m ? { side: Number(m[1]) as 0 | 1, index: Number(m[2]) } : null;
}

/**
 * The regions drawn on the waveform: one lane per labeler in that labeler's colour, matched segments
 * numbered alike ("#2" on both lanes) so the link reads at a glance, unmatched ones marked "only", and
 * segments in the final more opaque.
 */
export function regionSpecs(a: AudioAnswer, b: AudioAnswer, matching: Matching, final: AudioAnswer, rgb: [string, string]): RegionSpec[] {
  const pairNo = [new Map<number, number>(), new Map<number, number>()];
  matching.pairs.forEach((p, k) => {
    pairNo[0].set(p.i, k + 1);
    pairNo[1].set(p.j, k + 1);
  });
  const out: RegionSpec[] = [];
  ([a, b] as const).forEach((ans, side) => {
    ans.segments.forEach((s, k) => {
      const n = pairNo[side].get(k);
      const alpha = hasSegment(final, s) ? 0.45 : 0.2;
      out.push({
        id: regionId(side as 0 | 1, k),
        start: s.start,
        end: s.end,
        channelIdx: side as 0 | 1,
        color: `rgba(${rgb[side]}, ${alpha})`,
        content: `${n === undefined ? 'only' : `#${n}`} ${s.label}`,
      });
    });
  });
  return out;
}
