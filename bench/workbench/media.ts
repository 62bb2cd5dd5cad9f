/** Media files generated for the workbench bench: a PNG with real pixels to pan and a long speech-like WAV. */
import zlib from 'node:zlib';

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
export function png(width: number, height: number, mark = 0): Buffer {
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
export function wav(seconds: number, rate = 8000): Buffer {
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
