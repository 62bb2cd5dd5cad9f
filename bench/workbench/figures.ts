/**
 * The workbench figures in the order they run and are reported. Adding one: a file in this folder
 * exporting a WorkbenchFigure (see figure.ts), and its line here.
 */
import { audioHour } from './audio-hour';
import { bboxPanFigure } from './bbox-pan';
import { blankPage } from './blank-page';
import { chatOpen } from './chat-open';
import type { WorkbenchFigure } from './figure';
import { initialJs } from './initial-js';
import { nerOpen } from './ner-open';
import { submitToNext } from './submit-to-next';

export const workbenchFigures: readonly WorkbenchFigure[] = [
  blankPage,
  initialJs,
  submitToNext,
  nerOpen,
  chatOpen,
  bboxPanFigure,
  audioHour,
];
