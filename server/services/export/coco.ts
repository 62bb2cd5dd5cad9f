import type { Question } from '@shared/tasks/question.js';
import type { BboxConfig } from '@shared/tasks/registry.js';
import type { BboxAnswer } from '@shared/tasks/bbox/index.js';
import { COCO_LICENSE, cocoAnnotations, cocoCategories, cocoImage, cocoImageKey, labelIndex } from '@shared/tasks/bbox/export.js';
import { exportFinalAnswers, exportRowData } from '../../repos/export-rows.js';
import { readAhead, SNAPSHOT_PAGE } from './load.js';
import type { ExportReader } from './snapshot.js';
import type { ExportRow } from './rows.js';
import { itemOf } from './formats.js';

// COCO in two passes over the rows (images, then annotations) keeps the file canonical without holding
// it. The second pass keeps to the rows the first one wrote, so a row finalized in between cannot leave an
// annotation without its image; rows sharing an image share its one entry. What is kept between the
// passes is a few numbers per row in typed arrays (12 bytes a row, 20 to 28 an image), never the rows or
// their references: a million rows of their own images hold about 40 MB.

type BboxQuestion = Question & { config: BboxConfig };
/** An image's key is read from the row's data alone: the answer beside it is not looked at. */
const NO_BOXES: BboxAnswer = { width: 0, height: 0, boxes: [] };

/** Numbers appended one at a time into a typed array that doubles when full. */
class Column<A extends Float64Array | Int32Array> {
  length = 0;
  constructor(public values: A) {}
  push(x: number) {
    if (this.length === this.values.length) {
      const grown = new (this.values.constructor as new (n: number) => A)(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = x;
  }
}

/** A 32-bit hash of a string (FNV-1a with a final mix). */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  h = Math.imul(h ^ (h >>> 16), 2246822507);
  return (h ^ (h >>> 13)) | 0;
}

/**
 * Image ids by the hash of their key (open addressing, at most three quarters full: 11 to 16 bytes an
 * image). A hash stands for a key only once the caller has compared the key with the one of the row that
 * first showed it; at a million images about one lookup in four thousand meets another key's hash, and
 * costs a comparison.
 */
class HashedIds {
  #hashes = new Int32Array(1 << 12);
  #ids = new Int32Array(1 << 12);
  #size = 0;

  #slot(h: number): number {
    const mask = this.#ids.length - 1;
    let i = Math.imul(h, 0x9e3779b1) & mask;
    while (this.#ids[i] !== 0 && this.#hashes[i] !== h) i = (i + 1) & mask;
    return i;
  }

  /** The image id stored under the hash, or 0. */
  get(h: number): number { return this.#ids[this.#slot(h)]; }

  set(h: number, id: number) {
    if (4 * (this.#size + 1) > 3 * this.#ids.length) this.#grow();
    const i = this.#slot(h);
    if (this.#ids[i] === 0) this.#size++;
    this.#hashes[i] = h;
    this.#ids[i] = id;
  }

  #grow() {
    const [hashes, ids] = [this.#hashes, this.#ids];
    this.#hashes = new Int32Array(ids.length * 2);
    this.#ids = new Int32Array(ids.length * 2);
    for (let i = 0; i < ids.length; i++) if (ids[i] !== 0) { const j = this.#slot(hashes[i]); this.#hashes[j] = hashes[i]; this.#ids[j] = ids[i]; }
  }
}

/** A COCO instances file of the rows' final boxes for question `q`, a page of rows at a time. */
export async function* cocoFile(reader: ExportReader, projectId: number, q: BboxQuestion, pages: AsyncIterable<ExportRow[]>, info: Record<string, unknown>): AsyncGenerator<string> {
  const idx = labelIndex([q.config]);
  yield `{"info":${JSON.stringify(info)},"licenses":${JSON.stringify([COCO_LICENSE])},"categories":${JSON.stringify(cocoCategories(idx))},"images":[`;

  // Per written row: its id and its image's id. Per image: the row that first showed it (its place in rowIds).
  const rowIds = new Column(new Float64Array(1 << 12));
  const imageOfRow = new Column(new Int32Array(1 << 12));
  const firstRow = new Column(new Int32Array(1 << 12));
  firstRow.push(-1);
  const hashed = new HashedIds();
  // Keys whose hash an earlier, different key holds: kept whole (in practice never any).
  const collided = new Map<string, number>();
  for await (const page of pages) {
    const items = page.map((r) => itemOf(r, q));
    const keys = items.map((item) => (item ? cocoImageKey(item) : ''));
    const hashes = keys.map((k) => (k.startsWith('ref:') ? hash32(k) : null));
    // A hash an earlier page's image holds is confirmed against that image's first row, read back once per page.
    const toCheck = new Set<number>();
    hashes.forEach((h) => { const id = h === null ? 0 : hashed.get(h); if (id) toCheck.add(rowIds.values[firstRow.values[id]]); });
    const keyOfRow = new Map<number, string>();
    if (toCheck.size) {
      for (const r of await reader.read((db) => exportRowData(db, projectId, [...toCheck]))) {
        keyOfRow.set(Number(r.id), cocoImageKey({ rowId: String(r.id), externalId: null, data: JSON.parse(r.data_json), config: q.config, questionId: q.id, answer: NO_BOXES }));
      }
    }
    const onPage = new Map<string, number>();
    const parts: string[] = [];
    page.forEach((r, k) => {
      const item = items[k];
      if (!item) return;
      rowIds.push(r.id);
      const key = keys[k];
      const h = hashes[k];
      let id = h === null ? undefined : onPage.get(key) ?? collided.get(key);
      if (id === undefined) {
        const earlier = h === null ? 0 : hashed.get(h);
        if (earlier && keyOfRow.get(rowIds.values[firstRow.values[earlier]]) === key) id = earlier;
        else {
          id = firstRow.length;
          firstRow.push(rowIds.length - 1);
          // The image entry with the row's external id after its keys (without copying it into a new object).
          parts.push(`${id > 1 ? ',' : ''}${JSON.stringify(cocoImage(item, id)).slice(0, -1)},"external_id":${JSON.stringify(r.externalId)}}`);
          if (h !== null) {
            if (earlier) collided.set(key, id);
            else hashed.set(h, id);
            onPage.set(key, id);
          }
        }
      }
      imageOfRow.push(id);
    });
    if (parts.length) yield parts.join('');
  }

  yield '],"annotations":[';
  let next = 1;
  const PAGE = reader.depth > 1 ? SNAPSHOT_PAGE : 250;
  const read = (at: number) => readAhead(reader.read((db) => exportFinalAnswers(db, projectId, Array.from(rowIds.values.subarray(at, Math.min(rowIds.length, at + PAGE))))));
  // The reads of the next pages are in flight while this one is written (several at once in a PostgreSQL snapshot).
  const pending: Array<Promise<Array<{ id: number; answer_json: string }>>> = [];
  let asked = 0;
  for (let at = 0; at < rowIds.length; at += PAGE) {
    for (; asked < rowIds.length && pending.length <= reader.depth; asked += PAGE) pending.push(read(asked));
    const finals = await pending.shift()!;
    const parts: string[] = [];
    let k = at;
    for (const f of finals) {
      const id = Number(f.id);
      while (rowIds.values[k] < id) k++;
      const answer = (JSON.parse(f.answer_json) as Record<string, unknown>)[q.id];
      if (answer === undefined || answer === null) continue;
      // The annotations are made from the answer alone: the row's data is not read again.
      const anns = cocoAnnotations({ rowId: String(id), externalId: null, data: {}, config: q.config, questionId: q.id, answer: answer as BboxAnswer }, imageOfRow.values[k], idx, next);
      if (!anns.length) continue;
      parts.push((next > 1 ? ',' : '') + JSON.stringify(anns).slice(1, -1));
      next += anns.length;
    }
    if (parts.length) yield parts.join('');
  }
  yield ']}\n';
}
