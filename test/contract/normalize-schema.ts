// Turns an OpenAPI schema object (3.0 or 3.1 flavour) into a plain draft-07 JSON Schema that ajv validates
// without any OpenAPI-specific option. Doing this ourselves, rather than relying on ajv's `nullable` option,
// keeps behaviour identical for the 3.0 specs and for the 3.1 spec that still uses `nullable: true`.
import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { SchemaObject } from './openapi-types.js';

export interface NormalizeContext {
  /** ajv `$id` of the spec's registered components; `#/components/...` refs are made absolute against it. */
  readonly refBase: string;
}

/** Formats ajv-formats validates. Anything else (`url`, `path`, `set`…) is Kong-specific and ignored. */
const KNOWN_FORMATS: ReadonlySet<string> = new Set(Object.keys(fullFormats));

/** Annotations or OpenAPI extensions that carry no validation meaning for us (`x-*` is handled separately). */
const DROPPED_KEYWORDS: ReadonlySet<string> = new Set([
  'nullable', // rewritten into the type, see makeNullable
  'discriminator', // oneOf still validates; the mapping is only a hint for code generators
  'example', // OpenAPI 3.0 annotation, unknown to JSON Schema
  'xml',
  'externalDocs',
]);

/** Keywords whose value is a schema (or a boolean schema). */
const SUBSCHEMA_KEYWORDS: ReadonlySet<string> = new Set([
  'additionalProperties',
  'items',
  'additionalItems',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
]);

/** Keywords whose value is a list of schemas. */
const SUBSCHEMA_LIST_KEYWORDS: ReadonlySet<string> = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);

/** Keywords whose value maps names (property names, definition names) to schemas. */
const SUBSCHEMA_MAP_KEYWORDS: ReadonlySet<string> = new Set(['properties', 'patternProperties', 'dependentSchemas', 'dependencies', 'definitions', '$defs']);

export function normalizeSchema(schema: unknown, context: NormalizeContext): unknown {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema; // boolean schemas, and the name lists of `dependencies`
  const source = schema as SchemaObject;
  const result: SchemaObject = {};
  for (const [keyword, value] of Object.entries(source)) {
    if (keyword.startsWith('x-') || DROPPED_KEYWORDS.has(keyword)) continue;
    if (keyword === 'format' && !(typeof value === 'string' && KNOWN_FORMATS.has(value))) continue;
    result[keyword] = normalizeKeyword(keyword, value, context);
  }
  convertBooleanExclusiveBounds(result);
  return source['nullable'] === true ? makeNullable(result) : result;
}

function normalizeKeyword(keyword: string, value: unknown, context: NormalizeContext): unknown {
  if (keyword === '$ref' && typeof value === 'string') return absoluteRef(value, context);
  if (SUBSCHEMA_KEYWORDS.has(keyword)) {
    // `items` may still be a draft-04 tuple (a list of schemas).
    return Array.isArray(value) ? value.map((item) => normalizeSchema(item, context)) : normalizeSchema(value, context);
  }
  if (SUBSCHEMA_LIST_KEYWORDS.has(keyword) && Array.isArray(value)) {
    return value.map((item) => normalizeSchema(item, context));
  }
  if (SUBSCHEMA_MAP_KEYWORDS.has(keyword) && typeof value === 'object' && value !== null) {
    return mapValues(value as Record<string, unknown>, (item) => normalizeSchema(item, context));
  }
  // Everything else is either a plain constraint (minLength, required…) or data (enum, default, examples):
  // copied untouched, never walked, so a property or example that happens to be called `nullable` is safe.
  return value;
}

/** Only component refs point into the spec; other local refs (`#/$defs/...`) stay relative to their own schema. */
function absoluteRef(ref: string, context: NormalizeContext): string {
  return ref.startsWith('#/components/') ? `${context.refBase}${ref}` : ref;
}

/**
 * OpenAPI 3.0 `nullable: true` means "null is allowed too". With a `type`, null joins the type list (and the
 * enum, if any: otherwise an enum would still reject it). Without a type (e.g. a `$ref` or `allOf` sibling)
 * the whole schema becomes one alternative of an anyOf.
 */
function makeNullable(schema: SchemaObject): SchemaObject {
  const type = schema['type'];
  if (type === undefined) return { anyOf: [{ type: 'null' }, schema] };
  const types = Array.isArray(type) ? type : [type];
  const nullable: SchemaObject = { ...schema, type: types.includes('null') ? types : [...types, 'null'] };
  const allowed = schema['enum'];
  if (Array.isArray(allowed) && !allowed.includes(null)) nullable['enum'] = [...allowed, null];
  return nullable;
}

/**
 * OpenAPI 3.0 (draft-04 style) `exclusiveMinimum: true` + `minimum: n` becomes draft-07 `exclusiveMinimum: n`.
 * Mutates `schema`, which is always the fresh copy built by normalizeSchema.
 */
function convertBooleanExclusiveBounds(schema: SchemaObject): void {
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof schema[exclusive] !== 'boolean') continue;
    if (schema[exclusive] === true && typeof schema[bound] === 'number') {
      schema[exclusive] = schema[bound];
      delete schema[bound];
    } else {
      delete schema[exclusive];
    }
  }
}

function mapValues<T, U>(record: Record<string, T>, transform: (value: T) => U): Record<string, U> {
  const result: Record<string, U> = {};
  for (const [key, value] of Object.entries(record)) result[key] = transform(value);
  return result;
}
