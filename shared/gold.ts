import { z } from 'zod';

/**
 * Gold rows (issue 16): rows with a lead's reference answer, served to labelers like any row to measure them.
 * The project's gold settings say how often, and when a person falls too low to keep working.
 */
export const goldSettingsSchema = z.object({
  /** Each labeler's first N rows of the project are gold rows (while gold rows they never saw remain). */
  firstRows: z.number().int().min(0).max(1000, 'firstRows: at most 1000').default(0),
  /** After those, this share of their rows (percent) is gold. */
  percent: z.number().min(0).max(100, 'percent: 0 to 100').default(0),
  /** Pause a labeler whose gold accuracy (percent of gold answers agreeing on every question) is below this; null: never. */
  pauseBelow: z.number().min(0).max(100, 'pauseBelow: 0 to 100').nullable().default(null),
  /** …once they answered at least this many gold rows. */
  pauseAfter: z.number().int().min(1).max(10_000).default(10),
});
export type GoldSettings = z.infer<typeof goldSettingsSchema>;
export const DEFAULT_GOLD: GoldSettings = goldSettingsSchema.parse({});

/** A lead promotes a finalized row to gold: its final becomes the reference answer. */
export const promoteGoldBody = z.object({}).strict();

/** A lead resumes a paused person. */
export const resumeBody = z.object({ note: z.string().trim().max(500).optional() }).strict();
