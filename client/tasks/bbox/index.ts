import { lazy } from 'react';
import type { ClientTaskModule } from '../types';
import { labelViews } from '../common/labels';

export const bbox: ClientTaskModule<'bbox'> = {
  type: 'bbox',
  Editor: lazy(() => import('./Editor')),
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
    { keys: 'shift+enter', description: 'Accept all suggested boxes' },
  ],
};
