import type { PeopleQualityDto } from '@shared/api/quality.js';
import { csvLine } from '../export/formats.js';

const pct = (x: number | null) => (x === null ? '' : Math.round(x * 1000) / 10);

/**
 * The per-person table as CSV, one line per person and question; cells a spreadsheet would run as a
 * formula are neutralised as in the other exports (names are typed by people).
 */
export function peopleQualityCsv(q: PeopleQualityDto): string {
  const kappas = new Map<string, number[]>();
  for (const p of q.peers) {
    if (p.kappa === null) continue;
    for (const u of [p.a, p.b]) {
      const k = `${u}\t${p.questionId}`;
      kappas.set(k, [...(kappas.get(k) ?? []), p.kappa]);
    }
  }
  let out = csvLine(['user_id', 'name', 'question', 'gold_n', 'gold_accuracy_pct', 'gold_mean_score', 'peer_rows', 'peer_agreement_pct', 'mean_kappa',
    'qa_decided', 'qa_kept', 'qa_overruled', 'qa_kept_pct', 'reviewer_reasons', 'labels', 'active_s_per_row', 'best_effort', 'expert_flags', 'escalations', 'integrity_signals', 'paused']);
  for (const p of q.people) {
    for (const x of p.questions) {
      const ks = kappas.get(`${p.userId}\t${x.questionId}`) ?? [];
      out += csvLine([p.userId, p.name, x.questionId, x.gold.n, pct(x.gold.accuracy), x.gold.meanScore === null ? '' : Math.round(x.gold.meanScore * 1000) / 1000,
        x.peers.n, pct(x.peers.agreement), ks.length ? Math.round((ks.reduce((a, b) => a + b, 0) / ks.length) * 1000) / 1000 : '',
        x.qa.decided, x.qa.kept, x.qa.overruled, pct(x.qa.keptRate), Object.entries(x.reasons).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([r, n]) => `${r} ${n}`).join('; '), p.labels, p.activeMsPerRow === null ? '' : Math.round(p.activeMsPerRow / 100) / 10,
        p.bestEffort, p.flagsRaised, p.escalations, Object.entries(p.signals).map(([k, n]) => `${k} ${n}`).join('; '), p.paused ? p.paused.reason : '']);
    }
  }
  return out;
}
