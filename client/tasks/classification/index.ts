import { lazy } from 'react';
import type { ClientTaskModule } from '../types';
import { names } from './names';
import { labelViews } from '../common/labels';
import { draftStart, sampleData, starter } from './starter';
import ConfigEditor from './ConfigEditor';

const loadEditor = () => import('./Editor');

export const classification: ClientTaskModule<'classification'> = {
  type: 'classification',
  ...names,
  Editor: lazy(loadEditor),
  preloadEditor: loadEditor,
  preload: () => undefined,
  shownFields: () => [],
  askedFields: (c) => (c.field ? [c.field] : []),
  filterValues: (c) => c.labels.map((l) => l.value),
  filterHint: null,
  ConfigEditor,
  starter,
  draftStart,
  sampleData,
  confusionMatrix: true,
  Compare: lazy(() => import('./Compare')),
  hotkeys: (config) =>
    labelViews(config.labels)
      .filter((l) => l.hotkey)
      .map((l) => ({ keys: l.hotkey!, description: config.multiple ? `Toggle “${l.title}”` : `Choose “${l.title}”` })),
};
