import { lazy } from 'react';
import type { ClientTaskModule } from '../types';
import { names } from './names';
import { draftStart, sampleData, starter } from './starter';
import ConfigEditor from './ConfigEditor';

const loadEditor = () => import('./Editor');

export const text: ClientTaskModule<'text'> = {
  type: 'text',
  ...names,
  Editor: lazy(loadEditor),
  preloadEditor: loadEditor,
  preload: () => undefined,
  shownFields: (c) => (c.sourceField ? [c.sourceField] : []),
  askedFields: (c) => (c.field ? [c.field] : []),
  filterValues: () => null,
  filterHint: 'Words the answer contains',
  ConfigEditor,
  starter,
  draftStart,
  sampleData,
  confusionMatrix: false,
  Compare: lazy(() => import('./Compare')),
  hotkeys: () => [
    { keys: 'e', description: 'Edit the answer' },
    { keys: 'escape', description: 'Leave the text box' },
  ],
};
