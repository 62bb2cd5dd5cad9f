import { z } from 'zod';
import { pasteSchema } from './assessments.js';

// Integrity signals (issue 16 part 4): what the workbench reports with a submission, and what leads read.

export const SIGNAL_KINDS = ['paste', 'fast', 'streak', 'early'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

/** What a person's plain words for each signal are (console, CSV). */
export const SIGNAL_LABELS: Record<SignalKind, string> = {
  paste: 'Large paste',
  fast: 'Far faster than the project norm',
  streak: 'Same answer many times running',
  early: 'Submitted before the row could be read',
};

/**
 * Sent with a submission by the workbench: paste events in its text answers, how long the row took to
 * show and how long it was on screen before the submit. Bounded here; read as hints, never as proof, and
 * never a reason to refuse the submission.
 */
export const integrityReport = z.object({
  pastes: z.array(pasteSchema).max(1000).default([]),
  loadMs: z.number().int().min(0).max(3_600_000).optional(),
  shownMs: z.number().int().min(0).max(86_400_000).optional(),
}).optional();
export type IntegrityReport = z.infer<typeof integrityReport>;

export const signalsQuery = z.object({
  userId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  rowId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  kind: z.enum(SIGNAL_KINDS, `kind: expected one of ${SIGNAL_KINDS.join(', ')}`).optional(),
  /** Paging: signals older than this id. */
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});

export type SignalCounts = Record<SignalKind, number>;

export interface PersonSignals { userId: number; name: string; counts: SignalCounts; total: number; answers: number }

export interface SignalDto {
  id: number;
  kind: SignalKind;
  details: Record<string, unknown>;
  createdAt: number;
  answerId: number;
  row: { id: number; externalId: string | null };
  person: { id: number; name: string };
}
