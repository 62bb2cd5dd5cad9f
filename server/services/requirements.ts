import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { Requirements } from '@shared/project.js';
import { SKILL_TYPES } from '@shared/skills.js';
import { skillScores } from '../repos/assessments.js';

/** One thing a person lacks before a project hands them rows. */
export interface Missing { kind: 'skill' | 'expertise'; what: string; need?: number; have?: number | null }

/**
 * What `userId` lacks of a project's requirements (issue 16): each skill type's minimum against the mean
 * of their graded answers, each expertise domain. Empty when they may be handed rows.
 */
export async function missingRequirements(db: Kysely<DB>, req: Requirements | undefined, userId: number, expertise: readonly string[]): Promise<Missing[]> {
  if (!req) return [];
  const out: Missing[] = [];
  for (const d of req.expertise) if (!expertise.includes(d)) out.push({ kind: 'expertise', what: d });
  const wanted = SKILL_TYPES.filter((s) => req.skills[s] !== undefined);
  if (wanted.length) {
    const mine = (await skillScores(db, [userId])).get(userId) ?? {};
    for (const s of wanted) {
      const have = mine[s]?.mean ?? null;
      if (have === null || have < req.skills[s]!) out.push({ kind: 'skill', what: s, need: req.skills[s]!, have });
    }
  }
  return out;
}

/** The sentence a person reads in place of a row: what is missing and what to do about it. */
export function requirementsMessage(missing: Missing[]): string {
  const parts = missing.map((m) => m.kind === 'expertise'
    ? `expertise in ${m.what} (an administrator adds it to your profile)`
    : m.have === null
      ? `${article(m.what)} ${m.what} score of at least ${m.need} (you have none yet: take an assessment with ${m.what} questions, under Assessments)`
      : `${article(m.what)} ${m.what} score of at least ${m.need} (yours is ${m.have})`);
  return `This project hands rows only to people who have ${parts.join('; ')}.`;
}

const article = (word: string) => (/^[AEIOU]/i.test(word) ? 'an' : 'a');
