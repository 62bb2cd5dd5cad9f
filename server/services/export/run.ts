import { Zip, ZipDeflate, strToU8 } from 'fflate';
import type { Deps } from '../../context.js';
import type { RowState } from '../../db/types.js';
import type { ProjectRecord } from '../../repos/projects.js';
import type { ExportFormat, ExportPreviewDto, ExportQuery } from '@shared/api/console.js';
import type { Question } from '@shared/tasks/question.js';
import { schemaFields } from '@shared/tasks/question.js';
import { ApiFailure } from '../../http.js';
import { exportPages, exportRows, loadPeople } from './load.js';
import { openExportReader, type ExportReader } from './snapshot.js';
import type { AnswersRead } from '../../repos/export-rows.js';
import type { ExportRow } from './rows.js';
import { cocoFile } from './coco.js';
import { exportMatch, hasFilters } from './filters.js';
import { perItemCsv, perItemJsonl, perItemLayout, perItemQuestions } from './per-item.js';
import {
  addToWorkReport, conllDocument, csvHeader, csvLayout, csvLine, csvRecord, itemOf, jsonlLine, labelStudioTask, preferencePairs,
  sagemakerLine, sftRecord, WORK_REPORT_HEADER, type WorkTotals,
} from './formats.js';
import { labelIndex, yoloFileName, yoloLines } from '@shared/tasks/bbox/export.js';
import { CONLL_HEADER } from '@shared/tasks/ner/export.js';
import { TASK_TYPES, type TaskType } from '@shared/tasks/types.js';
import { taskInterop } from '@shared/tasks/registry.js';
import type { BboxConfig, NerConfig, RankingConfig, TextConfig } from '@shared/tasks/registry.js';

export type ExportRequest = ExportQuery;

export interface ExportStream {
  filename: string;
  contentType: string;
  chunks: AsyncIterable<string | Uint8Array>;
}

/** The task type whose questions a per-type format writes, as the types' interop declares it. */
const typeOf = (format: ExportFormat): TaskType | undefined => TASK_TYPES.find((t) => taskInterop(t).formats.includes(format));

/** A question of the type a per-type format writes (pickQuestion checked it). */
type Q<C> = Question & { config: C };

function pickQuestion(project: ProjectRecord, format: ExportFormat, id?: string): Question | undefined {
  const type = typeOf(format);
  if (!type) return undefined;
  const q = id ? project.schema.find((x) => x.id === id) : project.schema.find((x) => x.type === type);
  if (!q) throw new ApiFailure(400, 'bad_request', id ? `question: no question "${id}" in this project` : `format: ${format} needs a ${type} question and this project has none`);
  if (q.type !== type) throw new ApiFailure(400, 'bad_request', `question: "${q.id}" is a ${q.type} question; ${format} exports ${type} questions`);
  return q;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'project';

/**
 * The rows an export request selects: per-type formats and the SageMaker manifest hold agreed labels
 * only (finals); the others the requested state; then the request's filters.
 */
function selection(deps: Deps, project: ProjectRecord, req: ExportRequest) {
  const q = pickQuestion(project, req.format, req.question);
  const perType = q !== undefined;
  if (req.format === 'workreport' && hasFilters(req)) throw new ApiFailure(400, 'bad_request', 'format: the work report totals every person\'s work; row filters do not apply to it');
  const states: RowState[] | null = perType ? ['final'] : req.state === 'all' ? null : [req.state];
  const perItem = req.format === 'items' || req.format === 'items-csv';
  // Refused before the first byte (and in the preview) when there is no question asked per item to write.
  if (perItem) perItemQuestions(project.schema, req.format, req.question);
  const onlyFinal = perType || perItem || req.format === 'sagemaker';
  const match = exportMatch(project.schema, req, onlyFinal || req.state === 'final');
  // Per-type formats write the final alone: their rows are read without answers unless a filter needs them.
  // Only raw labels need the answers' texts. A count (the preview) reads answers only for a filter.
  const written: AnswersRead = perType && !match.readsAnswers ? 'none' : req.raw ? 'full' : 'meta';
  const counted: AnswersRead = match.readsAnswers ? 'meta' : 'none';
  return {
    q, perType, states,
    // A download reads one snapshot: its pages on a worker thread on SQLite, in `reader` on PostgreSQL. A count reads the database as it is.
    rows: (reader: ExportReader) => exportPages(deps.db, project.id, project.schema, { states, onlyFinal, match, answers: written, worker: deps.engine === 'sqlite' ? deps.durable : undefined, reader }),
    counted: () => exportPages(deps.db, project.id, project.schema, { states, onlyFinal, match, answers: counted }),
  };
}

/**
 * How many rows an export request selects, and the first few: the Export tab shows it before downloading.
 * The tab asks again as a lead types, dropping the previous request: `signal` stops a count nobody awaits.
 */
export async function previewExport(deps: Deps, project: ProjectRecord, req: ExportRequest, signal?: AbortSignal): Promise<ExportPreviewDto> {
  const out: ExportPreviewDto = { rows: 0, sample: [] };
  if (req.format === 'workreport') return out;
  for await (const page of selection(deps, project, req).counted()) {
    if (signal?.aborted) break;
    for (const r of page) if (out.sample.length < 5) out.sample.push({ id: r.id, externalId: r.externalId, state: r.state });
    out.rows += page.length;
  }
  return out;
}

/**
 * Builds a streamed export: `chunks` pages through the rows (keyset pagination) and yields the file a
 * piece at a time. Validation (format vs schema, filters vs questions) happens here, before the first
 * byte is sent.
 */
export function runExport(deps: Deps, project: ProjectRecord, req: ExportRequest): ExportStream {
  const { q, perType, rows: rowsIn } = selection(deps, project, req);
  /** A file written from one read of the database (openExportReader): its rows, and the people and other reads beside them. */
  const oneRead = <T>(write: (rows: () => AsyncIterable<ExportRow[]>, reader: ExportReader) => AsyncIterable<T>) =>
    inOneRead(deps, (reader) => write(() => rowsIn(reader), reader));
  const peopleIn = (reader: ExportReader) => reader.read((db) => loadPeople(db, project.id));
  const stamp = new Date(deps.now()).toISOString().slice(0, 10);
  const base = `${slug(project.name)}-${project.id}-${req.format}-${perType ? 'final' : req.state}${hasFilters(req) ? '-filtered' : ''}-${stamp}`;
  const schema = project.schema;

  switch (req.format) {
    case 'jsonl':
      return {
        filename: `${base}.jsonl`, contentType: 'application/x-ndjson; charset=utf-8',
        chunks: oneRead(async function* (rows, reader) {
          const people = await peopleIn(reader);
          yield* batched(rows(), (r) => jsonlLine(r, people, req.raw));
        }),
      };
    case 'csv':
      return {
        filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8',
        chunks: oneRead(async function* (rows, reader) {
          const people = await peopleIn(reader);
          const layout = csvLayout(schema, schemaFields(schema), req.raw);
          yield '\uFEFF' + csvLine(csvHeader(schema, layout));
          yield* batched(rows(), (r) => csvLine(csvRecord(r, schema, layout, people)));
        }),
      };
    case 'coco': {
      const now = new Date(deps.now());
      const info = { description: project.name, url: '', version: '1.0', year: now.getUTCFullYear(), contributor: 'Triad', date_created: now.toISOString() };
      return { filename: `${base}.json`, contentType: 'application/json; charset=utf-8', chunks: oneRead((rows, reader) => cocoFile(reader, project.id, q as Q<BboxConfig>, rows(), info)) };
    }
    case 'yolo': {
      const bq = q as Q<BboxConfig>;
      return { filename: `${base}.zip`, contentType: 'application/zip', chunks: oneRead((rows) => yoloZip(rows(), bq, project.name)) };
    }
    case 'conll': {
      const nq = q as Q<NerConfig>;
      return {
        filename: `${base}.conll`, contentType: 'text/plain; charset=utf-8',
        chunks: oneRead(async function* (rows) {
          yield CONLL_HEADER;
          yield* batched(rows(), (r) => conllDocument(r, nq));
        }),
      };
    }
    case 'preferences':
    case 'preferences-messages': {
      const rq = q as Q<RankingConfig>;
      const shape = req.format === 'preferences' ? 'text' : 'messages';
      return {
        filename: `${base}.jsonl`, contentType: 'application/x-ndjson; charset=utf-8',
        chunks: oneRead((rows) => batched(rows(), (r) => preferencePairs(r, rq, shape).map((p) => JSON.stringify(p) + '\n').join(''))),
      };
    }
    case 'sft':
    case 'sft-messages': {
      const tq = q as Q<TextConfig>;
      const shape = req.format === 'sft' ? 'prompt' : 'messages';
      return {
        filename: `${base}.jsonl`, contentType: 'application/x-ndjson; charset=utf-8',
        chunks: oneRead((rows) => batched(rows(), (r) => { const x = sftRecord(r, tq, shape); return x ? JSON.stringify(x) + '\n' : ''; })),
      };
    }
    case 'items':
    case 'items-csv': {
      // One line per turn or response of the questions asked per item (the final's answer to each).
      const layout = perItemLayout(perItemQuestions(schema, req.format, req.question));
      if (req.format === 'items') {
        return { filename: `${base}.jsonl`, contentType: 'application/x-ndjson; charset=utf-8', chunks: oneRead((rows) => batched(rows(), (r) => perItemJsonl(r, layout))) };
      }
      return {
        filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8',
        chunks: oneRead(async function* (rows) {
          yield '\uFEFF' + csvLine(layout.columns);
          yield* batched(rows(), (r) => perItemCsv(r, layout));
        }),
      };
    }
    case 'labelstudio':
      return {
        filename: `${base}.json`, contentType: 'application/json; charset=utf-8',
        chunks: oneRead(async function* (rows, reader) {
          const people = await peopleIn(reader);
          yield '[';
          let first = true;
          yield* batched(rows(), (r) => { const s = (first ? '\n' : ',\n') + JSON.stringify(labelStudioTask(r, schema, people)); first = false; return s; });
          yield '\n]\n';
        }),
      };
    case 'sagemaker': {
      const job = `labeling-job/${slug(project.name)}-${project.id}`;
      return {
        filename: `${base}.manifest`, contentType: 'application/x-ndjson; charset=utf-8',
        chunks: oneRead((rows) => batched(rows(), (r) => JSON.stringify(sagemakerLine(r, schema, job)) + '\n')),
      };
    }
    case 'workreport':
      return {
        filename: `${slug(project.name)}-${project.id}-work-report-${stamp}.csv`, contentType: 'text/csv; charset=utf-8',
        chunks: inOneRead(deps, (reader) => workReport(deps, reader, project)),
      };
  }
}

/**
 * An export's chunks written from one read of the database, opened when the first chunk is asked for
 * and ended with the last one, or when the download stops part-way (the consumer's `return`) or fails.
 */
async function* inOneRead<T>(deps: Deps, write: (reader: ExportReader) => AsyncIterable<T>): AsyncGenerator<T> {
  const reader = await openExportReader(deps);
  try {
    yield* write(reader);
  } finally {
    await reader.close();
  }
}

/** Joins the pieces of a page of rows into one chunk: fewer, larger writes than one per row. */
async function* batched(pages: AsyncIterable<ExportRow[]>, piece: (r: ExportRow) => string): AsyncGenerator<string> {
  for await (const page of pages) {
    let chunk = '';
    for (const r of page) chunk += piece(r);
    if (chunk) yield chunk;
  }
}

/** A YOLO dataset zip (classes.txt, labels/<image>.txt, notes.json), deflated as it is written. */
async function* yoloZip(pages: AsyncIterable<ExportRow[]>, q: Q<BboxConfig>, name: string): AsyncGenerator<Uint8Array> {
  const queue: Uint8Array[] = [];
  let failed: Error | null = null;
  const zip = new Zip((err, chunk) => { if (err) failed = err; else queue.push(chunk); });
  const add = (path: string, text: string) => {
    const f = new ZipDeflate(path, { level: 6 });
    zip.add(f);
    f.push(strToU8(text), true);
  };
  add('classes.txt', q.config.labels.map((l) => l.value).join('\n') + '\n');
  const idx = labelIndex([q.config]);
  // notes.json numbers categories as the label files do (YOLO class indexes start at 0), as Label Studio writes it.
  add('notes.json', JSON.stringify({ categories: [...idx].map(([name, id]) => ({ id, name })), info: { description: name, contributor: 'Triad' } }, null, 2));
  const used = new Set<string>();
  for await (const page of pages) for (const r of page) {
    const item = itemOf(r, q);
    // An image of unknown size cannot be normalized: it gets no label file rather than a wrong (empty) one.
    const lines = item && yoloLines(item, idx);
    if (!lines) continue;
    let file = yoloFileName(item);
    // Two rows whose images share a file name keep apart by their row id.
    if (used.has(file)) file = `${r.id}__${file}`;
    used.add(file);
    add(`labels/${file}`, lines.map((l) => l + '\n').join(''));
    if (failed) throw failed;
    while (queue.length) yield queue.shift()!;
  }
  zip.end();
  if (failed) throw failed;
  while (queue.length) yield queue.shift()!;
}

/** Per person: labels and QA submissions over all rounds (SQL), and labels kept by QA (one pass over rows). */
async function* workReport(deps: Deps, reader: ExportReader, project: ProjectRecord): AsyncGenerator<string> {
  const people = await reader.read((db) => loadPeople(db, project.id));
  const sums = await reader.read((db) => db.selectFrom('answers')
    .select(['user_id', 'kind', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('active_ms').as('ms'),
      (eb) => eb.fn.count<number>('row_id').distinct().as('rows')])
    .where('project_id', '=', project.id).groupBy(['user_id', 'kind']).execute());
  const totals = new Map<number, WorkTotals>();
  for await (const r of exportRows(deps.db, project.id, project.schema, { states: ['final'], onlyFinal: true, reader })) addToWorkReport(totals, r);
  const ids = [...new Set([...sums.map((s) => Number(s.user_id)), ...totals.keys()])].sort((a, b) => a - b);
  yield '\uFEFF' + csvLine(WORK_REPORT_HEADER);
  for (const id of ids) {
    const lab = sums.find((s) => Number(s.user_id) === id && s.kind === 'label');
    const qa = sums.find((s) => Number(s.user_id) === id && s.kind === 'qa');
    const t = totals.get(id);
    const ms = Number(lab?.ms ?? 0) + Number(qa?.ms ?? 0);
    const onFinal = t?.labelsOnFinalRows ?? 0;
    yield csvLine([
      id, people.name(id) ?? '', Number(lab?.rows ?? 0), onFinal, t?.keptByQa ?? 0,
      onFinal ? Math.round(((t?.keptByQa ?? 0) / onFinal) * 10000) / 10000 : '', t?.qaResolutions ?? 0,
      Math.round((ms / 3_600_000) * 1000) / 1000, Number(lab?.n ?? 0), Number(qa?.n ?? 0),
    ]);
  }
}

/** A web stream over an export, for `c.body`. */
export function toWebStream(chunks: AsyncIterable<string | Uint8Array>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const it = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      try {
        const { value, done } = await it.next();
        if (done) ctrl.close();
        else ctrl.enqueue(typeof value === 'string' ? enc.encode(value) : value);
      } catch (e) {
        ctrl.error(e);
      }
    },
    async cancel() { await it.return?.(undefined); },
  });
}
