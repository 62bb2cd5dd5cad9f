import fc from 'fast-check';

/**
 * Just enough JSON Schema (2020-12, as the OpenAPI document writes it) to test the document against the
 * server: `arbitraryOf` makes values a client could send by reading the document alone, `violations`
 * says where a value breaks a documented schema. Resolves `#/components/schemas/…` in `doc`.
 */
type S = Record<string, any>;

const deref = (doc: S, s: S): S => {
  if (typeof s.$ref !== 'string') return s;
  const name = s.$ref.replace('#/components/schemas/', '');
  const target = doc.components?.schemas?.[name];
  if (!target) throw new Error(`unresolved $ref ${s.$ref}`);
  return deref(doc, target);
};

/**
 * `arb.filter(ok)` that gives up with a message instead of looping forever when the schema's constraints
 * leave the generator (almost) nothing that fits: 40 tries per value.
 */
function fitting<T>(arb: fc.Arbitrary<T>, ok: (v: T) => boolean, what: string): fc.Arbitrary<T> {
  return fc.array(arb, { minLength: 40, maxLength: 40 }).map((tries) => {
    const found = tries.find(ok);
    if (found === undefined) throw new Error(`json-schema-tools: 40 tries made no value that fits ${what}`);
    return found;
  });
}

/** Strings a person would type: no surrounding blanks (the validators trim, a schema cannot say so). */
const text = (min = 0, max = min + 12) => fitting(
  fc.string({ minLength: min, maxLength: Math.min(max, min + 12) }).map((v) => v.trim()),
  (v) => v.length >= min && v.length <= max, `a string of ${min}..${max} characters`,
);

export function arbitraryOf(doc: S, schema: S, depth = 0): fc.Arbitrary<unknown> {
  const s = deref(doc, schema);
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const branches = s.anyOf ?? s.oneOf;
  if (Array.isArray(branches)) return fc.oneof(...branches.map((b: S) => arbitraryOf(doc, b, depth + 1)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string': {
      const min = s.minLength ?? 0;
      // A pattern bounds the length itself (a media id is exactly 64 characters): no made-up maximum then.
      const max = s.maxLength ?? (typeof s.pattern === 'string' ? Infinity : min + 20);
      const what = JSON.stringify(s);
      // The pattern is what the validator tests (zod's email format is a pattern too).
      if (typeof s.pattern === 'string') {
        return fitting(fc.stringMatching(new RegExp(s.pattern)), (v) => v.length >= min && v.length <= max && v.trim() === v, what);
      }
      if (s.format === 'email') return fitting(fc.emailAddress(), (e) => e.length <= max, what);
      return text(min, max);
    }
    case 'integer': case 'number': {
      const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1000);
      const hi = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : lo + 100_000);
      return type === 'integer' ? fc.integer({ min: Math.ceil(lo), max: Math.floor(Math.min(hi, lo + 1e9)) })
        : fc.double({ min: lo, max: Math.min(hi, lo + 1e9), noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'array': {
      const min = s.minItems ?? 0;
      return fc.array(arbitraryOf(doc, s.items ?? {}, depth + 1), { minLength: min, maxLength: Math.min(s.maxItems ?? min + 3, min + 3) });
    }
    case 'object': {
      const props = Object.entries((s.properties ?? {}) as Record<string, S>)
        // `{not: {}}` documents a field that must not be sent.
        .filter(([, p]) => !(p.not && Object.keys(p.not).length === 0));
      // Optional fields are sent too: rules such as "send at least one field" then hold.
      return fc.record(Object.fromEntries(props.map(([k, p]) => [k, arbitraryOf(doc, p, depth + 1)])));
    }
    default:
      return fc.constantFrom(null, 'x', 1, true);
  }
}

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);

/** Where `value` breaks `schema` ("" when nowhere): types, enums, required and unknown fields, items. */
export function violations(doc: S, schema: S, value: unknown, at = '(answer)'): string[] {
  const s = deref(doc, schema);
  const out: string[] = [];
  if ('const' in s && s.const !== value) out.push(`${at}: expected ${JSON.stringify(s.const)}, got ${JSON.stringify(value)}`);
  if (Array.isArray(s.enum) && !s.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  const branches = s.anyOf ?? s.oneOf;
  if (Array.isArray(branches)) {
    const each = branches.map((b: S) => violations(doc, b, value, at));
    if (!each.some((e) => e.length === 0)) out.push(`${at}: fits no documented alternative (${each.map((e) => e[0]).join(' | ')})`);
  }
  if (s.type !== undefined) {
    const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
    const t = typeOf(value);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) return [...out, `${at}: expected ${types.join(' or ')}, got ${t}`];
  }
  if (typeOf(value) === 'object') {
    const v = value as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, S>;
    for (const k of s.required ?? []) if (!(k in v)) out.push(`${at}.${k}: required but missing`);
    for (const [k, x] of Object.entries(v)) {
      if (props[k]) out.push(...violations(doc, props[k], x, `${at}.${k}`));
      else if (s.additionalProperties === false) out.push(`${at}.${k}: not in the documented schema`);
      else if (typeof s.additionalProperties === 'object') out.push(...violations(doc, s.additionalProperties, x, `${at}.${k}`));
    }
  }
  if (Array.isArray(value) && s.items) value.forEach((x, i) => out.push(...violations(doc, s.items, x, `${at}.${i}`)));
  return out;
}
