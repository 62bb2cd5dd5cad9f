import { z } from 'zod';
import { goldSettingsSchema } from './gold.js';

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

export const settingsSchema = z.object({
  /** `all`: every row gets QA; `disagreements`: rows whose labels agree (and satisfy the expert rule) are finalized by consensus. */
  qa: z.enum(['all', 'disagreements']).default('all'),
  leaseMinutes: z.number().int().min(1).max(24 * 60).default(30),
  /** Hide prelabels from labelers to avoid anchoring. */
  showPrelabels: z.boolean().default(true),
  expertiseRules: z.array(expertiseRuleSchema).default([]),
  /** Gold rows: how often labelers get them and when a low scorer is paused (absent: none served). */
  gold: goldSettingsSchema.optional(),
});
export type ProjectSettings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: ProjectSettings = settingsSchema.parse({});
