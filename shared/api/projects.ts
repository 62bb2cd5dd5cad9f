import { z } from 'zod';
import { roleSchema, settingsSchema, type ProjectSettings, type Role } from '../project.js';
import { schemaSchema, type ProjectSchema } from '../tasks/question.js';

export const createProjectBody = z.object({
  name: z.string().trim().min(1, 'name is required').max(120),
  description: z.string().max(5000).default(''),
  schema: schemaSchema,
  settings: settingsSchema.default(settingsSchema.parse({})),
});

export const updateProjectBody = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  description: z.string().max(5000).optional(),
  schema: schemaSchema.optional(),
  settings: settingsSchema.optional(),
  archived: z.boolean().optional(),
}).refine((v) => Object.keys(v).length > 0, 'nothing to update');

/**
 * People are added by their exact address, never by user id: ids are sequential, so adding by id let a lead
 * walk every account of the instance (issue 12).
 */
export const addMemberBody = z.object({
  userId: z.never('members are added by their email address, not by user id').optional(),
  email: z.string('give the email address of the person to add').trim().toLowerCase().max(254).email('expected an email address'),
  roles: z.array(roleSchema).min(1, 'give at least one role: lead, reviewer or annotator').max(3),
});

export const setMemberRolesBody = z.object({ roles: z.array(roleSchema) });

export const projectParam = z.object({ projectId: z.coerce.number().int().positive('expected a positive project id') });

/** A project's rows by where they are (gold rows left out): every row is in exactly one of the five. */
export interface ProjectCounts {
  rows: number;
  /** Labeling rows nobody holds or has labeled this round: never started, or sent back for fresh labelers. */
  toDo: number;
  /** Labeling rows someone holds or has labeled this round (one label in, or both slots held). */
  labeling: number;
  qa: number;
  escalated: number;
  final: number;
}

export interface ProjectDto {
  id: number;
  name: string;
  description: string;
  schema: ProjectSchema;
  settings: ProjectSettings;
  archived: boolean;
  createdAt: number;
  /** The caller's roles in this project. */
  roles: Role[];
  /**
   * Rows by state: leads only. Under `qa: disagreements` a labeler would read in them whether their second
   * label agreed (a row going to final instead of QA), so nobody else gets anything derived from others' work.
   */
  counts?: ProjectCounts;
  // The server always sends `mine` and `joined`; a page shows nothing for them when absent.
  /** The caller's own submitted work here: labels and QA resolutions. */
  mine?: { labels: number; reviews: number };
  /** When the caller joined and who added them (null: they added themself, or it predates this record). */
  joined?: { at: number; by: { id: number; name: string } | null };
}

export interface MemberDto {
  userId: number;
  email: string;
  name: string;
  roles: Role[];
  expertise: string[];
  /** When they joined and who added them (null: they added themself, or it predates this record). */
  addedAt: number;
  addedBy: { id: number; name: string } | null;
}
