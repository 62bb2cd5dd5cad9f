import { lazy } from 'react';
import type { ClientTaskModule } from '../types';
import { labelViews } from '../common/labels';

export const classification: ClientTaskModule<'classification'> = {
  type: 'classification',
  Editor: lazy(() => import('./Editor')),
  Compare: lazy(() => import('./Compare')),
  hotkeys: (config) =>
    labelViews(config.labels)
      .filter((l) => l.hotkey)
      .map((l) => ({ keys: l.hotkey!, description: config.multiple ? `Toggle “${l.title}”` : `Choose “${l.title}”` })),
};
