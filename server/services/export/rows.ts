import type { RowState } from '../../db/types.js';
import type { ProjectSchema, RowAnswer } from '@shared/tasks/question.js';
import { rowAgreement } from '@shared/tasks/question.js';
import type { Agreement } from '@shared/tasks/types.js';
import type { ExportRowRecord } from '../../repos/export-rows.js';

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

export type AnswerEntry = [id: number, kind: 'label' | 'qa', userId: number, createdAt: number, activeMs: number, guidelineVersion: number | null, bestEffort: number, answerJson?: string, prelabelJson?: string | null];

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
