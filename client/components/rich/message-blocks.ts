import type { Message } from '@shared/conversation';

// What one message shows, as blocks a person reads: text (markdown) and everything else (tool calls, tool
// results, images, unknown parts) as titled JSON or plain text. Covers both APIs' shapes: OpenAI's
// `tool_calls` / `tool_call_id` / `image_url` parts and Anthropic's `tool_use` / `tool_result` / `image` /
// `thinking` parts, plus any `{ type, text }` part of newer APIs.

export type Block =
  | { kind: 'markdown'; text: string }
  | { kind: 'code'; title: string; code: string; language: 'json' | 'text' };

/** Strings longer than this inside JSON (base64 images, huge tool outputs) are cut, saying how long they were. */
const MAX_STRING = 400;
/** A code block longer than this is cut: nobody judges a megabyte of JSON by reading it in the panel. */
const MAX_CODE = 20_000;

function shorten(v: unknown): unknown {
  if (typeof v === 'string') return v.length > MAX_STRING ? `${v.slice(0, MAX_STRING)}… (${v.length} characters)` : v;
  if (Array.isArray(v)) return v.map(shorten);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shorten(x)]));
  return v;
}

function capped(code: string): string {
  return code.length > MAX_CODE ? `${code.slice(0, MAX_CODE)}\n… (${code.length - MAX_CODE} more characters)` : code;
}

/** JSON text as indented JSON, when it parses (tool arguments and results are usually JSON in a string). */
function parsedJson(s: string): unknown {
  const t = s.trim();
  if (!/^[[{]/.test(t)) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

function jsonBlock(title: string, value: unknown): Block {
  return { kind: 'code', title, code: capped(JSON.stringify(shorten(value), null, 2) ?? String(value)), language: 'json' };
}

/** A tool's output: JSON when it is JSON, else its text as it came (not markdown: tools print plain text). */
function outputBlock(title: string, s: string): Block {
  const json = parsedJson(s);
  return json === undefined ? { kind: 'code', title, code: capped(s), language: 'text' } : jsonBlock(title, json);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function partBlocks(part: Record<string, unknown>, role: Message['role']): Block[] {
  const type = str(part.type) ?? 'part';
  if (type === 'tool_use') return [jsonBlock(`Tool call: ${str(part.name) ?? 'tool'}`, part.input ?? {})];
  if (type === 'tool_result') {
    const c = part.content;
    const title = part.is_error ? 'Tool error' : 'Tool result';
    if (typeof c === 'string') return [outputBlock(title, c)];
    if (Array.isArray(c)) return c.flatMap((p) => (typeof rec(p).text === 'string' ? [outputBlock(title, rec(p).text as string)] : partBlocks(rec(p), 'tool')));
    return [jsonBlock(title, c ?? null)];
  }
  if (type === 'thinking' && typeof part.thinking === 'string') return [{ kind: 'code', title: 'Thinking', code: capped(part.thinking), language: 'text' }];
  if (typeof part.text === 'string') return role === 'tool' ? [outputBlock('Tool result', part.text)] : [{ kind: 'markdown', text: part.text }];
  const label = type === 'image_url' || type === 'image' || type === 'input_image' ? 'Image' : type === 'input_audio' ? 'Audio' : `Part: ${type}`;
  return [jsonBlock(label, part)];
}

/** The blocks of one message, in order: its content, then any tool calls it makes. */
export function messageBlocks(m: Message): Block[] {
  const out: Block[] = [];
  if (typeof m.content === 'string') {
    if (m.content !== '') out.push(m.role === 'tool' ? outputBlock('Tool result', m.content) : { kind: 'markdown', text: m.content });
  } else if (Array.isArray(m.content)) {
    for (const p of m.content) out.push(...partBlocks(p, m.role));
  }
  const calls = Array.isArray(m.tool_calls) ? (m.tool_calls as unknown[]) : [];
  for (const c of calls) {
    const fn = rec(rec(c).function);
    const args = str(fn.arguments);
    const parsed = args === undefined ? fn.arguments : (parsedJson(args) ?? args);
    out.push(jsonBlock(`Tool call: ${str(fn.name) ?? str(rec(c).type) ?? 'tool'}`, parsed ?? {}));
  }
  const legacy = rec(m.function_call);
  if (str(legacy.name)) out.push(jsonBlock(`Function call: ${str(legacy.name)}`, parsedJson(str(legacy.arguments) ?? '') ?? legacy.arguments ?? {}));
  return out;
}

/** What the header says beside the role: the speaker's name and the call a tool message answers. */
export function messageNote(m: Message): string {
  const bits: string[] = [];
  if (m.name) bits.push(m.name);
  const callId = str(m.tool_call_id);
  if (callId) bits.push(`answers ${callId}`);
  return bits.join(' · ');
}
