import type { NerConfig } from '@shared/tasks/registry';
import { SAMPLE_TEXT, sampleFields } from '../common/samples';
import { draftLabels, starterBase, type DraftStart, type Starter } from '../starter';

export const starter: Starter = {
  blurb: 'Mark spans of text and label them.',
  questionId: 'entities', itemsLabel: 'Entity labels', fieldLabel: 'Text field',
  defaults: { ...starterBase, title: 'Tag the entities', field: 'text', items: 'PER, ORG, LOC' },
  config: (_input, field, labels) => ({ labels, ...(field ? { field } : {}) }),
};

export const draftStart: DraftStart = {
  title: 'Tag the entities',
  config: () => ({ field: 'text', labels: draftLabels(['PER', 'ORG', 'LOC']), allowOverlap: false, snapToWords: true, threshold: 0.8 }),
};

export const sampleData = (c: NerConfig) => sampleFields([c.field, SAMPLE_TEXT]);
