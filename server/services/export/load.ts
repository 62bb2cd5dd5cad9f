import type { Kysely } from 'kysely';
import type { DB, RowState } from '../../db/types.js';
import type { ProjectSchema, RowAnswer } from '@shared/tasks/question.js';
import { rowAgreement } from '@shared/tasks/question.js';
import type { Agreement } from '@shared/tasks/types.js';
import { expertiseByUser } from '../../repos/users.js';
import { exportLabelTexts, exportRowsPage, type AnswersRead, type ExportRowRecord } from '../../repos/export-rows.js';
import { schemaKey } from '../workflow/rules.js';
import type { RowMatch } from './filters.js';

// Stored JSON (row data, answers, prelabels) is text in both engines, written by JSON.stringify. A row
// parses each text only when a format reads the value; JSONL writes the text through as it is stored,
// which at a million rows saves most of the export's time and garbage.

const parse = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

const NOT_LOADED = 'export: this row was read without its answers (see ExportRowsOptions.answers)';

/** One answer of a row's round, as exports write it. */
export class ExportAnswer {
  readonly kind: 'label' | 'qa';
  readonly userId: number;
  readonly createdAt: number;
  readonly activeMs: number;
  readonly guidelineVersion: number | null;
  readonly bestEffort: boolean;
  #answerJson: string | null;
  /** The prelabel the person was shown, as stored (JSON text), or null. */
  readonly prelabelJson: string | null;
  #answer?: RowAnswer;
  #prelabel?: { v: Record<string, string> | null };

  /** `a`: one entry of a page's `answers_json` (see ExportRowRecord). */
  constructor(a: AnswerEntry) {
    this.kind = a[1];
    this.userId = a[2];
    this.createdAt = a[3];
    this.activeMs = a[4];
    this.guidelineVersion = a[5];
    this.bestEffort = a[6] === 1;
    this.#answerJson = a[7] ?? null;
    this.prelabelJson = a[8] ?? null;
  }

  /** The answer as stored (JSON text). */
  get answerJson(): string {
    if (this.#answerJson === null) throw new Error(NOT_LOADED);
    return this.#answerJson;
  }

  set answerJson(text: string) { this.#answerJson = text; }

  get answer(): RowAnswer { return (this.#answer ??= JSON.parse(this.answerJson) as RowAnswer); }

  get prelabel(): Record<string, string> | null { return (this.#prelabel ??= { v: parse(this.prelabelJson) }).v; }
}

type AnswerEntry = [id: number, kind: 'label' | 'qa', userId: number, createdAt: number, activeMs: number, guidelineVersion: number | null, bestEffort: number, answerJson?: string, prelabelJson?: string | null];

/** A row's final, as exports write it. */
export class ExportFinal {
  readonly source: 'qa' | 'consensus';
  readonly decidedBy: number | null;
  readonly guidelineVersion: number | null;
  readonly createdAt: number;
  readonly round: number;
  /** The final answer as stored (JSON text). */
  readonly answerJson: string;
  /** Per question, whose label QA took, as stored (JSON text), or null. */
  readonly choicesJson: string | null;
  #answer?: RowAnswer;
  #choices?: { v: Record<string, string> | null };

  constructor(r: ExportRowRecord) {
    this.source = r.f_source!;
    this.decidedBy = r.f_decided_by === null ? null : Number(r.f_decided_by);
    this.guidelineVersion = r.f_guideline_version;
    this.createdAt = Number(r.f_created_at);
    this.round = Number(r.f_round);
    this.answerJson = r.f_answer_json!;
    this.choicesJson = r.f_choices_json;
  }

  get answer(): RowAnswer { return (this.#answer ??= JSON.parse(this.answerJson) as RowAnswer); }
  get choices(): Record<string, string> | null { return (this.#choices ??= { v: parse(this.choicesJson) }).v; }
}

export interface QuestionAgreement { score: number; agree: boolean; items?: Record<string, number> }

/** What exports write of a question's agreement: score and verdict, and per item for a scoped question (detail `item:<k>`). */
function exportedAgreement(a: Agreement): QuestionAgreement {
  let items: Record<string, number> | undefined;
  for (const k in a.detail) if (k.startsWith('item:')) (items ??= {})[k.slice(5)] = a.detail[k];
  return items ? { score: a.score, agree: a.agree, items } : { score: a.score, agree: a.agree };
}


/** One row with everything an exporter may write about it. */
export class ExportRow {
  readonly id: number;
  readonly externalId: string | null;
  readonly state: RowState;
  readonly round: number;
  readonly priority: number;
  /** Row data, prelabels (question id → answer) and required expertise as stored (JSON text). */
  readonly dataJson: string;
  readonly prelabelsJson: string | null;
  readonly expertiseJson: string;
  readonly final: ExportFinal | null;
  readonly #schema: ProjectSchema;
  readonly #agreementJson: string | null;
  readonly #answers: ExportAnswer[] | null;
  readonly #storedAgreement: boolean;
  #labels?: ExportAnswer[];
  #qa?: ExportAnswer | null;
  #data?: Record<string, unknown>;
  #prelabels?: { v: Record<string, unknown> | null };
  #expertise?: string[];
  #agreement?: Record<string, QuestionAgreement> | null;

  /**
   * `answers`: the answers of the final's round (or of the current round) in submission order; null when
   * not read. `storedAgreement`: the row's stored agreement is the one of these labels (storedAgreementOf).
   */
  constructor(r: ExportRowRecord, schema: ProjectSchema, answers: ExportAnswer[] | null, storedAgreement: boolean, expertise?: string[]) {
    this.id = Number(r.id);
    this.externalId = r.external_id;
    this.state = r.state;
    this.round = r.round;
    this.priority = Number(r.priority);
    this.dataJson = r.data_json;
    this.prelabelsJson = r.prelabels_json;
    this.expertiseJson = r.expertise_json;
    this.final = r.f_id === null ? null : new ExportFinal(r);
    this.#schema = schema;
    this.#agreementJson = r.agreement_json;
    this.#answers = answers;
    this.#storedAgreement = storedAgreement;
    this.#expertise = expertise;
  }

  get data(): Record<string, unknown> { return (this.#data ??= JSON.parse(this.dataJson) as Record<string, unknown>); }
  /** The model's suggestions the row was imported with (question id → answer), or null. */
  get prelabels(): Record<string, unknown> | null { return (this.#prelabels ??= { v: parse(this.prelabelsJson) }).v; }
  get expertise(): string[] { return (this.#expertise ??= JSON.parse(this.expertiseJson) as string[]); }

  #loaded(): ExportAnswer[] {
    if (!this.#answers) throw new Error(NOT_LOADED);
    return this.#answers;
  }

  /** The two labels of the final's round (or of the current round), in submission order: l1, l2. */
  get labels(): ExportAnswer[] {
    return (this.#labels ??= this.#loaded().filter((a) => a.kind === 'label').slice(0, 2));
  }

  get qa(): ExportAnswer | null {
    return this.#qa === undefined ? (this.#qa = this.#loaded().find((a) => a.kind === 'qa') ?? null) : this.#qa;
  }

  /**
   * Per question: the pairwise agreement of the two labels, when both are in; for a question asked per
   * turn or response, also each item's score (by item index).
   */
  get agreement(): Record<string, QuestionAgreement> | null {
    if (this.#agreement !== undefined) return this.#agreement;
    const labels = this.labels;
    const scored = labels.length === 2 && !this.#storedAgreement
      ? rowAgreement(this.#schema, labels[0].answer, labels[1].answer).questions
      : parse<{ questions?: Record<string, Agreement> }>(this.#agreementJson)?.questions;
    if (!scored) return (this.#agreement = null);
    const out: Record<string, QuestionAgreement> = {};
    for (const k in scored) out[k] = exportedAgreement(scored[k]);
    return (this.#agreement = out);
  }
}

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
  for (const a of await db.selectFrom('answers').select('user_id').distinct().where('project_id', '=', projectId).execute()) ids.add(Number(a.user_id));
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
}

/**
 * Rows a page. Smaller pages keep less alive when the young generation is collected, so less is promoted
 * and the heap stays small (at 1,000 rows a page a 100k JSONL export peaked 40 MB higher, at 2,000
 * 110 MB); below this, statements per row start to cost.
 */
const PAGE = 250;

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
 * final and the answers of the final's round: memory stays at a page or two whatever the project's size.
 * One statement per page; the next page is asked for before this one is built, so PostgreSQL reads it
 * while this process writes. Rows whose agreement must be scored again get their label texts in a second.
 */
export async function* exportPages(db: Kysely<DB>, projectId: number, schema: ProjectSchema, opts: ExportRowsOptions): AsyncGenerator<ExportRow[]> {
  const size = opts.page ?? PAGE;
  const { ids: externalIds, rowIds, row: rowOk, exported: exportedOk } = opts.match ?? {};
  const answersRead = opts.answers ?? 'meta';
  const fingerprint = `"schemaKey":${JSON.stringify(schemaKey(schema))}`;
  const read = (after: number) => readAhead(exportRowsPage(db, projectId, after, size, answersRead, { externalIds, rowIds }));
  let next: Promise<ExportRowRecord[]> | null = read(0);
  while (next) {
    const fetched: ExportRowRecord[] = await next;
    next = fetched.length === size ? read(Number(fetched[fetched.length - 1].id)) : null;
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
    if (rescored.length) await addLabelTexts(db, rescored);
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
async function addLabelTexts(db: Kysely<DB>, rows: ExportRow[]) {
  const texts = await exportLabelTexts(db, rows.map((r) => r.id));
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
