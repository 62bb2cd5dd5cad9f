/**
 * Makes the demo media committed under server/seed/media: street-scene-like pictures drawn here (PNG)
 * with the true boxes written beside them, and short spoken sentences from espeak-ng (WAV).
 * Run once by hand: `npx tsx scripts/make-demo-media.ts`. The seed never downloads anything.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';

const out = 'server/seed/media';
fs.mkdirSync(out, { recursive: true });

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf: Buffer) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(w: number, h: number, px: Uint8Array) {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    Buffer.from(px.buffer, y * w * 3, w * 3).copy(raw, y * (w * 3 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

let seed = 7;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);

const W = 640, H = 400;
const boxes: Record<string, { x: number; y: number; w: number; h: number; label: string }[]> = {};
for (let i = 1; i <= 12; i++) {
  const px = new Uint8Array(W * H * 3);
  const fill = (x0: number, y0: number, w: number, h: number, [r, g, b]: number[], shape: 'rect' | 'circle' = 'rect') => {
    x0 = Math.round(x0); y0 = Math.round(y0); w = Math.round(w); h = Math.round(h);
    for (let y = Math.max(0, y0); y < Math.min(H, y0 + h); y++) for (let x = Math.max(0, x0); x < Math.min(W, x0 + w); x++) {
      if (shape === 'circle') { const dx = (x - x0 - w / 2) / (w / 2), dy = (y - y0 - h / 2) / (h / 2); if (dx * dx + dy * dy > 1) continue; }
      const o = (y * W + x) * 3; px[o] = r; px[o + 1] = g; px[o + 2] = b;
    }
  };
  // sky, road
  fill(0, 0, W, H * 0.55, [150 + i * 4, 190, 230]);
  fill(0, Math.floor(H * 0.55), W, H, [90, 90, 95]);
  for (let x = 0; x < W; x += 60) fill(x, Math.floor(H * 0.75), 30, 6, [240, 240, 200]);
  const list: (typeof boxes)[string] = [];
  const nCars = 1 + Math.floor(rnd() * 3), nPeople = Math.floor(rnd() * 3), nSigns = Math.floor(rnd() * 2);
  for (let k = 0; k < nCars; k++) {
    const w = 110 + Math.floor(rnd() * 60), h = 50 + Math.floor(rnd() * 20);
    const x = Math.floor(rnd() * (W - w)), y = Math.floor(H * 0.58 + rnd() * (H * 0.3 - h));
    const col = [[200, 40, 40], [40, 80, 200], [230, 200, 40], [30, 30, 30]][k % 4];
    fill(x, y + h * 0.35, w, h * 0.65, col); fill(x + w * 0.2, y, w * 0.6, h * 0.4, col);
    fill(x + w * 0.1, y + h * 0.8, w * 0.2, h * 0.3, [20, 20, 20], 'circle'); fill(x + w * 0.7, y + h * 0.8, w * 0.2, h * 0.3, [20, 20, 20], 'circle');
    list.push({ x, y, w, h: Math.ceil(h * 1.1), label: 'car' });
  }
  for (let k = 0; k < nPeople; k++) {
    const w = 26, h = 80, x = Math.floor(rnd() * (W - w)), y = Math.floor(H * 0.4 + rnd() * 40);
    fill(x + 5, y, 16, 16, [240, 200, 170], 'circle'); fill(x, y + 16, w, 40, [60, 140, 70]); fill(x + 3, y + 56, 20, 24, [40, 40, 90]);
    list.push({ x, y, w, h, label: 'person' });
  }
  for (let k = 0; k < nSigns; k++) {
    const x = Math.floor(rnd() * (W - 40)), y = Math.floor(H * 0.15 + rnd() * 60);
    fill(x + 17, y + 36, 6, 80, [120, 120, 120]); fill(x, y, 40, 40, [220, 30, 30], 'circle');
    list.push({ x, y, w: 40, h: 116, label: 'sign' });
  }
  const name = `street-${String(i).padStart(2, '0')}.png`;
  fs.writeFileSync(path.join(out, name), png(W, H, px));
  boxes[name] = list;
}
fs.writeFileSync(path.join(out, 'street-boxes.json'), JSON.stringify(boxes, null, 1));

const sentences = [
  'The quick brown fox jumps over the lazy dog.',
  'Please call Stella and ask her to bring these things.',
  'The invoice is due at the end of the month.',
  'Turn left at the second traffic light.',
  'Our quarterly revenue grew by twelve percent.',
  'The server restarted after the update.',
  'She sells sea shells by the sea shore.',
  'Keep the receipt in case you need a refund.',
  'The meeting moved to Thursday afternoon.',
  'Rain is expected later this evening.',
  'Compile the code before running the tests.',
  'Thank you for waiting, your table is ready.',
];
sentences.forEach((s, i) => {
  const file = path.join(out, `speech-${String(i + 1).padStart(2, '0')}.wav`);
  execFileSync('espeak-ng', ['-v', i % 2 ? 'en-us' : 'en', '-s', '150', '-w', '/tmp/triad-speech.wav', s]);
  execFileSync('sox', ['/tmp/triad-speech.wav', '-r', '16000', '-c', '1', '-b', '16', file, 'pad', '0.3', '0.3']);
});
fs.writeFileSync(path.join(out, 'speech-sentences.json'), JSON.stringify(sentences, null, 1));
console.log('demo media written to', out);
