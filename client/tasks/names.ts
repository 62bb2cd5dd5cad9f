import type { TaskType } from '@shared/tasks/types';
import { names as classification } from './classification/names';
import { names as ner } from './ner/names';
import { names as bbox } from './bbox/names';
import { names as audio } from './audio/names';
import { names as ranking } from './ranking/names';
import { names as rating } from './rating/names';
import { names as text } from './text/names';

export interface TaskNames { name: string; shortName: string }

/**
 * Every type's names without its module: the project list and project page show them, and importing the
 * registry there would pull every config editor and starter into their chunks.
 */
export const taskNames: { [T in TaskType]: TaskNames } = { classification, ner, bbox, audio, ranking, rating, text };

export const namesOf = (q: { type: TaskType }): TaskNames => taskNames[q.type];
