import type { StatUnit } from '../tasks/types';
import { krippendorffAlpha, type AlphaResult, type AlphaValue, type AlphaMetric } from './alpha';
import { cohenKappa, percentAgreement } from './kappa';

export interface RatedRow {
  rowId: string;
  /** Per rater (labeler slot), the units of their answer (e.g. from `rowUnits`). */
  raters: StatUnit[][];
}

export interface GroupAgreement {
  metric: AlphaMetric;
  alpha: AlphaResult;
  /** Cohen's κ between the first and second rater slot (nominal: unweighted; otherwise quadratic). */
  kappa: number | null;
  percent: number;
  /** Units rated by at least two raters. */
  units: number;
}

/**
 * Corpus agreement per group of units: a unit key `q/rest` belongs to group `q` (the question id, as
 * `rowUnits` writes it); keys without "/" form the group "". Units are matched across raters by
 * row id + key. The metric is the one the task module declared for the group's units.
 */
export function corpusAgreement(rows: readonly RatedRow[]): Record<string, GroupAgreement> {
  const groups = new Map<string, { metric: AlphaMetric; units: Map<string, AlphaValue[]>; slots: Map<string, Array<AlphaValue | null>> }>();
  for (const row of rows) {
    row.raters.forEach((units, r) => {
      for (const u of units) {
        const slash = u.key.indexOf('/');
        const g = slash < 0 ? '' : u.key.slice(0, slash);
        let grp = groups.get(g);
        if (!grp) groups.set(g, (grp = { metric: u.metric, units: new Map(), slots: new Map() }));
        const k = `${row.rowId}\u0000${u.key}`;
        let vals = grp.units.get(k);
        if (!vals) grp.units.set(k, (vals = []));
        vals.push(u.value);
        let slots = grp.slots.get(k);
        if (!slots) grp.slots.set(k, (slots = [null, null]));
        if (r < 2) slots[r] = u.value;
      }
    });
  }
  const out: Record<string, GroupAgreement> = {};
  for (const [g, grp] of groups) {
    const units = [...grp.units.values()];
    const alpha = krippendorffAlpha(units, grp.metric);
    const a: Array<AlphaValue | null> = [];
    const b: Array<AlphaValue | null> = [];
    for (const [x, y] of grp.slots.values()) {
      a.push(x);
      b.push(y);
    }
    const numeric = grp.metric !== 'nominal' && [...a, ...b].every((v) => v === null || typeof v === 'number');
    const k = cohenKappa(a, b, { weights: numeric ? 'quadratic' : 'none' });
    out[g] = {
      metric: grp.metric,
      alpha,
      kappa: k.degenerate === 'no-pairs' ? null : k.kappa,
      percent: percentAgreement(units).agreement,
      units: alpha.units,
    };
  }
  return out;
}
