import type { RatingConfig } from '@shared/tasks/registry';
import { SAMPLE_TEXT, sampleFields } from '../common/samples';
import { starterBase, type DraftStart, type Starter } from '../starter';

/** "Factual accuracy" → "factual_accuracy": a criterion id the rating module accepts. */
export function slugId(title: string, i: number): string {
  const s = title.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(s) ? s : `c${i + 1}${s ? `_${s}` : ''}`;
}

export const starter: Starter = {
  blurb: 'Score each row from 1 to 5 on a few criteria.',
  questionId: 'rating', itemsLabel: 'Criteria', itemsHint: 'Comma separated; each is scored 1–5.', fieldLabel: 'Data field shown (optional)',
  defaults: { ...starterBase, title: 'Rate the response', field: '', items: 'Helpfulness, Accuracy, Tone' },
  config: (_input, field, titles) => ({ criteria: titles.map((title, i) => ({ id: slugId(title, i), title, min: 1, max: 5 })), ...(field ? { field } : {}) }),
};

export const draftStart: DraftStart = {
  title: 'Rate the response',
  config: () => ({
    field: 'response',
    criteria: [{ id: 'accuracy', title: 'Accuracy', min: 1, max: 5, tolerance: 1 }, { id: 'helpfulness', title: 'Helpfulness', min: 1, max: 5, tolerance: 1 }],
    rationaleMinLength: 0,
  }),
};

export const sampleData = (c: RatingConfig) => sampleFields([c.field, SAMPLE_TEXT]);
