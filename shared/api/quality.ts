import { z } from 'zod';

/** The per-person quality view (issue 16 part 5): what GET /api/projects/:id/quality returns. */

export interface QuestionQualityDto {
  questionId: string;
  /** Gold rows answered on this question, how many agreed with the reference (the type's agreement), and the mean score. */
  gold: { n: number; agreed: number; accuracy: number | null; meanScore: number | null };
  /** Rows labeled with a peer (both answered this question), and how many agreed. */
  peers: { n: number; agreed: number; agreement: number | null };
  /** QA's decisions on this question of their labels: kept (theirs taken or both agreed), overruled (the other's or QA's own). */
  qa: { decided: number; kept: number; overruled: number; keptRate: number | null };
  /** Reasons reviewers gave when they overruled this question of their label or sent the row back, with counts. */
  reasons: Record<string, number>;
}

export interface PersonQualityDto {
  userId: number;
  name: string;
  /** Labels submitted (gold rows included). */
  labels: number;
  /** Mean active time per label, ms. */
  activeMsPerRow: number | null;
  bestEffort: number;
  /** Rows they flagged as needing an expert. */
  flagsRaised: number;
  /** Questions they raised to the leads. */
  escalations: number;
  /** Integrity signals recorded on their answers (large paste, too fast, identical streak, …), by kind. */
  signals: Record<string, number>;
  /** Gold answers agreeing on every question; byDay: epoch ms of each day's start. */
  gold: { n: number; correct: number; accuracy: number | null; byDay: Array<{ day: number; n: number; correct: number }> };
  paused: { reason: string; pausedAt: number } | null;
  questions: QuestionQualityDto[];
}

export interface PauseDto { userId: number; name: string; reason: string; pausedBy: number | null; pausedAt: number }

export interface PeopleQualityDto {
  people: PersonQualityDto[];
  /** Per pair of people (a < b) and question: rows both labeled, agreed, Cohen's κ. */
  peers: Array<{ a: number; b: number; questionId: string; n: number; agreed: number; kappa: number | null }>;
  /** People paused now (the leads' notice). */
  pauses: PauseDto[];
}

export const qualityUserParam = z.object({ projectId: z.string(), userId: z.coerce.number().int().positive('userId: a positive user id') });
