import { lazy } from 'react';
import { preloadRichText } from '../../components/rich/RichText';
import type { ClientTaskModule, HotkeyHelp } from '../types';
import { names } from './names';
import { scaleKeys } from './scale';
import { draftStart, sampleData, starter } from './starter';
import ConfigEditor from './ConfigEditor';

const loadEditor = () => import('./Editor');

export const ranking: ClientTaskModule<'ranking'> = {
  type: 'ranking',
  ...names,
  Editor: lazy(loadEditor),
  preloadEditor: loadEditor,
  // The prompt conversation and the responses show as markdown.
  preload: () => void preloadRichText().catch(() => undefined),
  shownFields: (c) => [c.promptField, c.responsesField],
  askedFields: () => [],
  filterValues: () => null,
  filterHint: 'The preferred response: A, B, …',
  ConfigEditor,
  starter,
  draftStart,
  sampleData,
  confusionMatrix: false,
  Compare: lazy(() => import('./Compare')),
  hotkeys: (config) => {
    const keys = scaleKeys(config);
    const out: HotkeyHelp[] =
      config.mode === 'pairwise' ? config.scale.flatMap((s, i) => (keys[i] ? [{ keys: keys[i]!, description: s.title }] : [])) : [];
    if (config.mode === 'order') {
      out.push(
        { keys: '1', description: 'Select response A (2 for B, and so on up to 9)' },
        { keys: ['arrowleft', 'arrowright'], description: 'Select the response ranked above / below' },
        { keys: ['shift+arrowup', '['], description: 'Move the selected response up a rank (out of its tie first)' },
        { keys: ['shift+arrowdown', ']'], description: 'Move the selected response down a rank (out of its tie first)' },
        { keys: ['home', 'end'], description: 'Put the selected response first / last' },
      );
      if (config.orderTies) out.push({ keys: '=', description: 'Tie the selected response with the rank above (again: untie it)' });
    }
    if (config.flagClaims && config.showTexts) out.push({ keys: 'u', description: 'Flag the selected text as an unsupported claim' });
    if (config.showTexts) out.push({ keys: 'w', description: 'Show the responses as written / as formatted markdown' });
    out.push(
      { keys: 'r', description: 'Write the reason' },
      { keys: 'escape', description: config.mode === 'order' ? 'Leave the reason box, or deselect the response' : 'Leave the reason box' },
    );
    return out;
  },
};
