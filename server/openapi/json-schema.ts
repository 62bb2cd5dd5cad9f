import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/**
 * zod → JSON Schema 2020-12 (OpenAPI 3.1's dialect) with zod's own converter. `io: 'input'` for what a
 * client sends (fields with defaults are optional), `output` for what the server answers. Refinements
 * (cross-field rules such as "send at least one field") have no JSON Schema form: the validator still
 * applies them, and their messages name the field.
 *
 * Definitions a schema reuses or nests recursively come out as `$defs`; an OpenAPI document resolves `#`
 * against the whole document, so they move to `components.schemas` under names unique in the document.
 */
export class SchemaConverter {
  readonly components: Record<string, JsonSchema> = {};
  private seq = 0;

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const out = z.toJSONSchema(schema, {
      io, unrepresentable: 'any', target: 'draft-2020-12',
      // z.number().int() says "safe integer" as ±2^53 bounds: noise to a reader, and true of every id here.
      override: ({ jsonSchema: j }) => {
        if (j.minimum === Number.MIN_SAFE_INTEGER) delete j.minimum;
        if (j.maximum === Number.MAX_SAFE_INTEGER) delete j.maximum;
      },
    }) as JsonSchema;
    delete out.$schema;
    const defs = (out.$defs ?? {}) as Record<string, JsonSchema>;
    delete out.$defs;
    if (Object.keys(defs).length === 0) return out;
    const names = new Map<string, string>();
    for (const key of Object.keys(defs)) names.set(key, `Def${++this.seq}`);
    const rename = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(rename);
      if (typeof v !== 'object' || v === null) return v;
      return Object.fromEntries(Object.entries(v).map(([k, x]) => {
        if (k === '$ref' && typeof x === 'string' && x.startsWith('#/$defs/')) return [k, `#/components/schemas/${names.get(x.slice(8))}`];
        return [k, rename(x)];
      }));
    };
    for (const [key, def] of Object.entries(defs)) this.components[names.get(key)!] = rename(def) as JsonSchema;
    return rename(out) as JsonSchema;
  }
}

/** The properties of an object schema (params and query), with whether each is required. */
export function objectProperties(schema: JsonSchema): Array<{ name: string; schema: JsonSchema; required: boolean }> {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({ name, schema: s, required: required.has(name) }));
}
