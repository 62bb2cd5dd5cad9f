import { z } from 'zod';

// A conversation is a data field in the chat `messages` shape OpenAI's and Anthropic's APIs share:
// `[{ role, content }]`. Content is a string, or (as both APIs allow) a list of parts; text parts are what
// people read, other parts (images, tool calls, tool results) are shown as what they are.

export const ROLES = ['system', 'user', 'assistant', 'tool', 'developer'] as const;
export type Role = (typeof ROLES)[number];

/** At most this many messages in one conversation (a longer one is refused at import, naming the field). */
export const MAX_TURNS = 1000;

const part = z.looseObject({ type: z.string().max(64) });
export const messageSchema = z.looseObject({
  role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` }),
  content: z.union([z.string(), z.array(part).max(200), z.null()], { error: 'content must be text, a list of parts ({ "type": … }) or null' }),
  name: z.string().max(200).optional(),
});
export type Message = z.output<typeof messageSchema>;

export const conversationSchema = z.array(messageSchema).min(1, 'a conversation needs at least one message').max(MAX_TURNS, `at most ${MAX_TURNS} messages`);
export type Conversation = Message[];

/** Whether a value has the messages shape (for display: a field that is not one shows as it is). */
export function isConversation(v: unknown): v is Conversation {
  return Array.isArray(v) && v.length > 0 && conversationSchema.safeParse(v).success;
}

/**
 * What is wrong with a value that should be a conversation, as one sentence naming the message and key
 * (`message 3: role must be one of …`), or null when it is one.
 */
export function conversationIssue(v: unknown): string | null {
  if (!Array.isArray(v)) return 'expected a conversation: an array of messages like [{"role": "user", "content": "…"}]';
  const r = conversationSchema.safeParse(v);
  if (r.success) return null;
  const issue = r.error.issues[0];
  const [index, key] = issue.path;
  if (typeof index === 'number') return `message ${index + 1}${key !== undefined ? ` (${String(key)})` : ''}: ${issue.message}`;
  return issue.message;
}

/** The readable text of a message: text parts joined, other parts named. */
export function messageText(m: Message): string {
  if (typeof m.content === 'string') return m.content;
  if (m.content === null) return '';
  return m.content
    .map((p) => (typeof p.text === 'string' ? p.text : typeof p.content === 'string' ? p.content : `[${p.type}]`))
    .join('\n\n');
}

/** Indices (in the messages array) of the assistant turns: what a per-turn question judges. */
export function assistantTurns(messages: readonly Message[]): number[] {
  const out: number[] = [];
  messages.forEach((m, i) => {
    if (m.role === 'assistant') out.push(i);
  });
  return out;
}

/**
 * A field as a conversation: a conversation stays one; a plain text becomes one user message (a prompt);
 * anything else gives an empty conversation.
 */
export function asConversation(v: unknown): Conversation {
  if (typeof v === 'string') return v === '' ? [] : [{ role: 'user', content: v }];
  return isConversation(v) ? v : [];
}
