import type { QuestionInput } from '@shared/tasks/question';
import type { TaskType } from '@shared/tasks/types';

/** What the new-project form asks for one question; each task type reads the parts it needs. */
export interface StarterInput {
  title: string;
  /** The row data field the question reads (image, audio, text…); empty = the type's default. */
  field: string;
  /** A comma list of labels (classification, ner, bbox, audio) or of criteria (rating). */
  items: string;
  multiple: boolean;
  transcribe: boolean;
  rankingMode: 'pairwise' | 'order';
}

export interface TaskTypeInfo {
  type: TaskType;
  name: string;
  blurb: string;
  questionId: string;
  defaults: StarterInput;
  /** Label of the comma-list input, or null where the type has none. */
  itemsLabel: string | null;
  fieldLabel: string;
}

const base = { multiple: false, transcribe: true, rankingMode: 'pairwise' as const };

export const TASK_TYPES: TaskTypeInfo[] = [
  {
    type: 'classification', name: 'Classification', blurb: 'Pick one (or several) labels for each row.',
    questionId: 'label', itemsLabel: 'Labels', fieldLabel: 'Data field shown (optional)',
    defaults: { ...base, title: 'Which label fits best?', field: 'text', items: 'positive, negative, neutral' },
  },
  {
    type: 'ner', name: 'Entity tagging', blurb: 'Mark spans of text and label them.',
    questionId: 'entities', itemsLabel: 'Entity labels', fieldLabel: 'Text field',
    defaults: { ...base, title: 'Tag the entities', field: 'text', items: 'PER, ORG, LOC' },
  },
  {
    type: 'bbox', name: 'Bounding boxes', blurb: 'Draw labeled boxes on an image.',
    questionId: 'boxes', itemsLabel: 'Box labels', fieldLabel: 'Image field',
    defaults: { ...base, title: 'Box every object', field: 'image', items: 'car, person, bicycle' },
  },
  {
    type: 'audio', name: 'Audio segments', blurb: 'Segment a recording, label and transcribe each part.',
    questionId: 'segments', itemsLabel: 'Segment labels', fieldLabel: 'Audio field',
    defaults: { ...base, title: 'Segment and transcribe', field: 'audio', items: 'speech, noise, music' },
  },
  {
    type: 'ranking', name: 'Response ranking', blurb: 'Compare model responses to a prompt and pick the better one.',
    questionId: 'preference', itemsLabel: null, fieldLabel: 'Prompt field',
    defaults: { ...base, title: 'Which response is better?', field: 'prompt', items: '' },
  },
  {
    type: 'rating', name: 'Rubric rating', blurb: 'Score each row from 1 to 5 on a few criteria.',
    questionId: 'rating', itemsLabel: 'Criteria', fieldLabel: 'Data field shown (optional)',
    defaults: { ...base, title: 'Rate the response', field: '', items: 'Helpfulness, Accuracy, Tone' },
  },
  {
    type: 'text', name: 'Free text', blurb: 'Write or rewrite an answer (SFT data).',
    questionId: 'answer', itemsLabel: null, fieldLabel: 'Prompt field (optional)',
    defaults: { ...base, title: 'Write the ideal answer', field: 'prompt', items: '' },
  },
];

export const taskTypeInfo = (t: TaskType) => TASK_TYPES.find((x) => x.type === t)!;

export const commaList = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

/** "Factual accuracy" → "factual_accuracy": a criterion id the rating module accepts. */
export function slugId(title: string, i: number): string {
  const s = title.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(s) ? s : `c${i + 1}${s ? `_${s}` : ''}`;
}

/**
 * The one-question schema the form produces. Nothing is validated here on purpose: the server's zod
 * schema is the single judge, and its 400 names the field (e.g. `schema.0.config.labels`).
 */
export function starterSchema(type: TaskType, input: StarterInput): QuestionInput[] {
  const info = taskTypeInfo(type);
  const field = input.field.trim();
  const q = { id: info.questionId, title: input.title.trim() };
  const labels = commaList(input.items);
  switch (type) {
    case 'classification':
      return [{ ...q, type, config: { labels, multiple: input.multiple, ...(field ? { field } : {}) } }];
    case 'ner':
      return [{ ...q, type, config: { labels, ...(field ? { field } : {}) } }];
    case 'bbox':
      return [{ ...q, type, config: { labels, ...(field ? { field } : {}) } }];
    case 'audio':
      return [{ ...q, type, config: { labels, transcribe: input.transcribe, ...(field ? { field } : {}) } }];
    case 'ranking':
      return [{ ...q, type, config: { mode: input.rankingMode, ...(field ? { promptField: field } : {}) } }];
    case 'rating':
      return [{
        ...q, type,
        config: { criteria: labels.map((title, i) => ({ id: slugId(title, i), title, min: 1, max: 5 })), ...(field ? { field } : {}) },
      }];
    case 'text':
      return [{ ...q, type, config: field ? { field } : {} }];
  }
}
