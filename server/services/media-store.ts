import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Deps } from '../context.js';
import { computePeaks } from './peaks.js';
import { discardTempFile, openTempFile } from './temp-file.js';
import { linkMedia } from '../repos/media.js';
import { formatSize, limits, type Limit } from '../settings.js';

/** Media live under <dataDir>/media/<first two hex>/<sha256>: the same bytes are stored once. */
export function mediaPath(dataDir: string, id: string): string {
  return path.join(dataDir, 'media', id.slice(0, 2), id);
}

export const mediaUrl = (id: string) => `/api/media/${id}`;

export async function storeMedia(deps: Deps, input: {
  bytes: Buffer; mime: string; name: string; projectId: number | null; userId: number | null;
  width?: number; height?: number; duration?: number; peaks?: unknown;
}): Promise<string> {
  const id = createHash('sha256').update(input.bytes).digest('hex');
  const file = mediaPath(deps.dataDir, id);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Write then rename, so a crash never leaves a half file under the final name.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, input.bytes);
    fs.renameSync(tmp, file);
  }
  const existing = await deps.db.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst();
  if (!existing) {
    await deps.db.insertInto('media').values({
      id, project_id: input.projectId, mime: input.mime, size: input.bytes.length, original_name: input.name,
      peaks_json: input.peaks === undefined ? null : JSON.stringify(input.peaks),
      duration: input.duration ?? null, width: input.width ?? null, height: input.height ?? null,
      created_by: input.userId, created_at: deps.now(),
    }).execute();
  }
  if (input.projectId !== null) await linkMedia(deps.db, id, input.projectId, { name: input.name, at: deps.now(), by: input.userId });
  return id;
}

// ---------- uploads: sniffing, limits, image sizes, audio peaks ----------

export type MediaKind = 'image' | 'audio';
export interface Sniffed { mime: string; kind: MediaKind; label: string }

/** The file type from its first bytes (never from its name or the client's Content-Type). */
export function sniff(head: Uint8Array): Sniffed | null {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const at = (o: number, s: string) => b.length >= o + s.length && b.toString('latin1', o, o + s.length) === s;
  if (b.length >= 8 && b[0] === 0x89 && at(1, 'PNG\r\n\x1a\n')) return { mime: 'image/png', kind: 'image', label: 'PNG' };
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { mime: 'image/jpeg', kind: 'image', label: 'JPEG' };
  if (at(0, 'GIF87a') || at(0, 'GIF89a')) return { mime: 'image/gif', kind: 'image', label: 'GIF' };
  if (at(0, 'RIFF') && at(8, 'WEBP')) return { mime: 'image/webp', kind: 'image', label: 'WebP' };
  if (at(0, 'RIFF') && at(8, 'WAVE')) return { mime: 'audio/wav', kind: 'audio', label: 'WAV' };
  if (at(0, 'fLaC')) return { mime: 'audio/flac', kind: 'audio', label: 'FLAC' };
  if (at(0, 'OggS')) return { mime: 'audio/ogg', kind: 'audio', label: 'OGG' };
  if (at(0, 'ID3') || (b.length >= 2 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0)) return { mime: 'audio/mpeg', kind: 'audio', label: 'MP3' };
  return null;
}

/** The MIME types a client's Content-Type may name for each sniffed type (aliases browsers send). */
const ALIASES: Record<string, string[]> = {
  'image/png': ['image/png'], 'image/jpeg': ['image/jpeg', 'image/jpg', 'image/pjpeg'], 'image/gif': ['image/gif'],
  'image/webp': ['image/webp'], 'audio/wav': ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'],
  'audio/flac': ['audio/flac', 'audio/x-flac'], 'audio/ogg': ['audio/ogg', 'audio/vorbis', 'audio/opus', 'application/ogg'],
  'audio/mpeg': ['audio/mpeg', 'audio/mp3', 'audio/mpeg3'],
};

/** Whether a declared Content-Type contradicts the sniffed type (generic types never do). */
export function contradicts(declared: string | undefined, s: Sniffed): boolean {
  const d = (declared ?? '').split(';')[0].trim().toLowerCase();
  if (!d || d === 'application/octet-stream' || d.startsWith('multipart/')) return false;
  return !(ALIASES[s.mime] ?? [s.mime]).includes(d);
}

export const kindLimit = (kind: MediaKind): Limit => (kind === 'image' ? limits.image() : limits.audio());

/** Pixel size from the image header (PNG IHDR, GIF screen, JPEG SOFn, WebP VP8/VP8L/VP8X). */
export function imageSize(b: Buffer, mime: string): { width: number; height: number } | null {
  try {
    if (mime === 'image/png') return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
    if (mime === 'image/gif') return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
    if (mime === 'image/webp') {
      const chunk = b.toString('latin1', 12, 16);
      if (chunk === 'VP8 ') return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
      if (chunk === 'VP8L') {
        const bits = b.readUInt32LE(21);
        return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
      }
      if (chunk === 'VP8X') return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
      return null;
    }
    if (mime === 'image/jpeg') {
      let o = 2;
      while (o + 9 < b.length) {
        if (b[o] !== 0xff) { o++; continue; }
        const marker = b[o + 1];
        if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { o += 2; continue; }
        const len = b.readUInt16BE(o + 2);
        // SOF0…SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
        if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
          return { height: b.readUInt16BE(o + 5), width: b.readUInt16BE(o + 7) };
        }
        o += 2 + len;
      }
    }
  } catch { /* a truncated header: no size */ }
  return null;
}

export class UploadError extends Error {
  constructor(readonly status: 413 | 415 | 400, message: string) { super(message); }
}

/** An upload written to a temporary file and checked, not yet kept: see keepUpload and discardUpload. */
export interface SpooledUpload { tmp: string; id: string; kind: Sniffed; size: number; head: Buffer }

/**
 * Streams an upload to a temporary file: sniffs the type from the first bytes (refusing unknown types and
 * a Content-Type that says otherwise), enforces the size limit of its kind while streaming (so a refused
 * file is never read further), and hashes on the way. Nothing is left behind when it throws.
 */
export async function spoolUpload(dataDir: string, body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, declaredType?: string): Promise<SpooledUpload> {
  const { file: tmp, out } = openTempFile(dataDir, 'media');
  const hash = createHash('sha256');
  let head = Buffer.alloc(0);
  let kind: Sniffed | null = null;
  let size = 0;
  try {
    const src = 'getReader' in body ? Readable.fromWeb(body as any) : body;
    for await (const c of src as AsyncIterable<Uint8Array>) {
      const chunk = Buffer.from(c);
      if (!kind && head.length < 64 * 1024) {
        head = Buffer.concat([head, chunk]);
        if (head.length >= 16) {
          kind = sniff(head);
          if (!kind) throw new UploadError(415, 'unsupported file type: upload PNG, JPEG, GIF or WebP images, or WAV, MP3, OGG or FLAC audio');
          if (contradicts(declaredType, kind)) throw new UploadError(415, `the file is ${kind.label} (${kind.mime}) but was sent as ${declaredType}`);
        }
      }
      size += chunk.length;
      const limit = kind && kindLimit(kind.kind);
      if (limit && size > limit.bytes) throw new UploadError(413, `${kind!.kind} files are limited to ${formatSize(limit.bytes)} (${limit.setting})`);
      hash.update(chunk);
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
    }
    await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
    if (!kind) {
      kind = size ? sniff(head) : null;
      if (!kind) throw new UploadError(size ? 415 : 400, size ? 'unsupported file type (too short to recognise)' : 'the upload is empty');
    }
    return { tmp, id: hash.digest('hex'), kind, size, head };
  } catch (e) {
    await discardTempFile(out, tmp);
    throw e;
  }
}

export const discardUpload = (s: SpooledUpload) => fs.rmSync(s.tmp, { force: true });

/**
 * Keeps a spooled upload: moves it into the store, reads image sizes from the header and computes audio
 * peaks once. `link`: the name and time the project has it under (the first upload's, when it had it already).
 */
export async function keepUpload(deps: Deps, s: SpooledUpload, input: { name: string; projectId: number; userId: number }) {
  const { id, kind } = s;
  const file = mediaPath(deps.dataDir, id);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const existed = fs.existsSync(file);
  if (existed) discardUpload(s);
  else fs.renameSync(s.tmp, file);
  const as = { name: input.name, at: deps.now(), by: input.userId };
  const existing = await deps.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
  if (existing) {
    if (existing.mime.startsWith('audio/') && !existing.peaks_json) await ensurePeaks(deps, id);
    const link = await linkMedia(deps.db, id, input.projectId, as);
    return { media: await deps.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), link };
  }
  const dims = kind.kind === 'image' ? imageSize(s.head, kind.mime) : null;
  let peaks: Awaited<ReturnType<typeof computePeaks>> | null = null;
  if (kind.kind === 'audio') {
    try { peaks = await computePeaks(file, kind.mime); } catch (e) {
      // Undecodable audio is not kept: no row points at it.
      if (!existed) fs.rmSync(file, { force: true });
      throw new UploadError(415, `the ${kind.label} file could not be decoded: ${(e as Error).message}`);
    }
  }
  await deps.db.insertInto('media').values({
    id, project_id: input.projectId, mime: kind.mime, size: s.size, original_name: input.name.slice(0, 300),
    peaks_json: peaks ? JSON.stringify(peaks.peaks) : null, duration: peaks ? peaks.duration : null,
    width: dims?.width ?? null, height: dims?.height ?? null, created_by: input.userId, created_at: as.at,
  }).execute();
  const link = await linkMedia(deps.db, id, input.projectId, as);
  return { media: await deps.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), link };
}

/** Stores an upload streamed from `body` (spoolUpload, then keepUpload). */
export async function storeUpload(deps: Deps, input: {
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>; declaredType?: string; name: string; projectId: number; userId: number;
}) {
  return keepUpload(deps, await spoolUpload(deps.dataDir, input.body, input.declaredType), input);
}

/** Computes and stores the peaks of an audio file stored without them (the demo's seeded WAVs). */
export async function ensurePeaks(deps: Deps, id: string): Promise<{ duration: number; peaks: number[][] } | null> {
  const m = await deps.db.selectFrom('media').select(['mime', 'peaks_json', 'duration']).where('id', '=', id).executeTakeFirst();
  if (!m || !m.mime.startsWith('audio/')) return null;
  if (m.peaks_json) return { duration: Number(m.duration), peaks: JSON.parse(m.peaks_json) };
  const file = mediaPath(deps.dataDir, id);
  if (!fs.existsSync(file)) return null;
  const p = await computePeaks(file, m.mime);
  await deps.db.updateTable('media').set({ peaks_json: JSON.stringify(p.peaks), duration: p.duration }).where('id', '=', id).execute();
  return p;
}
