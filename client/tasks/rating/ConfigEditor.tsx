import type { RatingConfig } from '@shared/tasks/registry';
import { ItemTable } from '../config-form/fields';
import { configKit, type Config, COUNT, numValue, optionalNumber, patched, RANGE_KEYS, str } from '../config-form/kit';
import type { ConfigEditorProps, ConfigIssue } from '../types';

function CriteriaEditor({ prefix, criteria, onChange, issues }: { prefix: string; criteria: unknown; onChange: (next: Config[]) => void; issues: ConfigIssue[] }) {
  const list = Array.isArray(criteria) ? (criteria as Config[]) : [];
  const set = (i: number, patch: Config) => onChange(list.map((c, k) => (k === i ? patched(c, patch) : c)));
  const listIssue = issues.find((x) => x.path === 'config.criteria')?.message;
  return (
    <ItemTable
      legend="Rubric criteria" columns={['Id', 'Title', 'Min', 'Max', 'Tolerance']} list={list} onChange={onChange} issue={listIssue}
      what={(c, i) => `criterion ${str(c.id) ?? i + 1}`}
      cells={(c, i) => (
        <>
          <td><input className="input input-sm mono" aria-label={`Criterion ${i + 1} id`} value={str(c.id) ?? ''} onChange={(e) => set(i, { id: e.target.value })} /></td>
          <td><input className="input input-sm" aria-label={`Criterion ${i + 1} title`} value={str(c.title) ?? ''} onChange={(e) => set(i, { title: e.target.value })} /></td>
          {RANGE_KEYS.map((k) => (
            <td key={k}>
              <input
                className="input input-sm num-input" type="number" aria-label={`Criterion ${i + 1} ${k}`}
                value={numValue(c[k])} placeholder={k === 'min' ? '1' : k === 'max' ? '5' : '1'}
                onChange={(e) => set(i, { [k]: optionalNumber(e.target.value) })}
              />
            </td>
          ))}
        </>
      )}
    >
      <div>
        <button
          type="button" className="btn btn-secondary btn-sm" id={`${prefix}-add-criterion`}
          onClick={() => {
            let n = list.length + 1;
            while (list.some((c) => c.id === `criterion_${n}`)) n++;
            onChange([...list, { id: `criterion_${n}`, title: `Criterion ${n}`, min: 1, max: 5, tolerance: 1 }]);
          }}
        >
          + Criterion
        </button>
      </div>
    </ItemTable>
  );
}

/** The schema builder's form for a rating question's config. */
export default function ConfigEditor(props: ConfigEditorProps<RatingConfig>) {
  const { field, num, form, cfg, put } = configKit(props);
  const { prefix, issues } = props;
  return form(
    <>
      {field('field', 'Data field shown', 'The row field being rated (optional).', 'response')}
      {num('rationaleMinLength', 'Rationale: minimum length', 'Characters the rationale needs (0 = optional).', COUNT)}
    </>,
    <CriteriaEditor prefix={prefix} criteria={cfg.criteria} issues={issues} onChange={(c) => put({ criteria: c })} />,
  );
}
