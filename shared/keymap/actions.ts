/**
 * The app's one keymap: every page-level action a key can trigger, its default keys and the screens
 * (contexts) it works on. Label and review read their keys from here, so the same action is on the same
 * key everywhere, and one key never means two actions anywhere (a key learnt on one screen is safe on the
 * next). A person may remap actions (stored with their account, `/api/me/keymap`); `checkKeymap` refuses a
 * remap that would clash. Task types keep their own keys (labels, digits, arrows) in client/tasks/<type>/,
 * on the 'question' context; the shared action they use ("use suggestion") is here.
 */

export const KEYMAP_CONTEXTS = ['project', 'label', 'review', 'question'] as const;
export type KeymapContext = (typeof KEYMAP_CONTEXTS)[number];

export const CONTEXT_TITLES: Record<KeymapContext, string> = {
  project: 'Project page',
  label: 'Labeling',
  review: 'Review',
  question: 'Inside a question',
};

export interface KeymapActionDef {
  /** Default keys, as combos ("mod+enter", "alt+s"). */
  keys: readonly string[];
  contexts: readonly KeymapContext[];
  /** What it does, in the help overlay and the account page; per context when the wording differs. */
  description: string;
  describeIn?: Partial<Record<KeymapContext, string>>;
  group: 'Row' | 'Questions' | 'Editing' | 'Help' | 'Project';
  /** Keys people cannot move (Tab keeps its meaning for the browser's own focus order outside the questions). */
  fixed?: true;
}

export const KEYMAP = {
  submit: {
    keys: ['mod+enter'], contexts: ['label', 'review'], group: 'Row',
    description: 'Submit the row / accept the final',
    describeIn: { label: 'Submit and open the next row', review: 'Accept the final' },
  },
  skip: {
    keys: ['alt+s'], contexts: ['label', 'review'], group: 'Row',
    description: 'Skip this row (give it back)',
    describeIn: { review: 'Skip this row (another reviewer takes it)' },
  },
  escalate: { keys: ['alt+e'], contexts: ['label', 'review'], group: 'Row', description: 'Escalate a question to the leads' },
  'send-back': { keys: ['alt+r'], contexts: ['review'], group: 'Row', description: 'Send back for a new round (with a reason)' },
  flag: { keys: ['alt+f'], contexts: ['label'], group: 'Row', description: 'Flag: needs an expert' },
  'best-effort': { keys: ['alt+shift+b'], contexts: ['label'], group: 'Row', description: 'Toggle “best effort”' },
  guidelines: { keys: ['alt+g'], contexts: ['label'], group: 'Row', description: 'Show or hide the guidelines' },
  'acknowledge-guidelines': { keys: ['alt+k'], contexts: ['label'], group: 'Row', description: 'Acknowledge the new guideline version' },
  'take-1': { keys: ['alt+a'], contexts: ['review'], group: 'Questions', description: 'Take Labeler 1’s answer for the focused question' },
  'take-2': { keys: ['alt+b'], contexts: ['review'], group: 'Questions', description: 'Take Labeler 2’s answer for the focused question' },
  'next-question': { keys: ['alt+arrowdown'], contexts: ['label', 'review'], group: 'Questions', description: 'Next question' },
  'prev-question': { keys: ['alt+arrowup'], contexts: ['label', 'review'], group: 'Questions', description: 'Previous question' },
  'tab-next-question': { keys: ['tab'], contexts: ['label'], group: 'Questions', description: 'Next question (focus in the questions)', fixed: true },
  'tab-prev-question': { keys: ['shift+tab'], contexts: ['label'], group: 'Questions', description: 'Previous question (focus in the questions)', fixed: true },
  undo: { keys: ['mod+z'], contexts: ['label', 'review'], group: 'Editing', description: 'Undo' },
  redo: { keys: ['mod+shift+z', 'mod+y'], contexts: ['label', 'review'], group: 'Editing', description: 'Redo' },
  'use-suggestion': { keys: ['shift+enter'], contexts: ['question'], group: 'Editing', description: 'Use the suggestion (accept all suggested)' },
  'start-labeling': { keys: ['alt+l'], contexts: ['project'], group: 'Project', description: 'Start labeling' },
  help: { keys: ['?'], contexts: ['project', 'label', 'review'], group: 'Help', description: 'Show the keyboard shortcuts' },
} as const satisfies Record<string, KeymapActionDef>;

export type KeymapActionId = keyof typeof KEYMAP;
export const KEYMAP_ACTION_IDS = Object.keys(KEYMAP) as KeymapActionId[];

export function actionDef(id: KeymapActionId): KeymapActionDef {
  return KEYMAP[id];
}

/** The action's description on one screen. */
export function describeAction(id: KeymapActionId, context?: KeymapContext): string {
  const def = actionDef(id);
  return (context && def.describeIn?.[context]) ?? def.description;
}

/** A person's remapped actions: only those they changed. */
export type KeymapOverrides = Partial<Record<KeymapActionId, readonly string[]>>;

/** The keys of every action for a person: their remaps over the defaults. */
export function effectiveKeymap(overrides: KeymapOverrides | null | undefined): Record<KeymapActionId, readonly string[]> {
  const out = {} as Record<KeymapActionId, readonly string[]>;
  for (const id of KEYMAP_ACTION_IDS) out[id] = (!actionDef(id).fixed && overrides?.[id]) || actionDef(id).keys;
  return out;
}
