import { lazy } from 'react';
import type { ClientTaskModule } from '../types';
import { scoreDigitsOf } from './digits';

export const rating: ClientTaskModule<'rating'> = {
  type: 'rating',
  Editor: lazy(() => import('./Editor')),
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
