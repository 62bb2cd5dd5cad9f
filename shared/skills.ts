import { z } from 'zod';

/** The skill types an assessment question is tagged with (issue 16); scores roll up per skill type. */
export const SKILL_TYPES = ['Evaluation', 'Preference Ranking', 'Rubric Work', 'SFT Work', 'Agentic Work'] as const;
export type SkillType = (typeof SKILL_TYPES)[number];
export const skillTypeSchema = z.enum(SKILL_TYPES, `skill: expected one of ${SKILL_TYPES.join(', ')}`);

/** Scores are given 1-5 per answer. */
export const SCORE_MIN = 1;
export const SCORE_MAX = 5;
