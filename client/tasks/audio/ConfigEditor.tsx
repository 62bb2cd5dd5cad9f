import type { AudioConfig } from '@shared/tasks/registry';
import { ItemTable } from '../config-form/fields';
import { configKit, type Config, numValue, optionalNumber, patched, RANGE_KEYS, str, UNIT } from '../config-form/kit';
import type { ConfigEditorProps } from '../types';

function ClipQuestionsEditor({ list: raw, onChange }: { list: unknown; onChange: (next: Config[]) => void }) {
  const list = Array.isArray(raw) ? (raw as Config[]) : [];
  const set = (i: number, patch: Config) => onChange(list.map((c, k) => (k === i ? patched(c, patch) : c)));
  return (
    <ItemTable
      legend={<>Clip questions <span className="muted">(asked once per recording)</span></>}
      columns={['Id', 'Title', 'Kind', 'Options / range']} list={list} onChange={onChange} what={(_, i) => `clip question ${i + 1}`}
      cells={(c, i) => (
        <>
          <td><input className="input input-sm mono" aria-label={`Clip question ${i + 1} id`} value={str(c.id) ?? ''} onChange={(e) => set(i, { id: e.target.value })} /></td>
          <td><input className="input input-sm" aria-label={`Clip question ${i + 1} title`} value={str(c.title) ?? ''} onChange={(e) => set(i, { title: e.target.value })} /></td>
          <td>
            <select className="input input-sm" aria-label={`Clip question ${i + 1} kind`} value={str(c.kind) ?? 'choice'}
              onChange={(e) => set(i, e.target.value === 'choice'
                ? { kind: 'choice', options: ['yes', 'no'], min: undefined, max: undefined, tolerance: undefined }
                : { kind: 'scale', options: undefined, min: 1, max: 5, tolerance: 1 })}>
              <option value="choice">choice</option>
              <option value="scale">scale</option>
            </select>
          </td>
          <td>
            {c.kind === 'scale' ? (
              <span className="inline-nums">
                {RANGE_KEYS.map((k) => (
                  <input key={k} className="input input-sm num-input" type="number" aria-label={`Clip question ${i + 1} ${k}`} placeholder={k}
                    value={numValue(c[k])} onChange={(e) => set(i, { [k]: optionalNumber(e.target.value) })} />
                ))}
              </span>
            ) : (
              <input className="input input-sm" aria-label={`Clip question ${i + 1} options`} placeholder="comma separated"
                value={Array.isArray(c.options) ? (c.options as string[]).join(', ') : ''}
                onChange={(e) => set(i, { options: e.target.value.split(',').map((s) => s.trim()).filter(Boolean) })} />
            )}
          </td>
        </>
      )}
    >
      <div>
        <button type="button" className="btn btn-secondary btn-sm"
          onClick={() => onChange([...list, { id: `clip_${list.length + 1}`, title: 'Background noise?', kind: 'choice', options: ['none', 'some', 'heavy'] }])}>
          + Clip question
        </button>
      </div>
    </ItemTable>
  );
}

/** The schema builder's form for a audio question's config. */
export default function ConfigEditor(props: ConfigEditorProps<AudioConfig>) {
  const { field, num, check, form, labels, cfg, put } = configKit(props);
  return form(
    <>
      {field('field', 'Audio field', 'The row field holding the audio URL or media id.', 'audio')}
      {check('transcribe', 'transcribe', 'Transcribe each segment', true)}
      {num('iouThreshold', 'Segment IoU threshold', 'Temporal IoU at which two segments match (default 0.5).', UNIT)}
      {num('werThreshold', 'Max word error rate', 'Largest WER between matched transcripts that agrees (default 0.2).', { min: 0, step: 0.05 })}
      {num('f1Threshold', 'Agreement threshold', 'Segment match F1 at which two answers agree (default 0.8).', UNIT)}
    </>,
    <>
      {labels}
      <ClipQuestionsEditor list={cfg.clipQuestions} onChange={(l) => put({ clipQuestions: l })} />
    </>,
  );
}
