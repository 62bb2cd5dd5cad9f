import type { RowListItem } from '../../../api/console';
import type { BadgeTone } from '../../../components/Badges';

export const STATE_TONE: Record<RowListItem['state'], BadgeTone> = { labeling: 'neutral', qa: 'info', escalated: 'warning', final: 'success', gold: 'warning' };

export const WAITING: Record<string, string> = {
  waiting_for_labelers: 'waiting for labelers', labeling_in_progress: 'being labeled', no_eligible_labeler: 'no eligible labeler left',
  waiting_for_qa: 'waiting for QA', qa_in_progress: 'in QA', waiting_for_expert: 'waiting for an expert', no_eligible_reviewer: 'no eligible reviewer left',
  waiting_for_lead: 'waiting for a lead',
};

/** "needs finance" until an expert holds or labeled the row, then "requires finance (covered by Rita)". */
export const coverageText = (c: { domain: string; coveredBy: string | null }) =>
  c.coveredBy ? `requires ${c.domain} (covered by ${c.coveredBy})` : `needs ${c.domain}`;

/** How long ago, in the largest whole unit: "45 s", "12 min", "3 h", "5 d". */
export function age(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.floor((now - ms) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86400)} d`;
}
