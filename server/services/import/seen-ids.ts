/**
 * The external ids an import has met so far, each with the line it was first met on: how a repeated id is
 * caught and told where it first appeared. A Map of a million ids held about 100 MB of objects the
 * garbage collector walks again and again (a string and a hash entry per id) and, with the garbage an
 * import makes, pushed a million-line import past 500 MB. Here the ids' UTF-8 bytes sit one after another
 * in one byte array and an open-addressing table of typed arrays finds them: under 60 bytes an id, none
 * of it objects. Exact: a hash match is confirmed byte for byte.
 */
export class SeenIds {
  #bytes = new Uint8Array(1 << 16);
  #used = 0;
  /** Per id, in insertion order: where its bytes start, how many, and its line. */
  #start = new Int32Array(1 << 10);
  #len = new Int32Array(1 << 10);
  #line = new Float64Array(1 << 10);
  #count = 0;
  /** Open addressing: id index + 1 per slot, 0 for empty; a power of two, at most half full. */
  #slots = new Int32Array(1 << 11);
  #hashes = new Uint32Array(1 << 11);
  readonly #encoder = new TextEncoder();
  #scratch = new Uint8Array(256);

  get size(): number { return this.#count; }

  /** The line `id` was first met on, if it was. */
  get(id: string): number | undefined {
    const n = this.#encode(id);
    const h = hash(this.#scratch, n);
    const i = this.#find(h, n);
    return i < 0 ? undefined : this.#line[this.#slots[i] - 1];
  }

  /** Remembers `id` first met on `line` (an id met before keeps its first line). */
  set(id: string, line: number): void {
    const n = this.#encode(id);
    const h = hash(this.#scratch, n);
    if (this.#find(h, n) >= 0) return;
    if (this.#count === this.#start.length) this.#growIds();
    if (this.#used + n > this.#bytes.length) this.#bytes = grown(this.#bytes, this.#used + n);
    this.#bytes.set(this.#scratch.subarray(0, n), this.#used);
    const k = this.#count++;
    this.#start[k] = this.#used;
    this.#len[k] = n;
    this.#line[k] = line;
    this.#used += n;
    if (this.#count * 2 > this.#slots.length) this.#rehash();
    else this.#place(k, h);
  }

  /** The slot holding the id whose bytes are in the scratch buffer, or -1. */
  #find(h: number, n: number): number {
    const mask = this.#slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = this.#slots[i];
      if (s === 0) return -1;
      if (this.#hashes[i] === h && this.#len[s - 1] === n && this.#sameBytes(s - 1, n)) return i;
    }
  }

  #sameBytes(k: number, n: number): boolean {
    const at = this.#start[k];
    for (let j = 0; j < n; j++) if (this.#bytes[at + j] !== this.#scratch[j]) return false;
    return true;
  }

  #place(k: number, h: number): void {
    const mask = this.#slots.length - 1;
    let i = h & mask;
    while (this.#slots[i] !== 0) i = (i + 1) & mask;
    this.#slots[i] = k + 1;
    this.#hashes[i] = h;
  }

  #rehash(): void {
    this.#slots = new Int32Array(this.#slots.length * 2);
    this.#hashes = new Uint32Array(this.#slots.length);
    for (let k = 0; k < this.#count; k++) this.#place(k, hash(this.#bytes, this.#len[k], this.#start[k]));
  }

  #growIds(): void {
    const size = this.#start.length * 2;
    this.#start = grown(this.#start, size);
    this.#len = grown(this.#len, size);
    this.#line = grown(this.#line, size);
  }

  /** The id's UTF-8 bytes into the scratch buffer (grown to fit); returns how many. */
  #encode(id: string): number {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (id.length * 3 > this.#scratch.length) this.#scratch = new Uint8Array(id.length * 3);
    return this.#encoder.encodeInto(id, this.#scratch).written;
  }
}

/** FNV-1a over `n` bytes from `at`. */
function hash(bytes: Uint8Array, n: number, at = 0): number {
  let h = 0x811c9dc5;
  for (let j = at; j < at + n; j++) h = Math.imul(h ^ bytes[j], 0x01000193);
  return h >>> 0;
}

function grown<T extends Uint8Array | Int32Array | Float64Array>(a: T, atLeast: number): T {
  let size = a.length * 2;
  while (size < atLeast) size *= 2;
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
