import { EXPORT_ID_LIMIT } from '@shared/api/console';
import type { ProjectSchema, Question } from '@shared/tasks/question';
import type { ExportParams } from '../../api/console';
import { moduleOf } from '../../tasks/registry';

/** The Export tab's row filters as typed: strings, turned into query parameters by `filterParams`. */
export interface ExportFilterValues {
  answerQuestion: string;
  answerValue: string;
  agreementBelow: string;
  agreementAbove: string;
  expertise: string;
  since: string;
  until: string;
  dateOf: '' | 'finalized' | 'updated';
  ids: string;
  rowIds: string;
}

export const NO_FILTERS: ExportFilterValues = {
  answerQuestion: '', answerValue: '', agreementBelow: '', agreementAbove: '', expertise: '', since: '', until: '', dateOf: '', ids: '', rowIds: '',
};

/** Ids pasted one per line, or separated by commas or spaces. */
export const splitIds = (s: string) => s.split(/[\s,]+/u).filter((x) => x !== '');

const labelsOf = (q: Question | undefined): string[] | null => (q ? moduleOf(q).filterValues(q.config) : null);

/** The query parameters of the filters; empty fields are left out. */
export function filterParams(f: ExportFilterValues): Partial<ExportParams> {
  const ids = splitIds(f.ids);
  const rowIds = splitIds(f.rowIds);
  return {
    answer: f.answerQuestion && f.answerValue.trim() ? `${f.answerQuestion}:${f.answerValue.trim()}` : undefined,
    agreementBelow: f.agreementBelow.trim() || undefined,
    agreementAbove: f.agreementAbove.trim() || undefined,
    expertise: splitIds(f.expertise).join(',') || undefined,
    since: f.since || undefined,
    until: f.until || undefined,
    dateOf: (f.since || f.until) && f.dateOf ? f.dateOf : undefined,
    ids: ids.length ? ids.join(',') : undefined,
    rowIds: rowIds.length ? rowIds.join(',') : undefined,
  };
}

/** The filters in words, for the line that says what will be exported. */
export function describeFilters(f: ExportFilterValues, schema: ProjectSchema): string[] {
  const p = filterParams(f);
  const out: string[] = [];
  if (p.answer) out.push(`${schema.find((q) => q.id === f.answerQuestion)?.title ?? f.answerQuestion} is “${f.answerValue.trim()}”`);
  if (p.agreementAbove && p.agreementBelow) out.push(`agreement between ${p.agreementAbove} and ${p.agreementBelow}`);
  else if (p.agreementBelow) out.push(`agreement below ${p.agreementBelow}`);
  else if (p.agreementAbove) out.push(`agreement above ${p.agreementAbove}`);
  if (p.expertise) out.push(`needing ${p.expertise.split(',').join(' or ')}`);
  const when = f.dateOf === 'updated' ? 'changed' : f.dateOf === 'finalized' ? 'finalized' : 'dated';
  if (p.since && p.until) out.push(`${when} ${p.since} to ${p.until}`);
  else if (p.since) out.push(`${when} from ${p.since}`);
  else if (p.until) out.push(`${when} up to ${p.until}`);
  if (p.ids) out.push(`${p.ids.split(',').length} listed ids`);
  if (p.rowIds) out.push(`${p.rowIds.split(',').length} listed row ids`);
  return out;
}

export default function ExportFilters({ schema, value, onChange }: { schema: ProjectSchema; value: ExportFilterValues; onChange: (v: ExportFilterValues) => void }) {
  const set = (patch: Partial<ExportFilterValues>) => onChange({ ...value, ...patch });
  const question = schema.find((q) => q.id === value.answerQuestion);
  const labels = labelsOf(question);
  const idCount = splitIds(value.ids).length + splitIds(value.rowIds).length;
  return (
    <fieldset className="field">
      <legend className="field-label">Only rows that…</legend>
      <div className="form-grid form-grid-3">
        <div className="field">
          <label className="field-label" htmlFor="export-answer-q">Have the answer</label>
          <select id="export-answer-q" className="input" value={value.answerQuestion} onChange={(e) => set({ answerQuestion: e.target.value, answerValue: '' })}>
            <option value="">Any answer</option>
            {schema.map((q) => <option key={q.id} value={q.id}>{q.title} ({q.id})</option>)}
          </select>
          {question && (labels ? (
            <select aria-label="Answer value" className="input" value={value.answerValue} onChange={(e) => set({ answerValue: e.target.value })}>
              <option value="">Choose a label</option>
              {labels.map((l) => <option key={l} value={l}>{l}</option>)}
            </select>
          ) : (
            <>
              <input aria-label="Answer value" className="input" value={value.answerValue} maxLength={400} onChange={(e) => set({ answerValue: e.target.value })} />
              <div className="field-hint">{moduleOf(question).filterHint}</div>
            </>
          ))}
        </div>
        <div className="field">
          <span className="field-label">Agreement of the two labels</span>
          <input aria-label="Agreement above" className="input" type="number" min={0} max={1} step={0.05} placeholder="above (0–1)"
            value={value.agreementAbove} onChange={(e) => set({ agreementAbove: e.target.value })} />
          <input aria-label="Agreement below" className="input" type="number" min={0} max={1} step={0.05} placeholder="below (0–1)"
            value={value.agreementBelow} onChange={(e) => set({ agreementBelow: e.target.value })} />
          <div className="field-hint">The mean over questions; rows not labeled twice yet have none.</div>
        </div>
        <div className="field">
          <label className="field-label" htmlFor="export-expertise">Need an expert in</label>
          <input id="export-expertise" className="input" placeholder="finance, cs" maxLength={400} value={value.expertise} onChange={(e) => set({ expertise: e.target.value })} />
        </div>
        <div className="field">
          <span className="field-label">Dated</span>
          <input aria-label="From" className="input" type="date" value={value.since} onChange={(e) => set({ since: e.target.value })} />
          <input aria-label="To" className="input" type="date" value={value.until} onChange={(e) => set({ until: e.target.value })} />
          <select aria-label="Date of" className="input" value={value.dateOf} onChange={(e) => set({ dateOf: e.target.value as ExportFilterValues['dateOf'] })}>
            <option value="">when finalized (finalized rows), else last changed</option>
            <option value="finalized">when finalized</option>
            <option value="updated">when last changed</option>
          </select>
          <div className="field-hint">Whole days in UTC, both included.</div>
        </div>
        <div className="field">
          <label className="field-label" htmlFor="export-ids">Have these ids</label>
          <textarea id="export-ids" className="input" rows={2} placeholder="your ids, one per line or comma separated" value={value.ids} onChange={(e) => set({ ids: e.target.value })} />
          <input aria-label="Triad row ids" className="input" placeholder="or Triad row ids: 17, 42" value={value.rowIds} onChange={(e) => set({ rowIds: e.target.value })} />
          {idCount > EXPORT_ID_LIMIT && <div className="field-hint" role="alert">At most {EXPORT_ID_LIMIT} ids in one export.</div>}
        </div>
      </div>
    </fieldset>
  );
}
