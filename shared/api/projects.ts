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

export const addMemberBody = z.object({
  /** Either a user id or an email of an existing user. */
  userId: z.number().int().positive().optional(),
  email: z.string().trim().toLowerCase().email().optional(),
  roles: z.array(roleSchema).min(1, 'give at least one role: lead, reviewer or annotator'),
}).refine((v) => v.userId !== undefined || v.email !== undefined, { message: 'give userId or email', path: ['email'] });

export const setMemberRolesBody = z.object({ roles: z.array(roleSchema) });

export const projectParam = z.object({ projectId: z.coerce.number().int().positive('expected a positive project id') });

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
  counts?: { rows: number; final: number; labeling: number; qa: number; escalated: number };
}

export interface MemberDto {
  userId: number;
  email: string;
  name: string;
  roles: Role[];
  expertise: string[];
}
