import type { ExportFormat, ImportWarning } from '../api/console';
import type { ExportItem, StatUnit } from './types';
import type { LsResult } from './labelstudio';
import type { SageMakerLabel } from './sagemaker';

// What a task type tells the server's services: the data fields it reads, how it reads and writes Label
// Studio results, its export columns and formats, which final answers an export filter keeps, and what
// the dashboard needs. Each type's `interop.ts` fills this in and `registry.ts` lists them, so import,
// export and dashboard never ask which type a question is.

/**
 * What a data field a question reads must hold at import: text, an array of texts (at least `min`,
 * called `noun` in the error), a conversation (`[{role, content}]`, shared/conversation.ts), text or a
 * conversation (a prompt may be either), or media uploaded to the project (an image or an audio file).
 */
export type FieldKind =
  | { kind: 'string' }
  | { kind: 'string[]'; min: number; noun: string }
  | { kind: 'conversation' }
  | { kind: 'text-or-conversation' }
  | { kind: 'image' }
  | { kind: 'audio' };

export interface DataField { field: string; type: FieldKind }

/** A problem with one field of a line; the line is not imported. */
export interface FieldIssue { field: string; message: string }

/** A note about one line of an import, without its line number (the caller knows it). */
export type LineWarning = Omit<ImportWarning, 'line'>;

/** A Label Studio result as read from a file: every field may be missing or of the wrong type. */
export interface LsInput {
  id?: unknown;
  type?: unknown;
  from_name?: unknown;
  to_name?: unknown;
  value?: Record<string, any>;
  original_width?: unknown;
  original_height?: unknown;
}

/** What a type's Label Studio reader sees besides the result: where it is, the task, and the report. */
export interface LsReadContext {
  /** The result's place in the file (`annotations.0.result.3`), for the report. */
  path: string;
  questionId: string;
  /** The task's `data`. */
  data: Record<string, unknown>;
  issue(i: FieldIssue): void;
  warn(w: LineWarning): void;
  /** The labels of a region that may carry several, saying in the report that it became one `what` per label. */
  several(labels: string[], what: string): string[];
  /** The image size a result gives, else the one another result of the same image in the task gives. */
  imageSize(r: LsInput): { w: number; h: number } | undefined;
  /** Regions read so far by their result id: a per-region result (a transcript) finds its region. */
  regions: Map<unknown, Record<string, unknown>>;
}

export interface LabelStudioReader<C> {
  /** The Label Studio result types a question of this type takes as its own (`from_name` = question id). */
  fills: readonly string[];
  /**
   * Folds one result (`value` is its `value` object, or {}) into the question's prelabel so far
   * (undefined before the first) and returns it; after an issue it returns `prev` unchanged.
   */
  read(r: LsInput, value: Record<string, any>, prev: any, config: C, ctx: LsReadContext): unknown;
  /**
   * Folds a `<question>_<part>` result (a criterion, a strength, a transcript). `prelabel` is what the
   * question holds afterwards (undefined: nothing); `used` false means the part is none this type reads.
   */
  readPart(r: LsInput, value: Record<string, any>, part: string, prev: any, config: C, ctx: LsReadContext): { prelabel: unknown; used: boolean };
}

/** A figure of one pair of labels that the dashboard averages per question beside α and κ. */
export interface PairFigure {
  key: string;
  title: string;
  /** A rate in [0, 1], shown as a percentage (else a mean shown as a number). */
  percent: boolean;
}

export interface TaskInterop<C, A> {
  /** The data fields the question reads and what each must hold; the same fields as the module's `fields`. */
  dataFields(config: C): DataField[];
  labelStudio: LabelStudioReader<C> & {
    /** The answer as Label Studio results; reading them back gives the answer again. */
    write(item: ExportItem<C, A>): LsResult[];
  };
  /** Readable JSONL/CSV columns of an answer, or null: the answer goes in one JSON cell. */
  record: ((item: ExportItem<C, A>) => Record<string, unknown>) | null;
  /**
   * The answer in SageMaker Ground Truth's output format for its type (null: nothing to write), or
   * `'custom'` for a type Ground Truth has no built-in task for. `source` says what the row shows.
   */
  sagemaker: ((item: ExportItem<C, A>, confidence: number, source: 'text' | 'image') => SageMakerLabel | null) | 'custom';
  /** The per-type export formats that write this type's questions. */
  formats: readonly ExportFormat[];
  /**
   * Whether a final answer holds `value` (an export filter `answer=question:value`), in this type's
   * sense of it. A value the question cannot hold calls `bad` with what to fix.
   */
  answerFilter(config: C, questionId: string, value: string, bad: (message: string) => never): (answer: A) => boolean;
  dashboard: {
    /** Whether the module's `units` read the row's data (the dashboard fill then loads it). */
    unitsReadData: boolean;
    /** The labels of the labeler-vs-labeler confusion matrix, or null when the question has none. */
    confusionLabels(config: C): string[] | null;
    /**
     * Figures of a pair of labels the dashboard averages per question (a ranking's top-choice agreement
     * and rank correlation), from the two labels' units (`units`) so a counted pair can be taken back
     * when a new round replaces it; null when the pair has none (a side undecided). Absent: no figures.
     */
    pairFigures?: {
      figures(config: C): PairFigure[];
      of(a: readonly StatUnit[], b: readonly StatUnit[], config: C): Record<string, number> | null;
    };
  };
}
