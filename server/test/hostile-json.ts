import fc from 'fast-check';

/**
 * fast-check generators of hostile JSON text for the fuzz suites: arbitrary values, and mutations of a
 * valid value (wrong types, huge strings, nesting 20,000 deep, keys that reach Object.prototype). Deep
 * nesting and `__proto__` keys are carried as raw text, since JSON.stringify overflows on the one and an
 * assignment drops the other.
 */

export interface Raw { raw: string }
const isRaw = (x: unknown): x is Raw => typeof x === 'object' && x !== null && typeof (x as Raw).raw === 'string' && Object.keys(x).length === 1;

/** JSON text of `v`, with every Raw leaf written as its text. */
export function toText(v: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(v, (_k, x) => (isRaw(x) ? `@@raw${raws.push(x.raw) - 1}@@` : x)) ?? 'null';
  return raws.length ? text.replace(/"@@raw(\d+)@@"/g, (_m, i) => raws[Number(i)]) : text;
}

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

export const deepText = (n: number, leaf = '0') => ({ raw: '['.repeat(n) + leaf + ']'.repeat(n) });

/** Sets an own key, even `__proto__` (which plain assignment would turn into a prototype change). */
export function setOwn(o: Record<string, unknown>, k: string, v: unknown) {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

const protoObject = fc.tuple(fc.constantFrom(...PROTO_KEYS), fc.jsonValue({ maxDepth: 1 })).map(([k, v]) => {
  const o: Record<string, unknown> = {};
  setOwn(o, k, v);
  return o;
});

const oddValues = fc.constantFrom<unknown>(
  null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, '', ' ', '\u0000', '\uFEFF', 'NaN', '-0',
  [], {}, [null], [[]], { toString: 1, valueOf: 1 }, 'x'.repeat(300), '<img src=x onerror=alert(1)>', '=1+1',
);

/** Any value a hostile client might put in a field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 4, arbitrary: oddValues },
  { weight: 2, arbitrary: protoObject },
  // Objects whose own keys shadow what String(), Number() and template strings call.
  { weight: 2, arbitrary: fc.subarray(['toString', 'valueOf', 'toJSON', 'then'], { minLength: 1 }).map((ks) => Object.fromEntries(ks.map((k) => [k, 1]))) },
  { weight: 1, arbitrary: fc.integer({ min: 33, max: 20_000 }).map((n) => deepText(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'y'.repeat(n)) },
);

const hostileKey = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '', 'id', 'data') },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
);

type Path = Array<string | number>;
function pathsOf(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...at, i], out));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) pathsOf(x, [...at, k], out);
  return out;
}

const clone = <T>(v: T): T => structuredClone(v);

/** One change to a copy of `valid`: replace or delete a value, or add a key, at any depth. */
export function mutated(valid: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid);
  return fc.record({
    path: fc.constantFrom(...paths), op: fc.constantFrom('replace', 'replace', 'delete', 'add'), value: hostileValue, key: hostileKey,
  }).map(({ path, op, value, key }) => {
    const root = clone(valid);
    if (path.length === 0) {
      if (op === 'add' && typeof root === 'object' && root !== null && !Array.isArray(root)) { setOwn(root as Record<string, unknown>, key, value); return root; }
      return value;
    }
    let parent: any = root;
    for (const p of path.slice(0, -1)) parent = parent[p];
    const last = path[path.length - 1];
    if (op === 'delete') { if (Array.isArray(parent)) parent.splice(Number(last), 1); else delete parent[last]; }
    else if (op === 'add' && typeof parent[last] === 'object' && parent[last] !== null && !Array.isArray(parent[last])) setOwn(parent[last], key, value);
    else if (Array.isArray(parent)) parent[Number(last)] = value;
    else setOwn(parent, String(last), value);
    return root;
  });
}

/** Request body text: mostly mutations of the valid body, and arbitrary JSON, odd scalars, broken JSON. */
export function hostileBody(valid: unknown): fc.Arbitrary<string> {
  const text = toText(valid);
  return fc.oneof(
    { weight: 10, arbitrary: mutated(valid).map(toText) },
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => toText(v)) },
    { weight: 1, arbitrary: hostileValue.map(toText) },
    { weight: 1, arbitrary: fc.nat({ max: Math.max(0, text.length - 1) }).map((n) => text.slice(0, n)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constantFrom(`\uFEFF${text}`, `${text}${text}`, `[${text}]`, '', 'null', '1e999', '{"a":1,"a":2}') },
  );
}
