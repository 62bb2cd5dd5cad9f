import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import type { ImportFormat } from '@shared/api/console.js';

/** One item of an import file: its parsed value, or why it could not be parsed. */
export type SourceItem =
  | { line: number; value: unknown; error?: undefined }
  | { line: number; value?: undefined; error: { field: string; message: string } };

/** A JSON array or a single JSON object is held whole only up to this size (bytes); arrays stream. */
export const SINGLE_OBJECT_CAP = 64 * 1024 * 1024;

/** Splits a byte stream into lines (LF or CRLF) without holding more than the current chunk. */
export async function* lines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<{ line: number; text: string }> {
  const dec = new StringDecoder('utf8');
  let rest = '';
  let n = 0;
  let first = true;
  for await (const chunk of chunks) {
    let s = rest + (typeof chunk === 'string' ? chunk : dec.write(chunk));
    if (first && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    first = false;
    let start = 0;
    for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', start)) {
      n++;
      const end = i > start && s.charCodeAt(i - 1) === 13 ? i - 1 : i;
      yield { line: n, text: s.slice(start, end) };
      start = i + 1;
    }
    rest = s.slice(start);
  }
  rest += dec.end();
  if (rest.length) yield { line: n + 1, text: rest.endsWith('\r') ? rest.slice(0, -1) : rest };
}

export async function* jsonlItems(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<SourceItem> {
  for await (const { line, text } of lines(chunks)) {
    if (text.trim() === '') continue;
    try {
      yield { line, value: JSON.parse(text) };
    } catch (e) {
      yield { line, error: { field: '(line)', message: `not valid JSON: ${(e as Error).message}` } };
    }
  }
}

/**
 * Items of a top-level JSON array, one at a time: a small scanner tracks strings and nesting depth and
 * hands each complete element to JSON.parse, so a large array never sits in memory whole. A file holding
 * a single object (Label Studio's one-task files) is one item, held whole up to SINGLE_OBJECT_CAP.
 */
export async function* jsonArrayItems(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<SourceItem> {
  const dec = new StringDecoder('utf8');
  let mode: 'start' | 'array' | 'object' | 'done' = 'start';
  let line = 1;
  let depth = 0;
  let inStr = false;
  let esc = false;
  let buf = '';
  let itemLine = 0;
  let sawAny = false;
  let single = '';
  const flush = (text: string, at: number): SourceItem => {
    try {
      return { line: at, value: JSON.parse(text) };
    } catch (e) {
      return { line: at, error: { field: '(item)', message: `not valid JSON: ${(e as Error).message}` } };
    }
  };
  for await (const chunk of chunks) {
    let s = typeof chunk === 'string' ? chunk : dec.write(chunk);
    if (mode === 'start') {
      s = s.replace(/^\uFEFF/, '');
      const m = /\S/.exec(s);
      if (!m) { line += countNl(s); continue; }
      line += countNl(s.slice(0, m.index));
      if (s[m.index] === '{') { mode = 'object'; itemLine = line; single = ''; s = s.slice(m.index); }
      else if (s[m.index] === '[') { mode = 'array'; s = s.slice(m.index + 1); }
      else { yield { line, error: { field: '(file)', message: 'expected a JSON array of rows (or one JSON object)' } }; return; }
    }
    if (mode === 'object') {
      single += s;
      if (single.length > SINGLE_OBJECT_CAP) { yield { line: itemLine, error: { field: '(file)', message: `a single JSON object is limited to ${SINGLE_OBJECT_CAP >> 20} MB: send a JSON array or JSONL` } }; return; }
      continue;
    }
    if (mode !== 'array') continue;
    let segStart = depth > 0 ? 0 : -1;
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      if (ch === 10) line++;
      if (inStr) {
        if (esc) esc = false;
        else if (ch === 92) esc = true;
        else if (ch === 34) inStr = false;
        continue;
      }
      if (depth === 0) {
        if (ch === 32 || ch === 10 || ch === 13 || ch === 9 || ch === 44) continue;
        if (ch === 93) { mode = 'done'; break; }
        // A new element starts here.
        itemLine = line;
        segStart = i;
        sawAny = true;
        if (ch === 123 || ch === 91) depth = 1;
        else if (ch === 34) { inStr = true; depth = 1; }
        else { depth = 1; }
        continue;
      }
      if (ch === 34) inStr = true;
      else if (ch === 123 || ch === 91) depth++;
      else if (ch === 125 || ch === 93) {
        depth--;
        if (depth === 0) {
          yield flush(buf + s.slice(segStart, i + 1), itemLine);
          buf = '';
          segStart = -1;
        }
      } else if (depth === 1 && (ch === 44) && !isContainerStart(buf, s, segStart)) {
        // A bare scalar element (number, string, literal) ends at the next comma.
        yield flush(buf + s.slice(segStart, i), itemLine);
        buf = '';
        segStart = -1;
        depth = 0;
      }
    }
    if (segStart >= 0 && mode === 'array') buf += s.slice(segStart);
  }
  if (mode === 'object') {
    single += dec.end();
    yield flush(single, itemLine);
  } else if (mode === 'start') {
    yield { line: 1, error: { field: '(file)', message: 'the file is empty' } };
  } else if (mode === 'array') {
    yield { line, error: { field: '(file)', message: sawAny ? 'the JSON array is not closed (file cut short?)' : 'the JSON array is not closed' } };
  }
}

function isContainerStart(buf: string, s: string, segStart: number): boolean {
  const c = buf.length ? buf[0] : s[segStart];
  return c === '{' || c === '[' || c === '"';
}
const countNl = (s: string) => { let n = 0; for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++; return n; };

/**
 * CSV with a header line: every column becomes a data field, except `id`/`external_id`, `expertise`
 * (comma-separated or a JSON array), `priority`, and `prelabels.<questionId>` (a JSON answer). A cell
 * holding a JSON array or object (e.g. a ranking's responses) is parsed. Line numbers assume no line
 * breaks inside quoted cells (they are counted as one record).
 */
export async function* csvItems(file: string): AsyncGenerator<SourceItem> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { header: true, skipEmptyLines: 'greedy' }) as unknown as NodeJS.ReadWriteStream & AsyncIterable<Record<string, string>>;
  fs.createReadStream(file).pipe(parser);
  let line = 1;
  for await (const rec of parser) {
    line++;
    const data: Record<string, unknown> = {};
    const out: Record<string, unknown> = { data };
    const prelabels: Record<string, unknown> = {};
    let bad: { field: string; message: string } | undefined;
    for (const [k0, v] of Object.entries(rec)) {
      const k = k0.replace(/^\uFEFF/, '').trim();
      if (k === '' || k === '__parsed_extra') continue;
      if (k === 'id' || k === 'external_id') { if (v !== '') out.external_id = v; continue; }
      if (k === 'priority') { if (v !== '') out.priority = Number(v); continue; }
      if (k === 'expertise') {
        out.expertise = v.trim().startsWith('[') ? tryJson(v) : v.split(/[,;]/).map((x) => x.trim()).filter(Boolean);
        continue;
      }
      if (k.startsWith('prelabels.')) {
        if (v.trim() === '') continue;
        try { prelabels[k.slice(10)] = JSON.parse(v); } catch { bad ??= { field: k, message: 'expected a JSON answer in this column' }; }
        continue;
      }
      const t = v.trim();
      data[k] = (t.startsWith('[') || t.startsWith('{')) ? tryJson(v) : v;
    }
    if (Object.keys(prelabels).length) out.prelabels = prelabels;
    yield bad ? { line, error: bad } : { line, value: out };
  }
}

const tryJson = (v: string): unknown => { try { return JSON.parse(v); } catch { return v; } };

export function itemsOf(format: ImportFormat, file: string): AsyncGenerator<SourceItem> {
  const read = () => fs.createReadStream(file, { highWaterMark: 1 << 20 });
  switch (format) {
    case 'jsonl': return jsonlItems(read());
    case 'csv': return csvItems(file);
    case 'json':
    case 'labelstudio': return jsonArrayItems(read());
  }
}
