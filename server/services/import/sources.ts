import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { ImportFormat } from '@shared/api/console.js';
import { csvItems } from './csv.js';
import { lineTooLongMessage, MAX_LINE_CHARS, parseLine } from './limits.js';

/** One item of an import file: its parsed value, or why it could not be parsed. */
export type SourceItem =
  | { line: number; value: unknown; error?: undefined }
  | { line: number; value?: undefined; error: { field: string; message: string } };

/**
 * Splits a byte stream into lines (LF or CRLF) without holding more than the current chunk and one line.
 * A line longer than `maxChars` is reported once as `tooLong` and dropped as it streams by, so a
 * gigabyte without a newline never sits in memory. Only the new chunk is searched: a long line in small
 * chunks costs linear time.
 */
export async function* lines(chunks: AsyncIterable<Buffer | string>, maxChars = MAX_LINE_CHARS): AsyncGenerator<{ line: number; text: string; tooLong?: true }> {
  const dec = new StringDecoder('utf8');
  let parts: string[] = [];
  let partsLen = 0;
  let n = 0;
  let first = true;
  let dropping = false;
  const take = (tail: string): { line: number; text: string; tooLong?: true } => {
    let text = parts.length ? parts.join('') + tail : tail;
    parts = [];
    partsLen = 0;
    if (text.endsWith('\r')) text = text.slice(0, -1);
    return text.length > maxChars ? { line: n, text: '', tooLong: true } : { line: n, text };
  };
  const decoded = async function* () {
    for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : dec.write(chunk);
    yield dec.end();
  };
  for await (let s of decoded()) {
    if (first && s.length) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
    }
    let start = 0;
    for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', start)) {
      n++;
      if (dropping) dropping = false;
      else yield take(s.slice(start, i));
      start = i + 1;
    }
    if (dropping || start === s.length) continue;
    parts.push(s.slice(start));
    partsLen += s.length - start;
    // One more than the limit: a line of exactly maxChars may still be waiting for the LF after its CR.
    if (partsLen > maxChars + 1) {
      yield { line: n + 1, text: '', tooLong: true };
      dropping = true;
      parts = [];
      partsLen = 0;
    }
  }
  if (parts.length) { n++; yield take(''); }
}

export async function* jsonlItems(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<SourceItem> {
  for await (const { line, text, tooLong } of lines(chunks)) {
    if (tooLong) { yield { line, error: { field: '(line)', message: lineTooLongMessage('this line') } }; continue; }
    if (text.trim() === '') continue;
    const r = parseLine(text, '(line)');
    yield r.error ? { line, error: r.error } : { line, value: r.value };
  }
}

const isSpace = (ch: number) => ch === 32 || ch === 10 || ch === 13 || ch === 9;

/**
 * Items of a top-level JSON array, one at a time: a small scanner finds where each element ends
 * (tracking strings and nesting) and hands it to JSON.parse, so a large array never sits in memory
 * whole, and an element longer than MAX_LINE_CHARS is dropped as it streams by and reported. A file
 * holding a single object (Label Studio's one-task files) is one item, under the same bound.
 */
export async function* jsonArrayItems(chunks: AsyncIterable<Buffer | string>, maxChars = MAX_LINE_CHARS): AsyncGenerator<SourceItem> {
  const dec = new StringDecoder('utf8');
  let mode: 'start' | 'array' | 'object' | 'done' = 'start';
  let line = 1;
  // The element being read: its kind, where it started, its text so far (unless it grew too long).
  let elem: 'container' | 'string' | 'scalar' | null = null;
  let depth = 0;
  let inStr = false;
  let esc = false;
  let buf = '';
  let tooLong = false;
  let itemLine = 0;
  let trailing = false;
  const finish = (text: string): SourceItem => {
    if (tooLong) return { line: itemLine, error: { field: '(item)', message: lineTooLongMessage(mode === 'object' ? 'this JSON object' : 'this array element') } };
    const r = parseLine(text, '(item)');
    return r.error ? { line: itemLine, error: r.error } : { line: itemLine, value: r.value };
  };
  const keep = (part: string) => {
    if (tooLong) return;
    if (buf.length + part.length > maxChars) { tooLong = true; buf = ''; } else buf += part;
  };

  for await (const chunk of chunks) {
    let s = typeof chunk === 'string' ? chunk : dec.write(chunk);
    const out: SourceItem[] = [];
    if (mode === 'start') {
      s = s.replace(/^\uFEFF/, '');
      const m = /\S/.exec(s);
      if (!m) { line += countNl(s); continue; }
      line += countNl(s.slice(0, m.index));
      if (s[m.index] === '{') { mode = 'object'; itemLine = line; s = s.slice(m.index); }
      else if (s[m.index] === '[') { mode = 'array'; s = s.slice(m.index + 1); }
      else { yield { line, error: { field: '(file)', message: 'expected a JSON array of rows (or one JSON object)' } }; return; }
    }
    if (mode === 'object') { keep(s); continue; }
    if (mode === 'done') {
      if (/\S/.test(s)) trailing = true;
      continue;
    }
    let segStart = elem ? 0 : -1;
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      if (ch === 10) line++;
      if (elem === null) {
        if (isSpace(ch) || ch === 44) continue;
        if (ch === 93) { mode = 'done'; if (/\S/.test(s.slice(i + 1))) trailing = true; break; }
        itemLine = line;
        segStart = i;
        tooLong = false;
        if (ch === 123 || ch === 91) { elem = 'container'; depth = 1; } else if (ch === 34) { elem = 'string'; inStr = true; } else elem = 'scalar';
        continue;
      }
      let endAt = -1;
      if (inStr) {
        if (esc) esc = false;
        else if (ch === 92) esc = true;
        else if (ch === 34) { inStr = false; if (elem === 'string') endAt = i + 1; }
      } else if (elem === 'scalar') {
        if (isSpace(ch) || ch === 44 || ch === 93) endAt = i;
      } else if (ch === 34) inStr = true;
      else if (ch === 123 || ch === 91) depth++;
      else if (ch === 125 || ch === 93) { if (--depth === 0) endAt = i + 1; }
      if (endAt < 0) continue;
      keep(s.slice(segStart, endAt));
      out.push(finish(buf));
      buf = '';
      elem = null;
      segStart = -1;
      // The character that ended a bare scalar (a comma, a bracket) belongs to the array: read it again.
      if (endAt === i) { i--; if (ch === 10) line--; }
    }
    if (elem !== null && segStart >= 0) keep(s.slice(segStart));
    yield* out;
  }
  const tail = dec.end();
  if (mode === 'object') {
    keep(tail);
    yield finish(buf);
  } else if (mode === 'start') {
    yield { line: 1, error: { field: '(file)', message: 'the file is empty' } };
  } else if (mode === 'array') {
    yield { line, error: { field: '(file)', message: 'the JSON array is not closed (file cut short?)' } };
  } else if (trailing || /\S/.test(tail)) {
    yield { line, error: { field: '(file)', message: 'unexpected text after the closing ] of the array (two files joined?)' } };
  }
}

const countNl = (s: string) => { let n = 0; for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++; return n; };

export function itemsOf(format: ImportFormat, file: string): AsyncGenerator<SourceItem> {
  const read = () => fs.createReadStream(file, { highWaterMark: 1 << 20 });
  switch (format) {
    case 'jsonl': return jsonlItems(read());
    case 'csv': return csvItems(read());
    case 'json':
    case 'labelstudio': return jsonArrayItems(read());
  }
}
