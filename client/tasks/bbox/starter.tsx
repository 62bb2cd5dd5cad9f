import type { BboxConfig } from '@shared/tasks/registry';
import { SAMPLE_IMAGE, sampleFields } from '../common/samples';
import { draftLabels, starterBase, type DraftStart, type Starter } from '../starter';

export const starter: Starter = {
  blurb: 'Draw labeled boxes on an image.',
  questionId: 'boxes', itemsLabel: 'Box labels', fieldLabel: 'Image field',
  defaults: { ...starterBase, title: 'Box every object', field: 'image', items: 'car, person, bicycle' },
  config: (_input, field, labels) => ({ labels, ...(field ? { field } : {}) }),
};

export const draftStart: DraftStart = {
  title: 'Box every object',
  config: () => ({ field: 'image', labels: draftLabels(['car', 'person']), iouThreshold: 0.5, f1Threshold: 0.8 }),
};

export const sampleData = (c: BboxConfig) => sampleFields([c.field, SAMPLE_IMAGE]);
