/**
 * Structural equality of JSON-like answers. Key order is ignored because answers are rebuilt by editors
 * and by the server (rating scores, clip answers) and must still count as "the same version".
 * An absent key and a key holding undefined are the same, as JSON would serialize them.
 */
export function deepEqual(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x)) {
    const ys = y as unknown[];
    return x.length === ys.length && x.every((v, i) => deepEqual(v, ys[i]));
  }
  const ox = x as Record<string, unknown>;
  const oy = y as Record<string, unknown>;
  const kx = Object.keys(ox).filter((k) => ox[k] !== undefined);
  const ky = Object.keys(oy).filter((k) => oy[k] !== undefined);
  return kx.length === ky.length && kx.every((k) => Object.prototype.hasOwnProperty.call(oy, k) && deepEqual(ox[k], oy[k]));
}

/** A deep copy of a JSON answer, so the final never shares objects with a labeler's version. */
export function cloneAnswer<A>(a: A): A {
  return structuredClone(a);
}

/** Which labeler versions the final currently equals (both when they are identical). */
export function sidesEqualToFinal<A>(a: A, b: A, final: A): [boolean, boolean] {
  return [deepEqual(a, final), deepEqual(b, final)];
}
