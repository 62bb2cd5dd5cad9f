/**
 * The parts of an OpenAPI 3.1 document the reference page reads (server/openapi/ writes it), and pure
 * helpers that turn its JSON Schemas into rows a person can scan: field, type, required, rules.
 */
export type Schema = Record<string, unknown> & {
  $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; required?: string[];
  items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; enum?: unknown[]; const?: unknown; description?: string;
  additionalProperties?: boolean | Schema;
};

export interface Parameter { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: Schema; description?: string }
export interface MediaType { schema?: Schema }
export interface Response { description: string; content?: Record<string, MediaType> }
export interface Operation {
  operationId: string; summary?: string; description?: string; tags?: string[]; security?: unknown[];
  parameters?: Parameter[]; requestBody?: { required?: boolean; description?: string; content: Record<string, MediaType> };
  responses: Record<string, Response>;
}
export interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string; description?: string };
  tags?: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema>; securitySchemes?: Record<string, { type: string; scheme?: string; in?: string; name?: string; description?: string }> };
}

export interface Endpoint { method: string; path: string; op: Operation }
export interface Section { tag: string; description?: string; endpoints: Endpoint[] }

const METHOD_ORDER = ['get', 'post', 'put', 'patch', 'delete'];

/** Operations by tag, in the document's tag order, each tag's routes by path then method. */
export function sections(doc: OpenApiDoc, filter = ''): Section[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const byTag = new Map<string, Endpoint[]>((doc.tags ?? []).map((t) => [t.name, []]));
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const text = `${method} ${path} ${op.summary ?? ''} ${op.tags?.join(' ') ?? ''}`.toLowerCase();
      if (!words.every((w) => text.includes(w))) continue;
      const tag = op.tags?.[0] ?? 'Other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push({ method: method.toUpperCase(), path, op });
    }
  }
  const rank = (m: string) => METHOD_ORDER.indexOf(m.toLowerCase());
  return [...byTag].filter(([, e]) => e.length > 0).map(([tag, endpoints]) => ({
    tag,
    description: doc.tags?.find((t) => t.name === tag)?.description,
    endpoints: endpoints.sort((a, b) => a.path.localeCompare(b.path) || rank(a.method) - rank(b.method)),
  }));
}

/** Follows `#/components/schemas/…` (the only references the document holds). */
export function resolve(doc: OpenApiDoc, s: Schema): Schema {
  let out = s;
  for (let i = 0; i < 20 && typeof out.$ref === 'string'; i++) {
    out = doc.components?.schemas?.[out.$ref.replace('#/components/schemas/', '')] ?? {};
  }
  return out;
}

const branchesOf = (s: Schema) => s.anyOf ?? s.oneOf;

/** "string", "integer or null", "array of object", "one of …": what a reader types in. */
export function typeLabel(doc: OpenApiDoc, schema: Schema): string {
  const s = resolve(doc, schema);
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.length === 1 ? JSON.stringify(s.enum[0]) : 'enum';
  const branches = branchesOf(s);
  if (branches) return [...new Set(branches.map((b) => typeLabel(doc, b)))].join(' or ');
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length === 0) return 'any';
  return types.map((t) => (t === 'array' && s.items ? `array of ${typeLabel(doc, s.items)}` : t)).join(' or ');
}

/** The rules a value must follow, as short phrases: enum values, bounds, pattern, default. */
export function rulesOf(doc: OpenApiDoc, schema: Schema): string[] {
  const s = resolve(doc, schema);
  const out: string[] = [];
  const n = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : undefined);
  if (Array.isArray(s.enum) && s.enum.length > 1) out.push(`one of ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  if (n('minLength') !== undefined || n('maxLength') !== undefined) out.push(bounds('characters', n('minLength'), n('maxLength')));
  if (n('minItems') !== undefined || n('maxItems') !== undefined) out.push(bounds('items', n('minItems'), n('maxItems')));
  if (n('minimum') !== undefined) out.push(`≥ ${n('minimum')}`);
  if (n('exclusiveMinimum') !== undefined) out.push(`> ${n('exclusiveMinimum')}`);
  if (n('maximum') !== undefined) out.push(`≤ ${n('maximum')}`);
  if (n('exclusiveMaximum') !== undefined) out.push(`< ${n('exclusiveMaximum')}`);
  if (typeof s.format === 'string') out.push(`format ${s.format}`);
  if (typeof s.pattern === 'string' && s.format === undefined) out.push(`pattern ${s.pattern}`);
  if ('default' in s) out.push(`default ${JSON.stringify(s.default)}`);
  return out;
}

function bounds(unit: string, min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return min === max ? `${min} ${unit}` : `${min}–${max} ${unit}`;
  return min !== undefined ? `at least ${min} ${unit}` : `at most ${max} ${unit}`;
}

/** One line of a schema's field table. */
export interface FieldRow {
  /** `a.b[].c`: where the field sits. */
  path: string;
  depth: number;
  type: string;
  required: boolean;
  rules: string[];
  description?: string;
}

/**
 * The fields of a schema, depth first: an object's properties, an array's item fields as `name[]`, the
 * fields of each object alternative of a union. References already being expanded stop there (recursive
 * schemas such as a conversation's messages), and so does depth 6: enough for every body Triad takes.
 */
export function fieldRows(doc: OpenApiDoc, schema: Schema): FieldRow[] {
  const rows: FieldRow[] = [];
  const walk = (raw: Schema, prefix: string, depth: number, seen: Set<string>) => {
    if (depth > 6) return;
    const ref = typeof raw.$ref === 'string' ? raw.$ref : null;
    if (ref && seen.has(ref)) return;
    const nextSeen = ref ? new Set([...seen, ref]) : seen;
    const s = resolve(doc, raw);
    const branches = branchesOf(s);
    if (branches) {
      for (const b of branches) walk(b, prefix, depth, nextSeen);
      return;
    }
    if (s.items) walk(s.items, prefix ? `${prefix}[]` : '[]', depth, nextSeen);
    const required = new Set(s.required ?? []);
    for (const [name, p] of Object.entries(s.properties ?? {})) {
      const path = prefix ? `${prefix}.${name}` : name;
      if (rows.some((r) => r.path === path)) continue;
      const ps = resolve(doc, p);
      rows.push({ path, depth, type: typeLabel(doc, p), required: required.has(name), rules: rulesOf(doc, p), description: ps.description ?? p.description });
      walk(p, path, depth + 1, nextSeen);
    }
  };
  walk(schema, '', 0, new Set());
  return rows;
}

/** An operation needs a token or session unless it says `security: []`. */
export const isPublic = (op: Operation) => Array.isArray(op.security) && op.security.length === 0;

/** A plausible value of a schema, for the curl line of each operation: defaults, first enum values, required fields. */
export function exampleOf(doc: OpenApiDoc, schema: Schema, depth = 0, seen: ReadonlySet<string> = new Set()): unknown {
  const ref = typeof schema.$ref === 'string' ? schema.$ref : null;
  if (depth > 5 || (ref && seen.has(ref))) return null;
  const inner = ref ? new Set([...seen, ref]) : seen;
  const s = resolve(doc, schema);
  if ('default' in s) return s.default;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  const branches = branchesOf(s);
  if (branches) return exampleOf(doc, branches[0], depth + 1, inner);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const required = new Set(s.required ?? []);
      const props = Object.entries(s.properties ?? {}).filter(([k]) => required.has(k) || required.size === 0);
      return Object.fromEntries(props.map(([k, p]) => [k, exampleOf(doc, p, depth + 1, inner)]));
    }
    case 'array': return s.items ? [exampleOf(doc, s.items, depth + 1, inner)] : [];
    case 'integer': case 'number': return typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : 1;
    case 'boolean': return false;
    case 'string': return s.format === 'email' ? 'ann@example.com' : 'text';
    default: return null;
  }
}
