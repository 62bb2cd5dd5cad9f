/** What the reviewer says about the label(s) their final overrules: a reason of the project's and a note. */
export interface Overrule {
  reason: string;
  note: string;
}

export const OVERRULE_REASON_ID = 'rv-overrule-reason';

/**
 * Shown while the row has a conflict: the final will overrule at least one labeler, who reads this reason
 * and note in their own history (the per-person statistics count the reasons).
 */
export function OverruleReason({ reasons, value, onChange }: { reasons: readonly string[]; value: Overrule; onChange(v: Overrule): void }) {
  return (
    <div className="rv-overrule" role="group" aria-label="Why the final overrules a label">
      <label htmlFor={OVERRULE_REASON_ID} className="field-label">Why the final overrules a label</label>
      <select id={OVERRULE_REASON_ID} className="input input-sm" value={value.reason} onChange={(e) => onChange({ ...value, reason: e.target.value })}>
        <option value="">Pick a reason…</option>
        {reasons.map((r) => <option key={r} value={r}>{r}</option>)}
      </select>
      <input
        className="input input-sm" aria-label="Note for the overruled labeler" placeholder="Note for the labeler (optional)" maxLength={2000}
        value={value.note} onChange={(e) => onChange({ ...value, note: e.target.value })}
      />
      <span className="muted">Required: the labeler you overrule reads this in their history.</span>
    </div>
  );
}
