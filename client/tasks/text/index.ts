import { lazy } from 'react';
import type { ClientTaskModule } from '../types';

export const text: ClientTaskModule<'text'> = {
  type: 'text',
  Editor: lazy(() => import('./Editor')),
  Compare: lazy(() => import('./Compare')),
  hotkeys: () => [
    { keys: 'e', description: 'Edit the answer' },
    { keys: 'escape', description: 'Leave the text box' },
  ],
};
