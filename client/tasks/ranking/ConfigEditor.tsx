import type { RankingConfig } from '@shared/tasks/registry';
import { ItemTable, SelectField } from '../config-form/fields';
import { configKit, type Config, COUNT, numValue, str } from '../config-form/kit';
import type { ConfigEditorProps } from '../types';

function ScaleEditor({ scale, onChange }: { scale: unknown; onChange: (next: Config[] | undefined) => void }) {
  const list = Array.isArray(scale) ? (scale as Config[]) : null;
  if (!list)
    return (
      <div className="field">
        <span className="field-label">Strength scale</span>
        <div className="field-hint">
          The default 7-step scale (A much better … Tie … B much better).{' '}
          <button type="button" className="btn btn-link" onClick={() => onChange([
            { value: -2, title: 'A better' }, { value: -1, title: 'A slightly better' }, { value: 0, title: 'Tie' },
            { value: 1, title: 'B slightly better' }, { value: 2, title: 'B better' },
          ])}>Customize</button>
        </div>
      </div>
    );
  const set = (i: number, patch: Config) => onChange(list.map((c, k) => (k === i ? { ...c, ...patch } : c)));
  return (
    <ItemTable
      legend={<>Strength scale <span className="muted">(negative favours A, positive B, 0 a tie)</span></>}
      columns={['Value', 'Title']} list={list} onChange={onChange} alwaysHead what={(_, i) => `scale step ${i + 1}`}
      cells={(s, i) => (
        <>
          <td><input className="input input-sm num-input" type="number" aria-label={`Scale step ${i + 1} value`} value={numValue(s.value)} onChange={(e) => set(i, { value: Number(e.target.value) })} /></td>
          <td><input className="input input-sm" aria-label={`Scale step ${i + 1} title`} value={str(s.title) ?? ''} onChange={(e) => set(i, { title: e.target.value })} /></td>
        </>
      )}
    >
      <div className="actions">
        <button type="button" className="btn btn-secondary btn-sm" onClick={() => onChange([...list, { value: list.length, title: `Step ${list.length + 1}` }])}>+ Step</button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => onChange(undefined)}>Use the default scale</button>
      </div>
    </ItemTable>
  );
}

/** The schema builder's form for a ranking question's config. */
export default function ConfigEditor(props: ConfigEditorProps<RankingConfig>) {
  const { field, num, check, form, cfg, put } = configKit(props);
  const { prefix } = props;
  return form(
    <>
      {field('promptField', 'Prompt field', 'The row field with the prompt.', 'prompt')}
      {field('responsesField', 'Responses field', 'A row field holding an array of response strings.', 'responses')}
      <SelectField id={`${prefix}-mode`} label="Mode" value={(str(cfg.mode) ?? 'pairwise') as 'pairwise' | 'order'}
        options={[{ value: 'pairwise', label: 'Pairwise: A or B, with strength' }, { value: 'order', label: 'Order: rank every response' }]}
        onChange={(v) => put({ mode: v })} />
      {num('reasonMinLength', 'Reason: minimum length', 'Characters the reason needs (0 = optional).', COUNT)}
      {cfg.mode === 'order' && num('tauThreshold', 'Agreement threshold (Kendall τ)', 'τ-b at or above which two orders agree (default 0.5).', { min: -1, max: 1, step: 0.05 })}
      <div>
        {check('allowTie', 'tie', 'Allow a tie', true)}
        {check('flagClaims', 'claims', 'Flag unsupported claims', true)}
      </div>
    </>,
    cfg.mode !== 'order' && <ScaleEditor scale={cfg.scale} onChange={(s) => put({ scale: s })} />,
  );
}
