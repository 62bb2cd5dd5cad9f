import { LLAMA2_SCALE } from '@shared/tasks/ranking';
import type { RankingConfig } from '@shared/tasks/registry';
import { ItemTable, SelectField } from '../config-form/fields';
import { configKit, type Config, COUNT, numValue, optionalNumber, str } from '../config-form/kit';
import type { ConfigEditorProps } from '../types';

/** Which preset a config's scale is: the 7-point default (unset), Llama 2's, or one of the lead's own. */
export function scalePreset(scale: unknown): 'default' | 'llama2' | 'custom' {
  if (scale === undefined) return 'default';
  return JSON.stringify(scale) === JSON.stringify(LLAMA2_SCALE) ? 'llama2' : 'custom';
}

const PRESET_TEXT = {
  default: 'The default 7-point scale: A much better … Tie … B much better (margin = the step’s distance from the tie).',
  llama2: 'Llama 2’s forced choice: significantly better, better, slightly better, negligibly better / unsure for each side, no tie; margins 1, 2/3, 1/3, 0 as in the paper.',
};

/**
 * The pairwise strength scale: a preset (the 7-point default, Llama 2's four levels) or the lead's own
 * steps. `onChange` gets the config keys to write: choosing Llama 2 also turns the tie off, the default
 * gives `allowTie` back its default.
 */
function ScaleEditor({ scale, onChange }: { scale: unknown; onChange: (patch: Config) => void }) {
  const preset = scalePreset(scale);
  const presets = (
    <div className="actions">
      {preset !== 'default' && <button type="button" className="btn btn-ghost btn-sm" onClick={() => onChange({ scale: undefined, allowTie: undefined })}>Use the 7-point default</button>}
      {preset !== 'llama2' && <button type="button" className="btn btn-secondary btn-sm" onClick={() => onChange({ scale: LLAMA2_SCALE.map((s) => ({ ...s })), allowTie: false })}>Use Llama 2’s four levels</button>}
      {preset === 'default' && (
        <button type="button" className="btn btn-link btn-sm" onClick={() => onChange({ scale: [
          { value: -2, title: 'A better' }, { value: -1, title: 'A slightly better' }, { value: 0, title: 'Tie' },
          { value: 1, title: 'B slightly better' }, { value: 2, title: 'B better' },
        ] })}>Customize</button>
      )}
    </div>
  );
  if (preset === 'default')
    return (
      <div className="field">
        <span className="field-label">Strength scale</span>
        <div className="field-hint">{PRESET_TEXT.default}</div>
        {presets}
      </div>
    );
  const steps = scale as Config[];
  const put = (next: Config[]) => onChange({ scale: next });
  const set = (i: number, patch: Config) => put(steps.map((c, k) => (k === i ? { ...c, ...patch } : c)));
  return (
    <ItemTable
      legend={<>Strength scale <span className="muted">(negative favours A, positive B, 0 a tie; margin: how much better, for a reward model, default |value|)</span></>}
      columns={['Value', 'Title', 'Margin']} list={steps} onChange={put} alwaysHead what={(_, i) => `scale step ${i + 1}`}
      cells={(s, i) => (
        <>
          <td><input className="input input-sm num-input" type="number" aria-label={`Scale step ${i + 1} value`} value={numValue(s.value)} onChange={(e) => set(i, { value: Number(e.target.value) })} /></td>
          <td><input className="input input-sm" aria-label={`Scale step ${i + 1} title`} value={str(s.title) ?? ''} onChange={(e) => set(i, { title: e.target.value })} /></td>
          <td><input className="input input-sm num-input" type="number" min={0} step="any" aria-label={`Scale step ${i + 1} margin`} value={numValue(s.margin)} placeholder={typeof s.value === 'number' ? String(Math.abs(s.value)) : ''} onChange={(e) => set(i, { margin: optionalNumber(e.target.value) })} /></td>
        </>
      )}
    >
      {preset === 'llama2' && <div className="field-hint">{PRESET_TEXT.llama2}</div>}
      <div className="actions">
        <button type="button" className="btn btn-secondary btn-sm" onClick={() => put([...steps, { value: steps.length, title: `Step ${steps.length + 1}` }])}>+ Step</button>
      </div>
      {presets}
    </ItemTable>
  );
}

/** The schema builder's form for a ranking question's config. */
export default function ConfigEditor(props: ConfigEditorProps<RankingConfig>) {
  const { field, num, check, form, cfg, put } = configKit(props);
  const { prefix } = props;
  const order = cfg.mode === 'order';
  return form(
    <>
      {field('promptField', 'Prompt field', 'The row field with the prompt: a text, or a conversation ([{role, content}]).', 'prompt')}
      {field('responsesField', 'Responses field', 'A row field holding an array of response strings.', 'responses')}
      <SelectField id={`${prefix}-mode`} label="Mode" value={(str(cfg.mode) ?? 'pairwise') as 'pairwise' | 'order'}
        options={[{ value: 'pairwise', label: 'Pairwise: A or B, with strength' }, { value: 'order', label: 'Order: rank every response' }]}
        onChange={(v) => put({ mode: v })} />
      {num('reasonMinLength', 'Reason: minimum length', 'Characters the reason needs (0 = optional).', COUNT)}
      {order && num('tauThreshold', 'Agreement threshold (Kendall τ)', 'τ-b at or above which two orders agree (default 0.5).', { min: -1, max: 1, step: 0.05 })}
      <div>
        {order ? check('orderTies', 'ties', 'Allow ties (responses sharing a rank)', false) : check('allowTie', 'tie', 'Allow a tie', true)}
        {check('flagClaims', 'claims', 'Flag unsupported claims', true)}
        {check('showTexts', 'texts', 'Show the prompt and responses (off: a question above on the same pair shows them)', true)}
      </div>
    </>,
    !order && <ScaleEditor scale={cfg.scale} onChange={put} />,
  );
}
