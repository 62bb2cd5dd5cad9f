import type { AudioConfig } from '@shared/tasks/registry';
import { sampleFields } from '../common/samples';
import { draftLabels, starterBase, type DraftStart, type Starter } from '../starter';

export const starter: Starter = {
  blurb: 'Segment a recording, label and transcribe each part.',
  questionId: 'segments', itemsLabel: 'Segment labels', fieldLabel: 'Audio field',
  defaults: { ...starterBase, title: 'Segment and transcribe', field: 'audio', items: 'speech, noise, music' },
  config: (input, field, labels) => ({ labels, transcribe: input.transcribe, ...(field ? { field } : {}) }),
  Options: ({ input, setInput }) => (
    <label className="check check-field">
      <input type="checkbox" checked={input.transcribe} onChange={(e) => setInput({ transcribe: e.target.checked })} />
      <span>Transcribe each segment</span>
    </label>
  ),
};

export const draftStart: DraftStart = {
  title: 'Segment and transcribe',
  config: () => ({ field: 'audio', labels: draftLabels(['speech', 'noise']), transcribe: true, clipQuestions: [] }),
};

// No recording is made up: the preview shows the editor without audio.
export const sampleData = (c: AudioConfig) => sampleFields([c.field, '']);
