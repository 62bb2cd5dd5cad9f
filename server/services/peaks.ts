import fs from 'node:fs';
import decode from 'audio-decode';

export interface Peaks {
  duration: number;
  /** One channel (all channels mixed by taking the extremes) of interleaved [min, max] per bucket, in −1…1. */
  peaks: number[][];
}

type StreamFormat = 'mp3' | 'flac' | 'oga' | 'opus' | 'wav';

/** Buckets of a waveform: ~20 per second, clamped to 2,000–8,000 so a clip and an hour both draw at once. */
export function bucketCount(duration: number): number {
  return Math.max(2000, Math.min(8000, Math.ceil(duration * 20)));
}

/**
 * Min/max peaks of any PCM stream, folded in one pass: samples go into fine 10 ms cells (an hour is
 * 360,000 cells), then the cells are merged into the final buckets, so the decoded audio is never held.
 */
export class PeakFolder {
  private mins: number[] = [];
  private maxs: number[] = [];
  private cellMin = Infinity;
  private cellMax = -Infinity;
  private inCell = 0;
  private samples = 0;
  private cellSize = 0;
  sampleRate = 0;

  add(channels: Float32Array[], sampleRate: number) {
    if (!channels.length) return;
    if (!this.sampleRate) { this.sampleRate = sampleRate; this.cellSize = Math.max(1, Math.round(sampleRate / 100)); }
    const n = channels[0].length;
    for (let i = 0; i < n; i++) {
      for (let ch = 0; ch < channels.length; ch++) {
        const v = channels[ch][i];
        if (v < this.cellMin) this.cellMin = v;
        if (v > this.cellMax) this.cellMax = v;
      }
      if (++this.inCell === this.cellSize) this.closeCell();
    }
    this.samples += n;
  }

  private closeCell() {
    this.mins.push(this.cellMin);
    this.maxs.push(this.cellMax);
    this.cellMin = Infinity;
    this.cellMax = -Infinity;
    this.inCell = 0;
  }

  finish(): Peaks {
    if (this.inCell) this.closeCell();
    const duration = this.sampleRate ? this.samples / this.sampleRate : 0;
    const cells = this.mins.length;
    const buckets = Math.min(cells, bucketCount(duration));
    const out: number[] = new Array(buckets * 2);
    const r = (x: number) => Math.round(Math.max(-1, Math.min(1, x)) * 10000) / 10000;
    for (let b = 0; b < buckets; b++) {
      const from = Math.floor((b * cells) / buckets);
      const to = Math.max(from + 1, Math.floor(((b + 1) * cells) / buckets));
      let lo = Infinity;
      let hi = -Infinity;
      for (let k = from; k < to; k++) { if (this.mins[k] < lo) lo = this.mins[k]; if (this.maxs[k] > hi) hi = this.maxs[k]; }
      out[2 * b] = r(lo);
      out[2 * b + 1] = r(hi);
    }
    return { duration, peaks: [out] };
  }
}

export function streamFormatOf(mime: string): StreamFormat | null {
  switch (mime) {
    case 'audio/wav': return 'wav';
    case 'audio/mpeg': return 'mp3';
    case 'audio/flac': return 'flac';
    case 'audio/ogg': return 'oga';
    case 'audio/opus': return 'opus';
    default: return null;
  }
}

/** Decodes an audio file chunk by chunk (audio-decode) and folds its peaks. */
export async function computePeaks(file: string, mime: string): Promise<Peaks> {
  let format = streamFormatOf(mime);
  if (!format) throw new Error(`cannot decode ${mime} for a waveform`);
  if (format === 'oga') {
    // Ogg holds Vorbis or Opus: the first page's codec header says which.
    const head = Buffer.alloc(64);
    const fd = fs.openSync(file, 'r');
    try { fs.readSync(fd, head, 0, 64, 0); } finally { fs.closeSync(fd); }
    if (head.includes('OpusHead')) format = 'opus';
  }
  const folder = new PeakFolder();
  for await (const d of decode(fs.createReadStream(file, { highWaterMark: 1 << 20 }) as unknown as AsyncIterable<Uint8Array>, format)) {
    folder.add(d.channelData, d.sampleRate);
  }
  return folder.finish();
}
