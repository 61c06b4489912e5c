// The `openid-connect` plugin's config as Konnect checks and stores it on write, from Kong's own
// JSON schema of the plugin (`test/contract/specs/plugins/openid-connect-<version>.json`):
// - every field of the schema is accepted with its type; an unknown field, a wrong type, a value
//   outside an enum or a range, an empty string (Kong's strings are non-empty by default) is a 400
//   `validation error` whose details name `config.<field>` with Kong's message;
// - null means "unset" (as in Kong's Admin API): a field with a default gets the default, in the
//   order of Kong's own schema (`schema.lua`): the docs' JSON schemas list array defaults
//   alphabetically, Kong does not (`consumer_by` is username, custom_id; the `*_param_type` fields
//   header, query, body), and the order is behaviour (KONG_DEFAULT_ORDER);
// - the whole config is stored and returned: every field present, defaults filled in, nested
//   records filled the same way (a record with required fields of its own stays null), unset `null`;
// - `issuer` must be a URL; from 3.14 it may instead be a vault reference (`{vault://…}`).
//
// The control plane plays one Kong Gateway version (`EmulatorOptions.gatewayVersion`):
// - 3.15 (today's Konnect): `consumer_claims` is an array of claim paths. `consumer_claim` is no
//   field but a write-only shorthand, stored as `consumer_claims: [claim]` and never read back; a
//   write that sets both to different values is refused with Kong's message ("both deprecated and
//   new field are used but their values mismatch"), as Kong's shorthand fields do. ASSUMPTION:
//   "different" is compared strictly (`consumer_claims` must equal `[consumer_claim]`);
// - 3.13: `consumer_claim` is a field of its own, read back as written; `consumer_claims` is unknown.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { CoreErrorDetail } from '../api/errors.js';

export const GATEWAY_VERSIONS = ['3.13', '3.15'] as const;
export type GatewayVersion = (typeof GATEWAY_VERSIONS)[number];

export function isGatewayVersion(value: unknown): value is GatewayVersion {
  return typeof value === 'string' && (GATEWAY_VERSIONS as readonly string[]).includes(value);
}

/** The subset of JSON Schema Kong's plugin schemas use. */
interface FieldSchema {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  properties?: Record<string, FieldSchema>;
  items?: FieldSchema;
  required?: string[];
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  'x-referenceable'?: boolean;
}

interface PluginSchemaFile {
  properties: { config: FieldSchema };
}

interface LoadedSchema {
  config: FieldSchema;
  validate: ValidateFunction;
}

const loaded = new Map<GatewayVersion, LoadedSchema>();

/**
 * Array defaults in the order of Kong's `plugins-ee/openid-connect/kong/plugins/openid-connect/schema.lua`
 * (Kong/kong, commit 0395a2d8, 2024), where the docs' JSON schemas sort them alphabetically. The order
 * is what the plugin does: it looks for a bearer token in the headers first, and maps a Consumer by
 * username before custom_id.
 */
export const KONG_DEFAULT_ORDER: Readonly<Record<string, readonly string[]>> = {
  auth_methods: ['password', 'client_credentials', 'authorization_code', 'bearer', 'introspection', 'userinfo', 'kong_oauth2', 'refresh_token', 'session'],
  bearer_token_param_type: ['header', 'query', 'body'],
  client_credentials_param_type: ['header', 'query', 'body'],
  password_param_type: ['header', 'query', 'body'],
  id_token_param_type: ['header', 'query', 'body'],
  refresh_token_param_type: ['header', 'query', 'body'],
  logout_methods: ['POST', 'DELETE'],
  consumer_by: ['username', 'custom_id'],
};

/** The docs' config schema with Kong's default order put back (only where the two hold the same values). */
function withKongDefaultOrder(config: FieldSchema): FieldSchema {
  const properties = { ...config.properties };
  for (const [name, order] of Object.entries(KONG_DEFAULT_ORDER)) {
    const field = properties[name];
    const listed = field?.default;
    if (!field || !Array.isArray(listed)) continue;
    const sameValues = listed.length === order.length && order.every((value) => listed.includes(value));
    if (sameValues) properties[name] = { ...field, default: [...order] };
  }
  return { ...config, properties };
}

/** Compiled on first use (a few tens of milliseconds each), once per process. */
function schemaFor(version: GatewayVersion): LoadedSchema {
  let schema = loaded.get(version);
  if (!schema) {
    const file = new URL(`../../contract/specs/plugins/openid-connect-${version}.json`, import.meta.url);
    const config = withKongDefaultOrder((JSON.parse(readFileSync(file, 'utf8')) as PluginSchemaFile).properties.config);
    const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false, verbose: true });
    schema = { config, validate: ajv.compile(asKongValidates(config, true)) };
    loaded.set(version, schema);
  }
  return schema;
}

/**
 * The JSON Schema that refuses what Kong refuses: unknown fields at every level, empty strings,
 * `minLength` on an array as a minimum number of items; null allowed wherever a field is optional.
 */
function asKongValidates(field: FieldSchema, required: boolean): Record<string, unknown> {
  const { type, properties, items, enum: allowed, minimum, maximum, minLength } = field;
  const schema: Record<string, unknown> = {};
  if (minimum !== undefined) schema['minimum'] = minimum;
  if (maximum !== undefined) schema['maximum'] = maximum;
  if (type === 'object' && properties) {
    const requiredFields = field.required ?? [];
    schema['properties'] = Object.fromEntries(Object.entries(properties).map(([name, sub]) => [name, asKongValidates(sub, requiredFields.includes(name))]));
    schema['required'] = requiredFields;
    schema['additionalProperties'] = false;
  }
  if (type === 'array') {
    if (items) schema['items'] = asKongValidates(items, true);
    if (minLength !== undefined) schema['minItems'] = minLength;
  }
  if (type === 'string') schema['minLength'] = minLength ?? 1;
  if (allowed) schema['enum'] = required ? allowed : [...allowed, null];
  if (type) schema['type'] = required ? type : [type, 'null'];
  return schema;
}

export type OpenIdConnectWrite = { config: Record<string, unknown> } | { problems: CoreErrorDetail[] };

/** Checks a written config as Kong `version` does; on success, the config as Konnect stores and returns it. */
export function storedOpenIdConnectConfig(written: Record<string, unknown>, version: GatewayVersion): OpenIdConnectWrite {
  const schema = schemaFor(version);
  const expanded = expandShorthands(written, schema.config);
  if ('problems' in expanded) return expanded;
  const problems = schema.validate(expanded.config) ? [] : kongDetails(schema.validate.errors ?? []);
  problems.push(...issuerProblems(expanded.config, schema.config));
  if (problems.length > 0) return { problems };
  return { config: filled(schema.config, expanded.config) as Record<string, unknown> };
}

// ---------------------------------------------------------------- consumer_claim, the 3.14+ shorthand

const MISMATCH = 'both deprecated and new field are used but their values mismatch';

/** Kong translates a shorthand before validating, and refuses it on its own errors first. */
function expandShorthands(written: Record<string, unknown>, config: FieldSchema): OpenIdConnectWrite {
  if (config.properties?.['consumer_claim'] || !Object.hasOwn(written, 'consumer_claim')) return { config: written };
  const { consumer_claim: claim, ...rest } = written;
  if (claim === null) return { config: rest };
  const problem = (message: string): OpenIdConnectWrite => ({ problems: [fieldDetail('config.consumer_claim', message)] });
  if (!Array.isArray(claim)) return problem('expected an array');
  if (claim.some((name) => typeof name !== 'string' || name === '')) return problem('expected a string');
  const claims = rest['consumer_claims'];
  if (claims === undefined || claims === null) return { config: { ...rest, consumer_claims: [claim] } };
  if (!isDeepStrictEqual(claims, [claim])) {
    return problem(`${MISMATCH}: consumer_claim = ${JSON.stringify(claim)} vs consumer_claims = ${JSON.stringify(claims)}`);
  }
  return { config: rest };
}

// ---------------------------------------------------------------- Kong's messages

const fieldDetail = (field: string, message: string): CoreErrorDetail => ({ type: 'ERROR_TYPE_FIELD', field, messages: [message] });

const TYPE_MESSAGES: Record<string, string> = {
  string: 'expected a string',
  integer: 'expected an integer',
  number: 'expected a number',
  boolean: 'expected a boolean',
  array: 'expected an array',
  object: 'expected a record',
};

/** ajv's errors as Kong's: one message per field, the field named `config.a.b[0]`. */
function kongDetails(errors: ErrorObject[]): CoreErrorDetail[] {
  const byField = new Map<string, string>();
  for (const error of errors) {
    const { field, message } = kongMessage(error);
    if (!byField.has(field)) byField.set(field, message);
  }
  return [...byField].map(([field, message]) => fieldDetail(field, message));
}

function kongMessage(error: ErrorObject): { field: string; message: string } {
  const at = fieldName(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { field: `${at}.${String(params['additionalProperty'])}`, message: 'unknown field' };
    case 'required':
      return { field: `${at}.${String(params['missingProperty'])}`, message: 'required field missing' };
    case 'type': {
      if (error.data === null) return { field: at, message: 'required field missing' };
      const [type = ''] = String(params['type']).split(',');
      return { field: at, message: TYPE_MESSAGES[type] ?? `expected a ${type}` };
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).filter((value) => value !== null);
      return { field: at, message: `expected one of: ${allowed.join(', ')}` };
    }
    case 'minimum':
    case 'maximum':
      return { field: at, message: `value should be between ${String(parent['minimum'])} and ${String(parent['maximum'])}` };
    case 'minLength':
    case 'minItems':
      return { field: at, message: `length must be at least ${String(params['limit'])}` };
    default:
      return { field: at, message: error.message ?? 'invalid value' };
  }
}

/** `/consumer_claims/0/1` → `config.consumer_claims[0][1]`; `/redis/port` → `config.redis.port`. */
function fieldName(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .reduce((name, segment) => (/^\d+$/.test(segment) ? `${name}[${segment}]` : `${name}.${segment.replace(/~1/g, '/').replace(/~0/g, '~')}`), 'config');
}

const VAULT_REFERENCE = /^\{vault:\/\/[^{}\s]+\}$/;

/** Kong's `typedefs.url` for `issuer`: a URL with a host, or (where referenceable, 3.14+) a vault reference. */
function issuerProblems(config: Record<string, unknown>, schema: FieldSchema): CoreErrorDetail[] {
  const issuer = config['issuer'];
  if (typeof issuer !== 'string' || issuer === '') return [];
  if (schema.properties?.['issuer']?.['x-referenceable'] === true && VAULT_REFERENCE.test(issuer)) return [];
  return /^https?:\/\/[^\s/?#]+/.test(issuer) ? [] : [fieldDetail('config.issuer', 'missing host in url')];
}

// ---------------------------------------------------------------- what Konnect stores

/** `value` with every field of `schema` present: given values kept, the rest defaulted or null. */
function filled(schema: FieldSchema, value: unknown): unknown {
  if (schema.type === 'object' && schema.properties && isRecord(value)) {
    return Object.fromEntries(Object.entries(schema.properties).map(([name, field]) => [name, fieldValue(field, value[name])]));
  }
  if (schema.type === 'array' && schema.items && Array.isArray(value)) {
    const items = schema.items;
    return value.map((item) => filled(items, item));
  }
  return value;
}

function fieldValue(field: FieldSchema, value: unknown): unknown {
  if (value !== undefined && value !== null) return filled(field, value);
  if (field.default !== undefined) return structuredClone(field.default);
  // Kong builds a record that is not given from its fields' defaults, unless it needs values of its own.
  if (field.type === 'object' && field.properties && (field.required ?? []).length === 0) return filled(field, {});
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The defaults of a version's config: what a plugin written with only `issuer` reads back as. */
export function openIdConnectDefaults(version: GatewayVersion): Record<string, unknown> {
  return filled(schemaFor(version).config, {}) as Record<string, unknown>;
}
