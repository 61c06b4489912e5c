// Request checks: declared path and query parameters, then the JSON body.
import type { ErrorObject } from 'ajv';
import { parameterValidators, payloadValidators } from './compiled-validators.js';
import { requestJsonMediaType } from './media-types.js';
import type { ParameterObject, SchemaObject } from './openapi-types.js';
import { readQueryParameters } from './query-parameters.js';
import type { RoutedOperation } from './router.js';
import type { ApiName, LoadedSpec, Operation } from './spec-catalog.js';
import { ROOT_FIELD, violationsFromErrors, type Violation } from './violations.js';

/** Path and query parameters, validated as one object `{ path: {...}, query: {...} }` with one compiled schema. */
export function parameterViolations({ operation, pathParams }: RoutedOperation, query: URLSearchParams): Violation[] {
  const validate = parameterValidators.validatorFor(operation.spec, operation, () => parametersSchema(operation.parameters));
  const values = { path: { ...pathParams }, query: readQueryParameters(operation.parameters, query) };
  if (validate(values as unknown)) return []; // `as unknown`: keep ajv's type guard from narrowing `values`
  const errors = validate.errors ?? [];
  return [
    ...violationsFromErrors(errorsUnder(errors, '/path'), values.path, 'path', 'bracketed'),
    ...violationsFromErrors(errorsUnder(errors, '/query'), values.query, 'query', 'bracketed'),
  ];
}

function parametersSchema(parameters: readonly ParameterObject[]): SchemaObject {
  return {
    type: 'object',
    properties: {
      path: objectSchemaOf(parameters.filter((parameter) => parameter.in === 'path')),
      query: objectSchemaOf(parameters.filter((parameter) => parameter.in === 'query')),
    },
  };
}

/** Undeclared properties stay allowed: unknown query parameters are ignored, as Konnect does. */
function objectSchemaOf(parameters: readonly ParameterObject[]): SchemaObject {
  return {
    type: 'object',
    properties: Object.fromEntries(parameters.map((parameter) => [parameter.name, parameter.schema ?? {}])),
    // Path parameters are always required (OpenAPI); the router only matches non-empty segments anyway.
    required: parameters.filter((parameter) => parameter.required === true || parameter.in === 'path').map((parameter) => parameter.name),
  };
}

/** The errors located under `prefix`, re-rooted so their paths are relative to that sub-object. */
function errorsUnder(errors: readonly ErrorObject[], prefix: string): ErrorObject[] {
  return errors
    .filter((error) => error.instancePath === prefix || error.instancePath.startsWith(`${prefix}/`))
    .map((error) => ({ ...error, instancePath: error.instancePath.slice(prefix.length) }));
}

/** A body sent to an operation that declares none is ignored; a missing required body is a violation. */
export function requestBodyViolations(operation: Operation, body: unknown): Violation[] {
  const requestBody = operation.requestBody;
  if (requestBody === undefined) return [];
  if (body === undefined) {
    return requestBody.required === true ? [{ field: ROOT_FIELD, rule: 'required', reason: 'request body is required', source: 'body' }] : [];
  }
  const schema = requestJsonMediaType(requestBody.content)?.schema;
  if (schema === undefined) return [];
  const build = CLOSED_REQUEST_BODIES.has(operation.spec.api) ? () => closedAtTopLevel(operation.spec, schema) : () => schema;
  const validate = payloadValidators.validatorFor(operation.spec, schema, build);
  return validate(body) ? [] : violationsFromErrors(validate.errors ?? [], body, 'body', 'dotted');
}

/**
 * Konnect's platform APIs refuse a body field they do not know, read-only ones (`id`, `issuer`) included,
 * with a 400 "unknown field" (e.g. Kong/terraform-provider-konnect#193), although their specs leave request
 * objects open. (The core-entity spec closes its own schemas.)
 */
const CLOSED_REQUEST_BODIES: ReadonlySet<ApiName> = new Set(['kong-identity-v1', 'control-planes-v2']);

/** The request body schema with `additionalProperties: false`, when it is a plain object schema. */
function closedAtTopLevel(spec: LoadedSpec, schema: SchemaObject): SchemaObject {
  const resolved = resolveComponentRef(spec, schema);
  const isPlainObject = resolved['type'] === 'object' && typeof resolved['properties'] === 'object';
  const composed = ['allOf', 'anyOf', 'oneOf', 'additionalProperties'].some((keyword) => keyword in resolved);
  return isPlainObject && !composed ? { ...resolved, additionalProperties: false } : schema;
}

function resolveComponentRef(spec: LoadedSpec, schema: SchemaObject): SchemaObject {
  const name = typeof schema['$ref'] === 'string' ? /^#\/components\/schemas\/([^/]+)$/.exec(schema['$ref'])?.[1] : undefined;
  const target = name === undefined ? undefined : spec.componentSchemas[name];
  return typeof target === 'object' && target !== null ? (target as SchemaObject) : schema;
}
