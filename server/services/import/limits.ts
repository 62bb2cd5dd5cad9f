/**
 * Bounds on one import line (a JSONL line, a JSON array element, a CSV record). A row is something a
 * person reads and labels in a browser, so these sit far above any real row and far below what would
 * let one line exhaust memory, the stack or the database.
 */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;
export const MAX_DEPTH = 32;
export const MAX_KEYS_PER_OBJECT = 1000;
export const MAX_VALUES_PER_LINE = 250_000;
export const MAX_KEY_CHARS = 256;
export const MAX_CSV_COLUMNS = 1000;

/**
 * Names that reach an object's prototype when used as a key (`o['__proto__'] = x` replaces it, and
 * `o['constructor']` finds Object's own): refused wherever a line supplies a key or a name used as one.
 */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
export const isForbiddenName = (name: string) => FORBIDDEN.has(name);
export const forbiddenNameMessage = (name: string) =>
  `"${name}" is not allowed as a field or result name (it is reserved by JavaScript objects): rename it`;

export const lineTooLongMessage = (what: string) =>
  `${what} is longer than ${MAX_LINE_CHARS / 1048576} MB of text: a row is limited to that (split it, or move large content to media)`;

export interface ShapeIssue { field: string; message: string }

interface Node { value: unknown; depth: number; parent: Node | null; key: string }

const pathOf = (n: Node | null): string => {
  const keys: string[] = [];
  for (let p = n; p && p.parent; p = p.parent) keys.push(p.key);
  return keys.reverse().join('.') || '(line)';
};

/**
 * The first thing wrong with the shape of a parsed line: too deep, too many values or keys, a key too
 * long or reserved. Walks with an explicit stack, so a line nested 20,000 deep (which JSON.parse
 * accepts) is refused at depth MAX_DEPTH instead of overflowing a recursive walk later on.
 */
export function checkShape(root: unknown): ShapeIssue | null {
  const stack: Node[] = [{ value: root, depth: 0, parent: null, key: '' }];
  let values = 1;
  while (stack.length) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v !== 'object' || v === null) continue;
    if (node.depth >= MAX_DEPTH) return { field: pathOf(node), message: `nested more than ${MAX_DEPTH} levels deep` };
    const keys = Array.isArray(v) ? null : Object.keys(v);
    const n = keys ? keys.length : (v as unknown[]).length;
    if (keys && n > MAX_KEYS_PER_OBJECT) return { field: pathOf(node), message: `an object with ${n} fields: at most ${MAX_KEYS_PER_OBJECT}` };
    values += n;
    if (values > MAX_VALUES_PER_LINE) return { field: pathOf(node), message: `more than ${MAX_VALUES_PER_LINE} values in one row` };
    if (!keys) {
      const arr = v as unknown[];
      for (let i = arr.length - 1; i >= 0; i--) stack.push({ value: arr[i], depth: node.depth + 1, parent: node, key: String(i) });
      continue;
    }
    for (const k of keys) {
      const child: Node = { value: (v as Record<string, unknown>)[k], depth: node.depth + 1, parent: node, key: k };
      if (isForbiddenName(k)) return { field: pathOf(child), message: forbiddenNameMessage(k) };
      if (k.length > MAX_KEY_CHARS) return { field: `${pathOf(node)} (a key)`, message: `a field name of ${k.length} characters: at most ${MAX_KEY_CHARS}` };
      stack.push(child);
    }
  }
  return null;
}

/** JSON.parse of one line, then its shape checked: the value, or the line error to report. */
export function parseLine(text: string, what: string): { value: unknown; error?: undefined } | { value?: undefined; error: ShapeIssue } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: { field: what, message: `not valid JSON: ${(e as Error).message.slice(0, 200)}` } };
  }
  const bad = checkShape(value);
  return bad ? { error: bad } : { value };
}
