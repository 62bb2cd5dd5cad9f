import { keysOf } from '../../hotkeys/keymap';
import { lazy } from 'react';
import type { ClientTaskModule } from '../types';
import { names } from './names';
import { labelViews } from '../common/labels';
import { draftStart, sampleData, starter } from './starter';
import ConfigEditor from './ConfigEditor';

const loadEditor = () => import('./Editor');

export const ner: ClientTaskModule<'ner'> = {
  type: 'ner',
  ...names,
  Editor: lazy(loadEditor),
  preloadEditor: loadEditor,
  preload: () => undefined,
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
      .map((l) => ({ keys: l.hotkey!, description: `Tag the selection (or relabel the selected span) as “${l.title}”` })),
    { keys: ['delete', 'backspace'], description: 'Delete the selected span' },
    { keys: ['[', ']'], description: 'Select the previous / next span' },
    { keys: ['arrowleft', 'arrowright'], description: 'Move the word cursor (a word to tag from the keyboard)' },
    { keys: ['shift+arrowleft', 'shift+arrowright'], description: 'Shrink / extend the selected span, or the word cursor’s selection, by a word' },
    { keys: ['alt+shift+arrowleft', 'alt+shift+arrowright'], description: 'Move the start of the selected span' },
    { keys: 'enter', description: 'Accept the selected suggestion' },
    { keys: keysOf('use-suggestion'), description: 'Accept all suggestions' },
    { keys: 'escape', description: 'Clear the selection and the word cursor' },
    { keys: 'mod+f', description: 'Find in the whole text (Enter / Shift+Enter: next / previous match)' },
  ],
};
