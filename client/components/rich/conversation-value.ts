import { isConversation, type Conversation } from '@shared/conversation';

// A row's data object stays the same while it is on screen, and the panels showing it render often
// (every keystroke in an answer): the full schema check of a long conversation is done once per value.
const checked = new WeakMap<object, boolean>();

/** Whether a data field's value is a conversation (the messages shape), remembered per value. */
export function isConversationValue(v: unknown): v is Conversation {
  if (!Array.isArray(v)) return false;
  let known = checked.get(v);
  if (known === undefined) {
    known = isConversation(v);
    checked.set(v, known);
  }
  return known;
}
