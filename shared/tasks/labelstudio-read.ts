// Reading values out of a Label Studio file, where any field may be missing or of another type.
// Number() and String() run a JSON object's own `valueOf`/`toString` keys (and throw on them): these
// convert only primitives.

export const isObject = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);
export const num = (x: unknown): number => (typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : NaN);
export const str = (x: unknown): string => (typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : '');
/** An object without a prototype: keys from the file can never reach Object.prototype. */
export const dict = () => Object.create(null) as Record<string, any>;
/** A textarea's text: Label Studio writes a list of lines. */
export const textOf = (v: Record<string, any>) => (Array.isArray(v.text) ? v.text.map(str).join('\n') : str(v.text));

/** Labels of a region: every one it carries, as Label Studio lets a region hold several. */
export function regionLabels(v: Record<string, any>, ...keys: string[]): string[] {
  for (const k of keys) if (Array.isArray(v[k])) return v[k].filter((x: unknown): x is string => typeof x === 'string');
  return [];
}
