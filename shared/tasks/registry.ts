import type { AnyTaskModule, TaskModule, TaskType } from './types';
import { classification } from './classification';
import { ner } from './ner';
import { bbox } from './bbox';
import { audio } from './audio';
import { ranking } from './ranking';
import { rating } from './rating';
import { text } from './text';
import type { TaskInterop } from './interop';
import { classificationInterop } from './classification/interop';
import { nerInterop } from './ner/interop';
import { bboxInterop } from './bbox/interop';
import { audioInterop } from './audio/interop';
import { rankingInterop } from './ranking/interop';
import { ratingInterop } from './rating/interop';
import { textInterop } from './text/interop';

/** Every task type's module. A plain typed object: a missing or ill-typed module fails to compile. */
export const taskModules = { classification, ner, bbox, audio, ranking, rating, text } satisfies {
  [T in TaskType]: TaskModule<T, any, any>;
};

/** Every task type's import and export pieces (`<type>/interop.ts`), typed by its own config and answer. */
export const taskInterops = {
  classification: classificationInterop, ner: nerInterop, bbox: bboxInterop, audio: audioInterop,
  ranking: rankingInterop, rating: ratingInterop, text: textInterop,
} satisfies { [T in TaskType]: TaskInterop<TaskTypes[T]['config'], TaskTypes[T]['answer']> };

/** A type's import and export pieces, for code that holds a question of any type. */
export const taskInterop = (type: TaskType): TaskInterop<any, any> => taskInterops[type];

export function taskModule(type: TaskType): AnyTaskModule {
  const m = (taskModules as Record<string, AnyTaskModule>)[type];
  if (!m) throw new Error(`unknown task type "${type}"`);
  return m;
}

export type { ClassificationConfig, ClassificationAnswer } from './classification';
export type { NerConfig, NerAnswer, NerSpan } from './ner';
export type { BboxConfig, BboxAnswer, BboxBox } from './bbox';
export type { AudioConfig, AudioAnswer, AudioSegment, ClipQuestion } from './audio';
export type { RankingConfig, RankingAnswer, RankingClaim } from './ranking';
export type { RatingConfig, RatingAnswer } from './rating';
export type { TextConfig, TextAnswer } from './text';

/** Config and answer types by task type, for code that is generic over the type. */
export interface TaskTypes {
  classification: { config: import('./classification').ClassificationConfig; answer: import('./classification').ClassificationAnswer };
  ner: { config: import('./ner').NerConfig; answer: import('./ner').NerAnswer };
  bbox: { config: import('./bbox').BboxConfig; answer: import('./bbox').BboxAnswer };
  audio: { config: import('./audio').AudioConfig; answer: import('./audio').AudioAnswer };
  ranking: { config: import('./ranking').RankingConfig; answer: import('./ranking').RankingAnswer };
  rating: { config: import('./rating').RatingConfig; answer: import('./rating').RatingAnswer };
  text: { config: import('./text').TextConfig; answer: import('./text').TextAnswer };
}
