// Reads the query parameters an operation declares out of a URLSearchParams, the way Konnect's specs declare
// them: plain names (`size`, `tags`, `force`), names that contain brackets (`page[size]`, `filter[name][eq]`,
// form style, matched literally), and `style: deepObject` objects (`filter` read from `filter[name][eq]=x`).
// Values stay strings; the validator coerces them to the declared types. Undeclared parameters are ignored.
import type { ParameterObject } from './openapi-types.js';

/** Declared query parameters that are present, by parameter name. */
export function readQueryParameters(parameters: readonly ParameterObject[], query: URLSearchParams): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const parameter of parameters) {
    if (parameter.in !== 'query') continue;
    const value = parameter.style === 'deepObject' ? readDeepObject(parameter, query) : readFormValue(parameter, query);
    if (value !== undefined) values[parameter.name] = value;
  }
  return values;
}

function readFormValue(parameter: ParameterObject, query: URLSearchParams): unknown {
  const values = query.getAll(parameter.name).filter((value) => !isAllowedEmpty(parameter, value));
  if (values.length === 0) return undefined;
  if (parameter.schema?.['type'] !== 'array') return values[0];
  // form style: exploded (the default) repeats the key, non-exploded joins with commas.
  return parameter.explode === false ? values.flatMap((value) => value.split(',')) : values;
}

/** `allowEmptyValue` lets a client send `page[size]=`; such a value counts as absent. */
function isAllowedEmpty(parameter: ParameterObject, value: string): boolean {
  return value === '' && parameter.allowEmptyValue === true;
}

/** `filter[name][eq]=x&filter[enabled]=true` → `{ name: { eq: 'x' }, enabled: 'true' }` for parameter `filter`. */
function readDeepObject(parameter: ParameterObject, query: URLSearchParams): Record<string, unknown> | undefined {
  let result: Record<string, unknown> | undefined;
  for (const [key, value] of query) {
    const path = bracketPath(parameter.name, key);
    if (path === undefined || isAllowedEmpty(parameter, value)) continue;
    result ??= emptyContainer();
    setNested(result, path, value);
  }
  return result;
}

/** `bracketPath('filter', 'filter[name][eq]')` → `['name', 'eq']`; undefined when `key` is not under `name`. */
function bracketPath(name: string, key: string): string[] | undefined {
  if (!key.startsWith(`${name}[`)) return undefined;
  const rest = key.slice(name.length);
  if (!/^(\[[^\][]*\])+$/.test(rest)) return undefined;
  return [...rest.matchAll(/\[([^\][]*)\]/g)].map((match) => match[1] ?? '');
}

/** Containers have no prototype, so hostile keys such as `filter[__proto__][x]` stay ordinary keys. */
function emptyContainer(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

function setNested(target: Record<string, unknown>, path: readonly string[], value: string): void {
  let container = target;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(container, key) ? container[key] : undefined;
    if (typeof next === 'object' && next !== null) {
      container = next as Record<string, unknown>;
    } else {
      const created = emptyContainer();
      container[key] = created;
      container = created;
    }
  }
  const last = path.at(-1);
  if (last !== undefined && !Object.hasOwn(container, last)) container[last] = value; // first occurrence wins, as for form values
}
