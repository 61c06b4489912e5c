// Translates ajv errors into Konnect-style invalid parameters: a field path, a rule from Konnect's
// `InvalidRules` vocabulary where one fits (min_length/max/enum… otherwise) and a human reason.
import type { ErrorObject } from 'ajv';

export type ViolationSource = 'body' | 'query' | 'path' | 'response';

export interface Violation {
  /**
   * `allow_scopes[0]`, `config.issuer`, `page[size]`, `filter[name][eq]`, `authServerId`; `$` is the whole body.
   * Response-level problems use `status` (undeclared status) and `content-type`; an unknown operation, the path.
   */
  field: string;
  rule: string;
  reason: string;
  source: ViolationSource;
}

export const ROOT_FIELD = '$';

/** How a location inside the validated value is written out as `field`. */
export type FieldStyle = 'dotted' | 'bracketed';

export function violationsFromErrors(errors: readonly ErrorObject[], data: unknown, source: ViolationSource, style: FieldStyle): Violation[] {
  const violations = explainComposites(errors).map((error) => ({
    field: fieldOf(error, data, style),
    ...ruleAndReason(error),
    source,
  }));
  return uniqueViolations(violations);
}

/**
 * ajv explains a failed oneOf/anyOf with the errors of every alternative, then the composite error itself.
 * Reporting all of them mostly says "you are not alternative N", so only the alternative that came closest
 * (fewest errors) is kept, which is what a client needs to fix. If no alternative explains the failure
 * (a oneOf that matched twice), the composite error is reported as such. A failed `if` is dropped too:
 * its `then`/`else` error carries the meaning.
 */
function explainComposites(errors: readonly ErrorObject[]): ErrorObject[] {
  const kept: ErrorObject[] = [];
  for (const error of errors) {
    if (error.keyword === 'if') continue;
    if (error.keyword !== 'oneOf' && error.keyword !== 'anyOf') {
      kept.push(error);
      continue;
    }
    // The alternatives' errors were emitted just before the composite error, inside its instance subtree.
    const explained: ErrorObject[] = [];
    while (kept.length > 0 && isAlternativeError(kept[kept.length - 1], error)) explained.unshift(kept.pop() as ErrorObject);
    kept.push(...closestAlternative(explained, error));
  }
  return kept;
}

/**
 * Best effort: an alternative's error sits in the composite's instance subtree and comes either from an inline
 * alternative (`…/oneOf/2/…`) or from a referenced component other than the one holding the composite.
 */
function isAlternativeError(candidate: ErrorObject | undefined, composite: ErrorObject): boolean {
  if (candidate === undefined || !isWithin(candidate.instancePath, composite.instancePath)) return false;
  return alternativeKey(candidate, composite) !== undefined;
}

function alternativeKey(error: ErrorObject, composite: ErrorObject): string | undefined {
  const inlinePrefix = `${composite.schemaPath}/`;
  if (error.schemaPath.startsWith(inlinePrefix)) return `inline:${error.schemaPath.slice(inlinePrefix.length).split('/')[0] ?? ''}`;
  const component = componentName(error.schemaPath);
  return component !== undefined && component !== componentName(composite.schemaPath) ? `component:${component}` : undefined;
}

function componentName(schemaPath: string): string | undefined {
  return /#\/components\/schemas\/([^/]+)/.exec(schemaPath)?.[1];
}

function closestAlternative(explained: readonly ErrorObject[], composite: ErrorObject): ErrorObject[] {
  const byAlternative = new Map<string, ErrorObject[]>();
  for (const error of explained) {
    const key = alternativeKey(error, composite) ?? '';
    byAlternative.set(key, [...(byAlternative.get(key) ?? []), error]);
  }
  // The `{ type: 'null' }` alternative added for `nullable` is never the interesting one.
  const candidates = [...byAlternative.values()].filter((group) => !(group.length === 1 && isNullTypeError(group[0])));
  if (candidates.length === 0) return [composite];
  return candidates.reduce((closest, group) => (group.length < closest.length ? group : closest));
}

function isNullTypeError(error: ErrorObject | undefined): boolean {
  return error?.keyword === 'type' && String((error.params as { type?: unknown }).type) === 'null';
}

function isWithin(instancePath: string, ancestor: string): boolean {
  return instancePath === ancestor || instancePath.startsWith(`${ancestor}/`);
}

function fieldOf(error: ErrorObject, data: unknown, style: FieldStyle): string {
  const segments = pointerSegments(error.instancePath);
  const property = propertyNamed(error);
  if (property !== undefined) segments.push(property);
  return segments.length === 0 ? ROOT_FIELD : formatSegments(segments, data, style);
}

/** For `required`/`additionalProperties` the offending property is a parameter, not part of the path. */
function propertyNamed(error: ErrorObject): string | undefined {
  const params = error.params as { missingProperty?: unknown; additionalProperty?: unknown };
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') return params.missingProperty;
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') return params.additionalProperty;
  return undefined;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/**
 * dotted: `config.auth_methods[0]` (array positions in brackets, so the data is walked to tell an index from a key);
 * bracketed: `filter[name][eq]`, the way the client wrote the query parameter.
 */
function formatSegments(segments: readonly string[], data: unknown, style: FieldStyle): string {
  const [first, ...rest] = segments;
  let field = first ?? '';
  if (style === 'bracketed') return field + rest.map((segment) => `[${segment}]`).join('');
  let container = valueAt(data, first);
  if (Array.isArray(data)) field = `[${field}]`;
  for (const segment of rest) {
    field += Array.isArray(container) ? `[${segment}]` : `.${segment}`;
    container = valueAt(container, segment);
  }
  return field;
}

function valueAt(container: unknown, key: string | undefined): unknown {
  if (key === undefined || typeof container !== 'object' || container === null) return undefined;
  return Object.hasOwn(container, key) ? (container as Record<string, unknown>)[key] : undefined;
}

function ruleAndReason(error: ErrorObject): { rule: string; reason: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { rule: 'required', reason: 'is a required field' };
    case 'additionalProperties':
      return { rule: 'unknown_property', reason: 'is an unknown property' };
    case 'type':
      return typeRule(String(params['type']));
    case 'format':
      return formatRule(String(params['format']));
    case 'pattern':
      return { rule: 'matches_regex', reason: `must match the pattern ${String(params['pattern'])}` };
    case 'enum':
      return { rule: 'enum', reason: `must be one of [${listValues(params['allowedValues'])}]` };
    case 'const':
      return { rule: 'enum', reason: `must be one of [${listValues([params['allowedValue']])}]` };
    case 'minLength':
      return { rule: 'min_length', reason: `must have at least ${String(params['limit'])} characters` };
    case 'maxLength':
      return { rule: 'max_length', reason: `must have at most ${String(params['limit'])} characters` };
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum':
      return boundRule(error.keyword, params);
    case 'minItems':
      return { rule: 'min_items', reason: `must have at least ${String(params['limit'])} items` };
    case 'maxItems':
      return { rule: 'max_items', reason: `must have at most ${String(params['limit'])} items` };
    case 'uniqueItems':
      return { rule: 'unique_items', reason: `must not contain duplicates (items ${String(params['j'])} and ${String(params['i'])} are equal)` };
    case 'minProperties':
      return { rule: 'min_properties', reason: `must have at least ${String(params['limit'])} properties` };
    case 'maxProperties':
      return { rule: 'max_properties', reason: `must have at most ${String(params['limit'])} properties` };
    case 'dependencies':
    case 'dependentRequired':
      return { rule: 'dependent_fields', reason: `requires ${String(params['deps'])} when ${String(params['property'])} is set` };
    case 'oneOf':
      return { rule: 'invalid', reason: 'must match exactly one of the allowed schemas' };
    case 'anyOf':
      return { rule: 'invalid', reason: 'must match at least one of the allowed schemas' };
    case 'false schema':
      return { rule: 'unknown_property', reason: 'is not allowed' };
    default:
      return { rule: 'invalid', reason: error.message ?? `fails ${error.keyword}` };
  }
}

const TYPE_NOUNS: Readonly<Record<string, string>> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  array: 'an array',
  object: 'an object',
  null: 'null',
};

/** ajv reports nullable types as `string,null`; the rule names the non-null type (`is_string`). */
function typeRule(typeList: string): { rule: string; reason: string } {
  const types = typeList.split(',');
  const nonNull = types.filter((type) => type !== 'null');
  const rule = nonNull.length === 1 ? `is_${nonNull[0] ?? ''}` : 'type';
  const reason = `must be ${types.map((type) => TYPE_NOUNS[type] ?? type).join(' or ')}`;
  return { rule, reason };
}

const FORMAT_RULES: Readonly<Record<string, { rule: string; noun: string }>> = {
  uuid: { rule: 'is_uuid', noun: 'a UUID' },
  'date-time': { rule: 'is_date_time', noun: 'an RFC 3339 date-time' },
  hostname: { rule: 'is_fqdn', noun: 'a hostname' },
  byte: { rule: 'is_base64', noun: 'base64' },
};

function formatRule(format: string): { rule: string; reason: string } {
  const known = FORMAT_RULES[format];
  return known ? { rule: known.rule, reason: `must be ${known.noun}` } : { rule: 'invalid', reason: `must be a valid ${format}` };
}

function boundRule(keyword: string, params: Record<string, unknown>): { rule: string; reason: string } {
  const comparison = String(params['comparison']);
  const rule = keyword === 'minimum' || keyword === 'exclusiveMinimum' ? 'min' : 'max';
  return { rule, reason: `must be ${comparison} ${String(params['limit'])}` };
}

/** Go-style list, as Konnect prints choices: `[client_credentials implicit]`. */
function listValues(values: unknown): string {
  if (!Array.isArray(values)) return '';
  return values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(' ');
}

function uniqueViolations(violations: readonly Violation[]): Violation[] {
  const seen = new Set<string>();
  return violations.filter((violation) => {
    const key = `${violation.field}\u0000${violation.rule}\u0000${violation.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
