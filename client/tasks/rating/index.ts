import { lazy } from 'react';
import type { ClientTaskModule } from '../types';
import { names } from './names';
import { scoreDigitsOf } from './digits';
import { draftStart, sampleData, starter } from './starter';
import ConfigEditor from './ConfigEditor';

const loadEditor = () => import('./Editor');

export const rating: ClientTaskModule<'rating'> = {
  type: 'rating',
  ...names,
  Editor: lazy(loadEditor),
  preloadEditor: loadEditor,
  preload: () => undefined,
  shownFields: () => [],
  askedFields: (c) => (c.field ? [c.field] : []),
  filterValues: () => null,
  filterHint: 'criterion=score, e.g. clarity=5',
  ConfigEditor,
  starter,
  draftStart,
  sampleData,
  confusionMatrix: false,
  Compare: lazy(() => import('./Compare')),
  hotkeys: (config) => {
    const digits = scoreDigitsOf(config);
    return [
      { keys: ['arrowup', 'arrowdown'], description: 'Previous / next criterion' },
      ...(digits.length ? [{ keys: digits.map(String), description: 'Score the current criterion, then move to the next' }] : []),
      { keys: ['delete', 'backspace'], description: 'Clear the current criterion’s score' },
    ];
  },
};
