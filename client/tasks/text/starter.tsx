import type { TextConfig } from '@shared/tasks/registry';
import { SAMPLE_PROMPT, SAMPLE_TEXT, sampleFields } from '../common/samples';
import { starterBase, type DraftStart, type Starter } from '../starter';

export const starter: Starter = {
  blurb: 'Write or rewrite an answer (SFT data).',
  questionId: 'answer', itemsLabel: null, fieldLabel: 'Prompt field (optional)',
  defaults: { ...starterBase, title: 'Write the ideal answer', field: 'prompt', items: '' },
  config: (_input, field) => (field ? { field } : {}),
};

export const draftStart: DraftStart = {
  title: 'Write the ideal answer',
  config: () => ({ field: 'prompt', minLength: 1, threshold: 0.9 }),
};

export const sampleData = (c: TextConfig) => sampleFields([c.field, SAMPLE_PROMPT], [c.sourceField, SAMPLE_TEXT]);
