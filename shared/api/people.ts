import { z } from 'zod';
import { domainSchema } from '../project.js';
import { taskModules } from '../tasks/registry.js';
import { skillTypeSchema, type SkillType } from '../skills.js';
import { commaList } from './console.js';

// People's profiles (issue 16 part 3) and the skill types assessments measure (part 2).

export { SKILL_TYPES, skillTypeSchema, type SkillType } from '../skills.js';

export const LEVELS = ['entry', 'intermediate', 'expert'] as const;
export type Level = (typeof LEVELS)[number];
export const levelSchema = z.enum(LEVELS, 'level: expected entry, intermediate or expert');

/** The registered task types' names (read from the registry, so a new type is offered as it lands). */
export const TASK_TYPE_NAMES = Object.keys(taskModules) as [keyof typeof taskModules, ...(keyof typeof taskModules)[]];
export const taskTypeNameSchema = z.enum(TASK_TYPE_NAMES, `task type: expected one of ${TASK_TYPE_NAMES.join(', ')}`);

/** A language as a BCP 47 tag, lower-cased language part: en, de, pt-BR, zh-Hant. */
export const languageSchema = z.string().trim()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,2}$/, 'a language is a tag such as en, de or pt-BR')
  .transform((s) => { const [l, ...rest] = s.split('-'); return [l.toLowerCase(), ...rest].join('-'); });

export const languagesSchema = z.array(languageSchema).max(20, 'at most 20 languages');

/** What an admin may set of a person's profile (expertise stays on the user: the expert rule reads it). */
export const profilePatch = z.object({
  level: levelSchema.nullable().optional(),
  taskTypes: z.array(taskTypeNameSchema).max(TASK_TYPE_NAMES.length).optional(),
  languages: languagesSchema.optional(),
});

/** What a person may change of their own profile: their languages. */
export const ownProfileBody = z.object({ languages: languagesSchema });

export interface Profile {
  level: Level | null;
  taskTypes: string[];
  languages: string[];
}

/** Per skill type: the mean of the graded answers of a person's current attempts, and how many there are. */
export type SkillScores = Partial<Record<SkillType, { mean: number; graded: number }>>;

/** A person a lead may add, with what the members form filters on. */
export interface CandidateDto extends Profile {
  userId: number;
  name: string;
  email: string;
  expertise: string[];
  skills: SkillScores;
  /** Their roles here already (empty when not a member). */
  roles: string[];
}

/** Filters of the members form: every given one must hold. */
export const candidatesQuery = z.object({
  expertise: commaList(domainSchema, 20, 'domains', '[a-z0-9][a-z0-9_-]{0,39}').optional(),
  taskTypes: commaList(taskTypeNameSchema, 20, 'task types', `(${TASK_TYPE_NAMES.join('|')})`).optional(),
  languages: commaList(languageSchema, 20, 'languages', '[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,2}').optional(),
  level: levelSchema.optional(),
  skill: skillTypeSchema.optional(),
  minScore: z.coerce.number().min(1).max(5).optional(),
});
