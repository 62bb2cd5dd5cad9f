import { lazy } from 'react';
import type { ClientTaskModule, HotkeyHelp } from '../types';
import { scaleKeys } from './scale';

export const ranking: ClientTaskModule<'ranking'> = {
  type: 'ranking',
  Editor: lazy(() => import('./Editor')),
  Compare: lazy(() => import('./Compare')),
  hotkeys: (config) => {
    const keys = scaleKeys(config);
    const out: HotkeyHelp[] =
      config.mode === 'pairwise' ? config.scale.flatMap((s, i) => (keys[i] ? [{ keys: keys[i]!, description: s.title }] : [])) : [];
    if (config.flagClaims) out.push({ keys: 'u', description: 'Flag the selected text as an unsupported claim' });
    out.push({ keys: 'r', description: 'Write the reason' }, { keys: 'escape', description: 'Leave the reason box' });
    return out;
  },
};
