import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import type { SourceItem } from './sources.js';
import { checkShape, forbiddenNameMessage, isForbiddenName, lineTooLongMessage, MAX_CSV_COLUMNS, MAX_KEY_CHARS, MAX_LINE_CHARS } from './limits.js';

interface CsvRecord { line: number; text: string; tooLong?: true }

/** Delimiters Papa Parse guesses among; before the header is read, any of them may start a field. */
const CANDIDATE_DELIMITERS = new Set([44, 59, 9, 124, 30, 31]);

/**
 * Splits CSV text into records (a line break inside a quoted cell stays in its record), each with the
 * physical line it starts on. A quote opens a quoted cell only at the start of a cell, as Papa Parse
 * reads it. A record longer than `maxChars` (an unclosed quote swallowing the file, a gigabyte without
 * a line break) is reported once and dropped as it streams by.
 */
async function* csvRecords(chunks: AsyncIterable<Buffer | string>, sep: { code: number | null }, maxChars: number): AsyncGenerator<CsvRecord> {
  const dec = new StringDecoder('utf8');
  let line = 1;
  let recLine = 1;
  let text = '';
  let tooLong = false;
  let inQuote = false;
  let quoteClosed = false;
  let fieldStart = true;
  let prevCr = false;
  let first = true;
  const keep = (part: string) => {
    if (tooLong) return;
    if (text.length + part.length > maxChars) { tooLong = true; text = ''; } else text += part;
  };
  const take = (): CsvRecord => {
    const r: CsvRecord = tooLong ? { line: recLine, text: '', tooLong } : { line: recLine, text };
    text = '';
    tooLong = false;
    return r;
  };
  for await (const chunk of chunks) {
    let s = typeof chunk === 'string' ? chunk : dec.write(chunk);
    if (first && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    if (s.length) first = false;
    let segStart = 0;
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      const wasCr = prevCr;
      prevCr = ch === 13;
      // The LF of a CRLF: its CR already counted the line (and ended the record, outside quotes).
      if (ch === 10 && wasCr) { if (!inQuote) segStart = i + 1; continue; }
      if (inQuote) {
        if (ch === 34) { inQuote = false; quoteClosed = true; } else if (ch === 10 || ch === 13) line++;
        continue;
      }
      if (ch === 34) {
        // `""` inside a quoted cell closes and reopens it: the escaped quote.
        if (fieldStart || quoteClosed) inQuote = true;
        fieldStart = false;
        quoteClosed = false;
        continue;
      }
      quoteClosed = false;
      if (ch === 10 || ch === 13) {
        keep(s.slice(segStart, i));
        yield take();
        line++;
        recLine = line;
        fieldStart = true;
        segStart = i + 1;
        continue;
      }
      fieldStart = sep.code === null ? CANDIDATE_DELIMITERS.has(ch) : ch === sep.code;
    }
    keep(s.slice(segStart));
  }
  keep(dec.end());
  if (text.length || tooLong) yield take();
}

function headerProblem(names: string[]): string | null {
  if (names.length > MAX_CSV_COLUMNS) return `${names.length} columns: at most ${MAX_CSV_COLUMNS}`;
  const seen = new Set<string>();
  for (const k of names) {
    if (k === '') continue;
    const name = k.startsWith('prelabels.') ? k.slice(10) : k;
    if (isForbiddenName(name)) return `column "${k}": ${forbiddenNameMessage(name)}`;
    if (k.length > MAX_KEY_CHARS) return `a column name of ${k.length} characters: at most ${MAX_KEY_CHARS}`;
    if (seen.has(k)) return `column "${k}" appears twice`;
    seen.add(k);
  }
  return null;
}

const tryJson = (v: string): unknown => { try { return JSON.parse(v); } catch { return v; } };

/** One record's cells as an import row, or the problem to report for its line. */
function rowOf(header: string[], cells: string[]): { value: unknown; error?: undefined } | { value?: undefined; error: { field: string; message: string } } {
  const data: Record<string, unknown> = {};
  const out: Record<string, unknown> = { data };
  const prelabels: Record<string, unknown> = {};
  // Cells are matched to columns by position: a record of another length would put values under the wrong names.
  if (cells.length !== header.length) {
    const why = cells.length > header.length ? 'a comma in an unquoted cell, or a cell without a column?' : 'a missing comma or cell?';
    return { error: { field: '(line)', message: `${cells.length} cell${cells.length === 1 ? '' : 's'}, but the header names ${header.length} columns (${why}): every record needs one cell per column` } };
  }
  for (let c = 0; c < cells.length; c++) {
    const k = header[c];
    const v = cells[c];
    if (k === '') continue;
    if (k === 'id' || k === 'external_id') { if (v !== '') out.external_id = v; continue; }
    if (k === 'priority') { if (v.trim() !== '') out.priority = Number(v); continue; }
    if (k === 'expertise') {
      out.expertise = v.trim().startsWith('[') ? tryJson(v) : v.split(/[,;]/).map((x) => x.trim()).filter(Boolean);
      continue;
    }
    if (k.startsWith('prelabels.')) {
      if (v.trim() === '') continue;
      try { prelabels[k.slice(10)] = JSON.parse(v); } catch { return { error: { field: k, message: 'expected a JSON answer in this column' } }; }
      continue;
    }
    const t = v.trim();
    data[k] = (t.startsWith('[') || t.startsWith('{')) ? tryJson(v) : v;
  }
  if (Object.keys(prelabels).length) out.prelabels = prelabels;
  const bad = checkShape(out);
  return bad ? { error: bad } : { value: out };
}

/**
 * CSV with a header line: every column becomes a data field, except `id`/`external_id`, `expertise`
 * (comma-separated or a JSON array), `priority`, and `prelabels.<questionId>` (a JSON answer). A cell
 * holding a JSON array or object (e.g. a ranking's responses) is parsed. Each record is reported with
 * the line it starts on; a bad header is one error for the file.
 */
export async function* csvItems(chunks: AsyncIterable<Buffer | string>, maxChars = MAX_LINE_CHARS): AsyncGenerator<SourceItem> {
  const sep: { code: number | null } = { code: null };
  let header: string[] | null = null;
  let delimiter = ',';
  for await (const rec of csvRecords(chunks, sep, maxChars)) {
    if (rec.tooLong) {
      yield { line: rec.line, error: { field: header ? '(line)' : '(header)', message: lineTooLongMessage(header ? 'this record' : 'the header') } };
      if (!header) return;
      continue;
    }
    if (rec.text.trim() === '') continue;
    const parsed: Papa.ParseResult<string[]> = Papa.parse<string[]>(rec.text, { delimiter: header ? delimiter : undefined, newline: '\n' });
    const quotes = parsed.errors.find((e) => e.type === 'Quotes');
    const cells: string[] = parsed.data[0] ?? [];
    if (!header) {
      delimiter = parsed.meta.delimiter;
      sep.code = delimiter.charCodeAt(0);
      const names = cells.map((k) => k.trim());
      header = names;
      const problem = quotes ? `the header's quotes are malformed: ${quotes.message}` : headerProblem(names);
      if (problem) { yield { line: rec.line, error: { field: '(header)', message: problem } }; return; }
      continue;
    }
    if (quotes?.code === 'MissingQuotes') {
      const last = rec.line + (rec.text.replace(/(?:\r\n|\r|\n)$/, '').match(/\r\n|\r|\n/g)?.length ?? 0);
      yield { line: rec.line, error: { field: '(line)', message: `a quote opened in the record of line ${rec.line} is never closed: lines ${rec.line}–${last} (to the end of the file) were read as one cell, so no row after it was imported; close the quote (a quote inside a quoted cell is written "")` } };
      continue;
    }
    if (quotes || parsed.data.length !== 1) {
      yield { line: rec.line, error: { field: '(line)', message: `the quotes of this record are malformed${quotes ? `: ${quotes.message}` : ''} (a quote inside a quoted cell is written "")` } };
      continue;
    }
    if (cells.every((c) => c.trim() === '')) continue;
    yield { line: rec.line, ...rowOf(header, cells) };
  }
}
