import type { Kysely } from 'kysely';
import type { DB, RowState } from '../../db/types.js';
import type { ProjectSchema } from '@shared/tasks/question.js';
import { expertiseByUser } from '../../repos/users.js';
import { answeredIn, exportLabelTexts, exportPageEnds, exportRowsPage, exportRowsPageStatement, recordOfRaw, sqliteFile, type AnswersRead, type ExportRowRecord, type PageOnly } from '../../repos/export-rows.js';
import { liveReader, type ExportReader } from './snapshot.js';
import { startPageWorker, type PageWorker } from './page-worker.js';
import { schemaKey } from '../workflow/rules.js';
import type { RowMatch } from './filters.js';
import { ExportAnswer, ExportRow, type AnswerEntry } from './rows.js';

export interface People {
  name(id: number | null): string | null;
  /** The name as JSON text (`null` for nobody or an unknown id). */
  nameJson(id: number | null): string;
  expertise(id: number): string[];
}

/** Names and expertise of everyone on the project or who ever answered in it (a few hundred at most). */
export async function loadPeople(db: Kysely<DB>, projectId: number): Promise<People> {
  const ids = new Set<number>();
  for (const m of await db.selectFrom('project_members').select('user_id').where('project_id', '=', projectId).execute()) ids.add(Number(m.user_id));
  for (const id of await answeredIn(db, projectId)) ids.add(id);
  const list = [...ids];
  const users = list.length ? await db.selectFrom('users').select(['id', 'name']).where('id', 'in', list).execute() : [];
  const names = new Map(users.map((u) => [Number(u.id), u.name]));
  const namesJson = new Map(users.map((u) => [Number(u.id), JSON.stringify(u.name)]));
  const exp = await expertiseByUser(db, list);
  return {
    name: (id) => (id === null ? null : names.get(id) ?? null),
    nameJson: (id) => (id === null ? 'null' : namesJson.get(id) ?? 'null'),
    expertise: (id) => exp.get(id) ?? [],
  };
}

export interface ExportRowsOptions {
  states: RowState[] | null;
  onlyFinal?: boolean;
  page?: number;
  match?: RowMatch;
  /**
   * What to read of each row's answers: nothing (formats that write the final alone), who answered when
   * (provenance, agreement; the default), or that and the answers' texts (raw labels).
   */
  answers?: AnswersRead;
  /**
   * SQLite: read the pages on a worker thread, in one snapshot (page-worker.ts), once this resolves (the
   * server's `durable`: every write acknowledged so far is committed, so the worker's connection sees it).
   * A database in memory is read here.
   */
  worker?: () => Promise<void>;
  /** Where the pages and the reads beside them go (a PostgreSQL download's snapshot); the database as it is by default. */
  reader?: ExportReader;
}

/**
 * Rows a page. Smaller pages keep less alive when the young generation is collected, so less is promoted
 * and the heap stays small (at 1,000 rows a page a 100k JSONL export peaked 40 MB higher, at 2,000
 * 110 MB); below this, statements per row start to cost.
 */
const PAGE = 250;
/**
 * Rows a statement in a PostgreSQL snapshot: a statement of 500 rows costs the database a fifth less a row
 * than two of 250 (1.23-1.27 s against 1.49-1.78 s of backend CPU for 100k rows at 1M), which on a shared
 * machine is time this process gets back.
 */
export const SNAPSHOT_PAGE = 500;

/** A promise whose rejection nobody may await (a page read ahead for a consumer that stopped): handled here. */
export const readAhead = <T>(p: Promise<T>): Promise<T> => { p.catch(() => {}); return p; };

/**
 * Whether the agreement stored on a row is the one of the labels an export writes: the submit of a round's
 * second label stores rowAgreement(first, second) with the schema's fingerprint, and a new round clears
 * it; so it is, when the row is still in the final's round and the schema is unchanged. Reusing it spares
 * reading both labels' texts and scoring them again (box matching, edit distances) for every row.
 */
const storedAgreementOf = (r: ExportRowRecord, round: number, fingerprint: string) =>
  r.agreement_json !== null && r.round === round && r.agreement_json.includes(fingerprint);

/**
 * Rows of a project in id order, a page at a time (keyset pagination on the primary key), with their
 * final and the answers of the final's round: memory stays at a few pages whatever the project's size.
 * One statement per page, asked for before the page before it is built, so the database reads while this
 * process writes: on SQLite on a worker thread (one read transaction), in a PostgreSQL snapshot several
 * at once (`opts.reader`), else one ahead. Rows whose agreement must be scored again get their label
 * texts in a second statement.
 */
export async function* exportPages(db: Kysely<DB>, projectId: number, schema: ProjectSchema, opts: ExportRowsOptions): AsyncGenerator<ExportRow[]> {
  const size = opts.page ?? PAGE;
  const { ids: externalIds, rowIds } = opts.match ?? {};
  const only = { externalIds, rowIds };
  const answersRead = opts.answers ?? 'meta';
  const reader = opts.reader ?? liveReader(db);
  const fingerprint = `"schemaKey":${JSON.stringify(schemaKey(schema))}`;
  const worker = opts.worker ? await pageWorker(db, projectId, size, answersRead, only, opts.worker) : null;
  const pages = worker
    ? oneAhead((after) => worker.read(after).then((raw) => raw.map(recordOfRaw)), size)
    : reader.depth > 1
      ? severalAhead(reader, projectId, opts.page ?? SNAPSHOT_PAGE, answersRead, only)
      : oneAhead((after) => reader.read((db) => exportRowsPage(db, projectId, after, size, answersRead, only)), size);
  try {
    yield* pagesOf(reader, schema, opts, pages, answersRead, fingerprint);
  } finally {
    worker?.close();
  }
}

/** Pages by keyset, the next one asked for as soon as this one's last id is known. */
async function* oneAhead(read: (after: number) => Promise<ExportRowRecord[]>, size: number): AsyncGenerator<ExportRowRecord[]> {
  let next: Promise<ExportRowRecord[]> | null = readAhead(read(0));
  while (next) {
    const fetched: ExportRowRecord[] = await next;
    next = fetched.length === size ? readAhead(read(Number(fetched[fetched.length - 1].id))) : null;
    yield fetched;
  }
}

/** Page ends asked for at once: a few dozen statements for a million rows. */
const ENDS_AT_ONCE = 200;

/**
 * Pages read `reader.depth` at once, and one more asked for while this process builds one. Their bounds
 * come first (`exportPageEnds`, in the same snapshot, so they are the pages keyset pagination would
 * read); each page is read between two bounds on whichever connection is free and handed on in order.
 * The next bounds are asked for as soon as the last ones arrive, so no page waits for them.
 */
async function* severalAhead(reader: ExportReader, projectId: number, size: number, answers: AnswersRead, only: PageOnly): AsyncGenerator<ExportRowRecord[]> {
  const ends: number[] = [];
  let boundsFrom = 0;
  let bounds: Promise<{ ends: number[]; more: boolean }> | null = null;
  const askBounds = () => { bounds = readAhead(reader.read((db) => exportPageEnds(db, projectId, boundsFrom, size, ENDS_AT_ONCE, only))); };
  askBounds();
  let after = 0;
  const inFlight: Array<Promise<ExportRowRecord[]>> = [];
  for (;;) {
    while (inFlight.length <= reader.depth) {
      if (!ends.length && bounds) {
        const got: { ends: number[]; more: boolean } = await bounds;
        ends.push(...got.ends);
        bounds = null;
        if (got.more) { boundsFrom = got.ends[got.ends.length - 1]; askBounds(); }
      }
      const upTo = ends.shift();
      if (upTo === undefined) break;
      const from = after;
      inFlight.push(readAhead(reader.read((db) => exportRowsPage(db, projectId, from, size, answers, { ...only, upTo }))));
      after = upTo;
    }
    const page = inFlight.shift();
    if (!page) return;
    yield await page;
  }
}

async function pageWorker(db: Kysely<DB>, projectId: number, size: number, answers: AnswersRead, only: PageOnly, durable: () => Promise<void>): Promise<PageWorker | null> {
  const file = await sqliteFile(db);
  if (!file) return null;
  await durable();
  return startPageWorker(file, exportRowsPageStatement(db, projectId, size, answers, only));
}

async function* pagesOf(
  reader: ExportReader, schema: ProjectSchema, opts: ExportRowsOptions, pages: AsyncIterable<ExportRowRecord[]>, answersRead: AnswersRead, fingerprint: string,
): AsyncGenerator<ExportRow[]> {
  const { row: rowOk, exported: exportedOk } = opts.match ?? {};
  for await (const fetched of pages) {
    const rows: ExportRow[] = [];
    const rescored: ExportRow[] = [];
    for (const r of fetched) {
      // Gold rows measure labelers against a reference: never part of an export of labels, whatever the state asked.
      if (r.state === 'gold' || (opts.states && !opts.states.includes(r.state)) || (opts.onlyFinal && r.final_id === null)) continue;
      let expertise: string[] | undefined;
      if (rowOk && !rowOk({ expertise: (expertise = JSON.parse(r.expertise_json) as string[]), updatedAt: Number(r.updated_at) })) continue;
      if (answersRead === 'none') { rows.push(new ExportRow(r, schema, null, false, expertise)); continue; }
      const answers = r.answers_json === null ? [] : inSubmissionOrder(JSON.parse(r.answers_json) as AnswerEntry[]).map((a) => new ExportAnswer(a));
      const stored = storedAgreementOf(r, r.f_id === null ? r.round : r.f_round!, fingerprint);
      const row = new ExportRow(r, schema, answers, stored, expertise);
      rows.push(row);
      if (!stored && answersRead === 'meta' && row.labels.length === 2) rescored.push(row);
    }
    if (rescored.length) await addLabelTexts(reader, rescored);
    const out = exportedOk ? rows.filter(exportedOk) : rows;
    if (out.length) yield out;
  }
}

/** A row's answers by id (they come in index order, which is id order, so this seldom sorts). */
function inSubmissionOrder(entries: AnswerEntry[]): AnswerEntry[] {
  for (let i = 1; i < entries.length; i++) if (entries[i - 1][0] > entries[i][0]) return entries.sort((a, b) => a[0] - b[0]);
  return entries;
}

/** Gives rows read without answer texts their labels' texts (the first two labels of the row's answers' round). */
async function addLabelTexts(reader: ExportReader, rows: ExportRow[]) {
  const texts = await reader.read((db) => exportLabelTexts(db, rows.map((r) => r.id)));
  let j = 0;
  for (const row of rows) {
    const round = row.final?.round ?? row.round;
    while (j < texts.length && Number(texts[j].row_id) < row.id) j++;
    let k = 0;
    for (; j < texts.length && Number(texts[j].row_id) === row.id; j++) if (texts[j].round === round && k < 2) row.labels[k++].answerJson = texts[j].answer_json;
  }
}

/** The rows of `exportPages` one at a time. */
export async function* exportRows(db: Kysely<DB>, projectId: number, schema: ProjectSchema, opts: ExportRowsOptions): AsyncGenerator<ExportRow> {
  for await (const page of exportPages(db, projectId, schema, opts)) yield* page;
}
