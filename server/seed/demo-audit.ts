import { preferenceRows, reviewRows, rewriteRows } from './demo-data.js';
import type { NewRow } from '../repos/rows.js';

/**
 * The demo project that comes with a history (issue 16 part 6): assistant answers judged with a verdict
 * and a two-criterion rating. Each row's true answer is known here, so the simulated team can be right or
 * wrong about it, and some rows are gold rows with the true verdict as their reference.
 */
export type Verdict = 'good' | 'partial' | 'bad';
export interface AuditTruth { verdict: Verdict; accuracy: number; helpfulness: number }
export interface AuditRow { externalId: string; prompt: string; response: string; truth: AuditTruth }

const t = (verdict: Verdict, accuracy: number, helpfulness: number): AuditTruth => ({ verdict, accuracy, helpfulness });

// Where a candidate of the preference pairs is not plainly good (first) or plainly bad (second).
const PREFERENCE_EXCEPTIONS: Record<string, AuditTruth> = {
  'pref-4-b': t('partial', 4, 3), 'pref-5-b': t('partial', 5, 2), 'pref-6-a': t('good', 5, 4), 'pref-6-b': t('partial', 5, 2),
};
const REWRITE_EXCEPTIONS: Record<number, AuditTruth> = { 11: t('partial', 2, 3), 3: t('partial', 2, 2) };

export const auditRows: AuditRow[] = [
  ...preferenceRows.flatMap((p, i) => p.responses.map((response, j) => {
    const id = `pref-${i + 1}-${j === 0 ? 'a' : 'b'}`;
    return { externalId: `audit-${id}`, prompt: p.prompt, response, truth: PREFERENCE_EXCEPTIONS[id] ?? (j === 0 ? t('good', 5, 5) : t('bad', 1, 2)) };
  })),
  ...rewriteRows.map((r, i) => ({ externalId: `audit-draft-${i + 1}`, prompt: r.prompt, response: r.draft, truth: REWRITE_EXCEPTIONS[i] ?? t('bad', 1, 1) })),
  ...reviewRows.map((r, i) => ({
    externalId: `audit-review-${i + 1}`, prompt: `${r.context}\n\n${r.query}`, response: r.response, truth: t(r.verdict, r.scores[0], r.scores[1]),
  })),
];

/** Gold rows: a mix of verdicts, the bad and partial ones first (gold rows are served in row order). */
export const AUDIT_GOLD = ['audit-draft-2', 'audit-review-4', 'audit-pref-4-b', 'audit-pref-1-a', 'audit-review-2', 'audit-pref-9-b', 'audit-review-6', 'audit-draft-7'];

export const auditProject = {
  name: 'Assistant answer audit',
  description: 'Is each assistant answer good, partly right or bad, and how accurate and helpful is it? This one has a week of the team\'s work behind it: its review queue, dashboard and Quality tab show real figures, and one labeler was paused for low gold accuracy.',
  guideline: 'answer-audit.md',
  schema: [
    { id: 'verdict', type: 'classification', title: 'Verdict', config: { field: 'response', labels: [
      { value: 'good', title: 'Good', hotkey: '1', color: '#2f9e44' },
      { value: 'partial', title: 'Partly right', hotkey: '2', color: '#f08c00' },
      { value: 'bad', title: 'Bad', hotkey: '3', color: '#e03131' }] } },
    { id: 'quality', type: 'rating', title: 'Rating', config: { field: 'response', criteria: [
      { id: 'accuracy', title: 'Accuracy' }, { id: 'helpfulness', title: 'Helpfulness' }] } },
  ],
  settings: { qa: 'all', gold: { firstRows: 2, percent: 25, pauseBelow: 60, pauseAfter: 4 } },
  rows: orderRows().map((r): NewRow => ({
    externalId: r.externalId, data: { prompt: r.prompt, response: r.response },
    gold: AUDIT_GOLD.includes(r.externalId) ? { verdict: { labels: [r.truth.verdict] } } : null,
  })),
};

/** Gold rows first in the given order (they are served by row id), then the rest interleaved by source. */
function orderRows(): AuditRow[] {
  const gold = AUDIT_GOLD.map((id) => auditRows.find((r) => r.externalId === id)!);
  const rest = auditRows.filter((r) => !AUDIT_GOLD.includes(r.externalId));
  const bySource = [rest.filter((r) => r.externalId.startsWith('audit-pref')), rest.filter((r) => r.externalId.startsWith('audit-draft')), rest.filter((r) => r.externalId.startsWith('audit-review'))];
  const mixed: AuditRow[] = [];
  for (let i = 0; mixed.length < rest.length; i++) for (const s of bySource) if (s[i]) mixed.push(s[i]);
  return [...gold, ...mixed];
}

export const truthOf = new Map(auditRows.map((r) => [r.externalId, r.truth]));
