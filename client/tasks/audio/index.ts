import { keysOf } from '../../hotkeys/keymap';
import { lazy } from 'react';
import type { ClientTaskModule } from '../types';
import { names } from './names';
import { labelViews } from '../common/labels';
import { preloadPeaks } from '../common/preload';
import { draftStart, sampleData, starter } from './starter';
import ConfigEditor from './ConfigEditor';

const loadEditor = () => import('./Editor');

export const audio: ClientTaskModule<'audio'> = {
  type: 'audio',
  ...names,
  Editor: lazy(loadEditor),
  preloadEditor: loadEditor,
  preload: (c, data) => preloadPeaks(data[c.field]),
  shownFields: (c) => [c.field],
  askedFields: () => [],
  filterValues: (c) => c.labels.map((l) => l.value),
  filterHint: null,
  ConfigEditor,
  starter,
  draftStart,
  sampleData,
  confusionMatrix: false,
  Compare: lazy(() => import('./Compare')),
  hotkeys: (config) => [
    ...labelViews(config.labels)
      .filter((l) => l.hotkey)
      .map((l) => ({ keys: l.hotkey!, description: `Mark new segments (or relabel the selected one) “${l.title}”` })),
    { keys: 'space', description: 'Play / pause' },
    { keys: 'p', description: 'Play the selected segment' },
    { keys: 'l', description: 'Loop the segment on / off' },
    { keys: ['-', '='], description: 'Zoom out / in' },
    { keys: ['delete', 'backspace'], description: 'Delete the selected segment' },
    ...(config.transcribe ? [{ keys: 't', description: 'Type the transcript of the selected segment' }] : []),
    { keys: ['[', ']'], description: 'Select the previous / next segment' },
    { keys: 'escape', description: 'Leave the transcript box, or deselect the segment or clip question' },
    { keys: keysOf('use-suggestion'), description: 'Accept all suggested segments' },
    ...(config.clipQuestions.length > 0
      ? [
          { keys: ['c', 'shift+c'], description: 'Focus the next / previous clip question' },
          { keys: ['arrowleft', 'arrowright'], description: 'Answer the focused clip question one option to the left / right' },
          { keys: ['delete', 'backspace'], description: 'Clear the focused clip question' },
        ]
      : []),
  ],
};
