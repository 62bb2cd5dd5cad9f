import type { ClassificationConfig } from '@shared/tasks/registry';
import { SAMPLE_TEXT, sampleFields } from '../common/samples';
import { draftLabels, starterBase, type DraftStart, type Starter } from '../starter';

export const starter: Starter = {
  blurb: 'Pick one (or several) labels for each row.',
  questionId: 'label', itemsLabel: 'Labels', fieldLabel: 'Data field shown (optional)',
  defaults: { ...starterBase, title: 'Which label fits best?', field: 'text', items: 'positive, negative, neutral' },
  config: (input, field, labels) => ({ labels, multiple: input.multiple, ...(field ? { field } : {}) }),
  Options: ({ input, setInput }) => (
    <label className="check check-field">
      <input type="checkbox" checked={input.multiple} onChange={(e) => setInput({ multiple: e.target.checked })} />
      <span>Allow several labels per row</span>
    </label>
  ),
};

export const draftStart: DraftStart = {
  title: 'Which label fits best?',
  config: () => ({ field: 'text', multiple: false, labels: draftLabels(['positive', 'negative', 'neutral']) }),
};

export const sampleData = (c: ClassificationConfig) => sampleFields([c.field, SAMPLE_TEXT]);
