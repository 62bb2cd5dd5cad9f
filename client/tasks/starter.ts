import type { ComponentType } from 'react';
import { PALETTE } from './common/labels';

/** What the new-project form asks for one question; each task type reads the parts it needs. */
export interface StarterInput {
  title: string;
  /** The row data field the question reads (image, audio, text…); empty = the type's default. */
  field: string;
  /** A comma list of labels (classification, ner, bbox, audio) or of criteria (rating). */
  items: string;
  multiple: boolean;
  transcribe: boolean;
  rankingMode: 'pairwise' | 'order';
  /** Ranking, pairwise: the 7-point default scale or Llama 2's four levels for each side. */
  rankingScale: 'seven' | 'llama2';
  /** Ranking, pairwise: ask helpfulness and safety of the same pair as two questions (as Llama 2 did). */
  rankingSafety: boolean;
}

export const starterBase = { multiple: false, transcribe: true, rankingMode: 'pairwise' as const, rankingScale: 'seven' as const, rankingSafety: false };

export const commaList = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

/** The inputs a type adds to the new-project form beside title, field and items. */
export type StarterOptions = ComponentType<{ input: StarterInput; setInput(patch: Partial<StarterInput>): void }>;

/**
 * A type's card on the new-project form, and its first question. Nothing is validated here on purpose:
 * the server's zod schema is the single judge, and its 400 names the field (`schema.0.config.labels`).
 */
export interface Starter {
  blurb: string;
  questionId: string;
  /** Label of the comma-list input, or null where the type has none. */
  itemsLabel: string | null;
  itemsHint?: string;
  fieldLabel: string;
  defaults: StarterInput;
  /** The question's config from the form: `field` trimmed (empty: the type's default), `items` split. */
  config(input: StarterInput, field: string, items: string[]): Record<string, unknown>;
  /**
   * More questions the form's choices add after the first (e.g. a safety question on the same pair as a
   * helpfulness one), each with its id, title and config; none when absent.
   */
  more?(input: StarterInput, field: string, items: string[]): Array<{ id: string; title: string; config: Record<string, unknown> }>;
  Options?: StarterOptions;
}

/** A new question of a type in the schema builder: a title, its id's stem and a config the module accepts. */
export interface DraftStart {
  title: string;
  config(): Record<string, unknown>;
}

/** Labels as the builder starts them: hotkeys 1, 2, … and the palette's colours in turn. */
export const draftLabels = (values: string[]) => values.map((value, i) => ({ value, hotkey: String(i + 1), color: PALETTE[i % PALETTE.length] }));
