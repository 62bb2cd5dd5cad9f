import type { ComponentType, LazyExoticComponent } from 'react';
import type { Question } from '@shared/tasks/question';
import type { Agreement, TaskType } from '@shared/tasks/types';
import type { TaskTypes } from '@shared/tasks/registry';
import type { DraftStart, Starter } from './starter';

/**
 * Extra facts about a change, for the answer store. `coalesce` names a stream of small edits (typing in
 * one text box): consecutive changes with the same key merge into one undo step.
 */
export interface ChangeMeta {
  coalesce?: string;
}

/** What every editor gets: one question of a row, its answer, and whether it owns the keyboard. */
export interface EditorProps<C = unknown, A = unknown> {
  question: Question;
  /** `question.config`, typed. */
  config: C;
  /** The row's data fields. */
  data: Record<string, unknown>;
  value: A;
  onChange(next: A, meta?: ChangeMeta): void;
  /** A model's suggestion, shown apart from the value until accepted. */
  prelabel?: A | null;
  readOnly?: boolean;
  /** This question owns the keyboard: its hotkeys are live. */
  active: boolean;
}

/** The QA view of one question (issue 6 builds these): both labels, their agreement, and the final answer. */
export interface CompareProps<C = unknown, A = unknown> {
  question: Question;
  config: C;
  data: Record<string, unknown>;
  a: A;
  b: A;
  labels: [string, string];
  /** Which labeler is the domain expert, if either. */
  expert?: 0 | 1 | null;
  prelabel?: A | null;
  agreement: Agreement;
  final: A;
  onFinalChange(next: A): void;
}

/** One line of the help overlay for a task type (before its editor is loaded). */
export interface HotkeyHelp {
  keys: string | readonly string[];
  description: string;
}

export type ConfigOf<T extends TaskType> = TaskTypes[T]['config'];
export type AnswerOf<T extends TaskType> = TaskTypes[T]['answer'];

/** A problem the shared schema found in a question, by its path inside the question (`config.labels[1].hotkey`). */
export interface ConfigIssue {
  path: string;
  message: string;
}

/**
 * The schema builder's form for a type's config. The config is the one the lead is writing: keys of the
 * type's zod config, each possibly unset or not valid yet (the shared schema judges it on save); `set`
 * writes keys, and a key set to undefined is removed so the module's default applies again.
 */
export interface ConfigEditorProps<C> {
  config: { [K in keyof C]?: unknown };
  set(patch: { [K in keyof C]?: unknown }): void;
  /** Prefix of the inputs' ids, unique per question. */
  prefix: string;
  issues: ConfigIssue[];
}

/** The client face of a task type; the pure part lives in shared/tasks/<type>. */
export interface ClientTaskModule<T extends TaskType> {
  type: T;
  /** What leads call the type (schema builder, new project). */
  name: string;
  /** One word for it, where a project's types share a line (the project list). */
  shortName: string;
  /** Starts downloading the editor's code, so the next row of this type opens without a spinner. */
  preloadEditor(): Promise<unknown>;
  /** Warms the cache with what the editor will fetch for this row (an image, waveform peaks). */
  preload(config: ConfigOf<T>, data: Record<string, unknown>): void;
  /** Data fields the editor draws itself: the data panel leaves them out, so nothing shows twice. */
  shownFields(config: ConfigOf<T>): string[];
  /** Data fields the question asks about: the data panel shows them first. */
  askedFields(config: ConfigOf<T>): string[];
  /** The values an export filter on this question picks from (its labels), or null when it takes free text. */
  filterValues(config: ConfigOf<T>): string[] | null;
  /**
   * What a typed filter value means for this type, shown under the box when `filterValues` gives null
   * (the answer is not one of its labels); null for a type whose filter always picks a label.
   */
  filterHint: string | null;
  /** Its config form in the schema builder. */
  ConfigEditor: ComponentType<ConfigEditorProps<ConfigOf<T>>>;
  /** Its card on the new-project form and the first question made from it. */
  starter: Starter;
  /** A new question of this type in the schema builder. */
  draftStart: DraftStart;
  /** Made-up values of the data fields it reads, for the schema preview of a project without rows. */
  sampleData(config: ConfigOf<T>): Record<string, unknown>;
  /** Whether the dashboard draws a confusion matrix of its two labels. */
  confusionMatrix: boolean;
  /** Lazy so Konva and wavesurfer.js load only where a question needs them. */
  Editor: LazyExoticComponent<ComponentType<EditorProps<ConfigOf<T>, AnswerOf<T>>>>;
  hotkeys(config: ConfigOf<T>): HotkeyHelp[];
  /** The QA comparison view: both labels side by side, taking versions into the final. */
  Compare: LazyExoticComponent<ComponentType<CompareProps<ConfigOf<T>, AnswerOf<T>>>>;
}
