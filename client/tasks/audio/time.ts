import type { AudioSegment } from '@shared/tasks/registry';

/** 83.5 → "1:23.50"; hours when needed. */
export function formatTime(seconds: number): string {
  const s = Math.max(0, seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = (s % 60).toFixed(2).padStart(5, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** Segment times kept to the millisecond: region drags produce long float tails. */
export const roundTime = (t: number) => Math.round(t * 1000) / 1000;

export function sortSegments(segments: AudioSegment[]): AudioSegment[] {
  return segments.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Server-computed peaks: `{ duration, peaks: number[][] }`; anything else means "decode in the browser". */
export function parsePeaks(json: unknown): { duration: number; peaks: number[][] } | null {
  if (!json || typeof json !== 'object') return null;
  const { duration, peaks } = json as { duration?: unknown; peaks?: unknown };
  if (typeof duration !== 'number' || !(duration > 0) || !Array.isArray(peaks) || peaks.length === 0) return null;
  if (!peaks.every((ch) => Array.isArray(ch) && ch.length > 0)) return null;
  return { duration, peaks: peaks as number[][] };
}
