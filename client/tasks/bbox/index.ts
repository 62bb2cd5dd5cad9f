import { keysOf } from '../../hotkeys/keymap';
import { lazy } from 'react';
import type { ClientTaskModule } from '../types';
import { names } from './names';
import { labelViews } from '../common/labels';
import { preloadImage } from '../common/preload';
import { draftStart, sampleData, starter } from './starter';
import ConfigEditor from './ConfigEditor';

const loadEditor = () => import('./Editor');

export const bbox: ClientTaskModule<'bbox'> = {
  type: 'bbox',
  ...names,
  Editor: lazy(loadEditor),
  preloadEditor: loadEditor,
  preload: (c, data) => preloadImage(data[c.field]),
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
      .map((l) => ({ keys: l.hotkey!, description: `Draw as (or relabel the selected box) “${l.title}”` })),
    { keys: ['delete', 'backspace'], description: 'Delete the selected box' },
    { keys: ['arrowleft', 'arrowright', 'arrowup', 'arrowdown'], description: 'Nudge the selected box 1 px (with Shift: 10 px)' },
    { keys: ['[', ']'], description: 'Select the previous / next box' },
    { keys: 'escape', description: 'Deselect' },
    { keys: 'f', description: 'Fit the image to the screen' },
    { keys: 'space', description: 'Hold and drag to pan (or drag with the middle button); wheel zooms' },
    { keys: keysOf('use-suggestion'), description: 'Accept all suggested boxes' },
  ],
};
