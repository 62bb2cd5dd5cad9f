import { z } from 'zod';
import { goldSettingsSchema } from './gold.js';
import { DEFAULT_REVIEW_REASONS, reviewReasonsSchema } from './review-reasons.js';
import { SCORE_MAX, SCORE_MIN, skillTypeSchema } from './skills.js';

export const ROLES = ['lead', 'reviewer', 'annotator'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

/** A domain tag such as `finance`, `cs`, `medical`. */
export const domainSchema = z.string().trim().toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a domain is a short tag of letters, digits, "-" or "_" (e.g. finance)');

/** Rows whose data field `field` equals `equals` need an expert in `domain`. */
export const expertiseRuleSchema = z.object({
  field: z.string().min(1),
  equals: z.string(),
  domain: domainSchema,
});
export type ExpertiseRule = z.infer<typeof expertiseRuleSchema>;

/**
 * What a person must have before the project hands them rows (issue 16): a minimum skill score per skill
 * type (the mean of their graded assessment answers) and expertise domains (every one listed).
 */
export const requirementsSchema = z.object({
  skills: z.partialRecord(skillTypeSchema, z.number().min(SCORE_MIN).max(SCORE_MAX, `a minimum score is ${SCORE_MIN} to ${SCORE_MAX}`)).default({}),
  expertise: z.array(domainSchema).max(20).default([]),
});
export type Requirements = z.infer<typeof requirementsSchema>;

export const settingsSchema = z.object({
  /** `all`: every row gets QA; `disagreements`: rows whose labels agree (and satisfy the expert rule) are finalized by consensus. */
  qa: z.enum(['all', 'disagreements']).default('all'),
  leaseMinutes: z.number().int().min(1).max(24 * 60).default(30),
  /** Hide prelabels from labelers to avoid anchoring. */
  showPrelabels: z.boolean().default(true),
  expertiseRules: z.array(expertiseRuleSchema).default([]),
  /** What a reviewer picks from when overruling a label or sending a row back (issue 18). */
  reviewReasons: reviewReasonsSchema.default([...DEFAULT_REVIEW_REASONS]),
  /** Gold rows: how often labelers get them and when a low scorer is paused (absent: none served). */
  gold: goldSettingsSchema.optional(),
  /** Absent: anyone with the role is handed rows. */
  requirements: requirementsSchema.optional(),
});
export type ProjectSettings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: ProjectSettings = settingsSchema.parse({});
