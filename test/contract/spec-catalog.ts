// Loads Kong's OpenAPI specs on first use (one YAML parse per spec per process) and flattens them into
// operations with every `$ref` to a parameter, request body or response already resolved.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { normalizeSchema } from './normalize-schema.js';
import {
  HTTP_METHODS,
  isReference,
  type HttpMethod,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  type PathItemObject,
  type ReferenceObject,
  type RequestBodyObject,
  type ResponseObject,
} from './openapi-types.js';

export type ApiName = 'kong-identity-v1' | 'control-planes-v2' | 'control-planes-config-v2';

/**
 * Which spec serves which URL prefix. The prefix is written here (and checked against the spec's `servers`)
 * so a `/v1` request never pays for parsing the 385 KB `/v2` configuration spec.
 */
const CATALOG: ReadonlyArray<{ api: ApiName; basePath: string }> = [
  { api: 'kong-identity-v1', basePath: '/v1' },
  { api: 'control-planes-v2', basePath: '/v2' },
  { api: 'control-planes-config-v2', basePath: '/v2' },
];

export interface Operation {
  readonly spec: LoadedSpec;
  readonly method: HttpMethod;
  readonly operationId: string;
  /** Full template including the base path, e.g. `/v1/auth-servers/{authServerId}`. */
  readonly pathTemplate: string;
  /** `pathTemplate` split on `/`, without the leading empty segment. */
  readonly segments: readonly string[];
  /** Path-item and operation parameters merged (the operation's win), references resolved. */
  readonly parameters: readonly ParameterObject[];
  readonly requestBody: RequestBodyObject | undefined;
  /** Keyed by status code, range (`4XX`) or `default`, references resolved. */
  readonly responses: Readonly<Record<string, ResponseObject>>;
  /** True when a security requirement applies, i.e. the server may answer 401. */
  readonly secured: boolean;
}

export interface LoadedSpec {
  readonly api: ApiName;
  readonly basePath: string;
  /** ajv `$id` under which `componentSchemas` are registered. */
  readonly schemaId: string;
  readonly componentSchemas: Readonly<Record<string, unknown>>;
  readonly operations: readonly Operation[];
  /**
   * Responses some operation of this spec declares through `#/components/responses/...`, by status code.
   * They are what the spec says a status looks like in general, used for statuses an operation omits.
   */
  readonly sharedResponses: ReadonlyMap<string, readonly ResponseObject[]>;
}

const loadedSpecs = new Map<ApiName, LoadedSpec>();

/** The specs that may serve `pathname`, loading them if needed. */
export function specsServing(pathname: string): LoadedSpec[] {
  return CATALOG.filter(({ basePath }) => pathname.startsWith(`${basePath}/`)).map(({ api }) => loadSpec(api));
}

export function loadSpec(api: ApiName): LoadedSpec {
  let spec = loadedSpecs.get(api);
  if (spec === undefined) {
    spec = buildSpec(api, readDocument(api));
    loadedSpecs.set(api, spec);
  }
  return spec;
}

function readDocument(api: ApiName): OpenApiDocument {
  const text = readFileSync(new URL(`./specs/${api}.yaml`, import.meta.url), 'utf8');
  // The specs are trusted, unmodified copies: skipping the duplicate-key check makes the 385 KB parse ~25% faster.
  return parseYaml(text, { uniqueKeys: false }) as OpenApiDocument;
}

function buildSpec(api: ApiName, document: OpenApiDocument): LoadedSpec {
  const basePath = expectedBasePath(api);
  assertServersMatch(api, document, basePath);
  const schemaId = `https://kong-contract.local/${api}.json`;
  const componentSchemas: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    componentSchemas[name] = normalizeSchema(schema, { refBase: schemaId });
  }
  const operations: Operation[] = [];
  const spec: LoadedSpec = { api, basePath, schemaId, componentSchemas, operations, sharedResponses: collectSharedResponses(document) };
  for (const [path, pathItem] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (operation !== undefined) operations.push(buildOperation(spec, document, `${basePath}${path}`, method, pathItem, operation));
    }
  }
  return spec;
}

function expectedBasePath(api: ApiName): string {
  const entry = CATALOG.find((candidate) => candidate.api === api);
  if (entry === undefined) throw new Error(`unknown API ${api}`);
  return entry.basePath;
}

function assertServersMatch(api: ApiName, document: OpenApiDocument, basePath: string): void {
  for (const server of document.servers ?? []) {
    const serverPath = new URL(server.url).pathname.replace(/\/$/, '');
    if (serverPath !== basePath) throw new Error(`${api}: server ${server.url} is not under ${basePath}; update the catalog`);
  }
}

function buildOperation(
  spec: LoadedSpec,
  document: OpenApiDocument,
  pathTemplate: string,
  method: HttpMethod,
  pathItem: PathItemObject,
  operation: OperationObject,
): Operation {
  const responses: Record<string, ResponseObject> = {};
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    responses[normalizeStatusKey(status)] = resolve(document, response);
  }
  return {
    spec,
    method,
    operationId: operation.operationId ?? `${method} ${pathTemplate}`,
    pathTemplate,
    segments: pathTemplate.split('/').slice(1),
    parameters: mergeParameters(document, pathItem.parameters ?? [], operation.parameters ?? []),
    requestBody: operation.requestBody === undefined ? undefined : resolve(document, operation.requestBody),
    responses,
    secured: hasSecurityRequirement(operation.security ?? document.security),
  };
}

/** `4xx` and `4XX` are the same range; `default` stays lower-case. */
function normalizeStatusKey(status: string): string {
  return status.toLowerCase() === 'default' ? 'default' : status.toUpperCase();
}

/** Operation-level parameters override path-level ones with the same name and location (OpenAPI rule). */
function mergeParameters(
  document: OpenApiDocument,
  pathLevel: ReadonlyArray<ParameterObject | ReferenceObject>,
  operationLevel: ReadonlyArray<ParameterObject | ReferenceObject>,
): ParameterObject[] {
  const byLocationAndName = new Map<string, ParameterObject>();
  for (const parameter of [...pathLevel, ...operationLevel].map((candidate) => resolve(document, candidate))) {
    byLocationAndName.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  return [...byLocationAndName.values()];
}

/** An empty requirement object (`{}`) means "anonymous access allowed". */
function hasSecurityRequirement(security: unknown[] | undefined): boolean {
  if (security === undefined || security.length === 0) return false;
  return security.every((requirement) => typeof requirement === 'object' && requirement !== null && Object.keys(requirement).length > 0);
}

function collectSharedResponses(document: OpenApiDocument): Map<string, ResponseObject[]> {
  const refsByStatus = new Map<string, Set<string>>();
  for (const pathItem of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      for (const [status, response] of Object.entries(pathItem[method]?.responses ?? {})) {
        if (!isReference(response) || !response.$ref.startsWith('#/components/responses/')) continue;
        const refs = refsByStatus.get(status) ?? new Set<string>();
        refs.add(response.$ref);
        refsByStatus.set(status, refs);
      }
    }
  }
  const shared = new Map<string, ResponseObject[]>();
  for (const [status, refs] of refsByStatus) {
    shared.set(
      status,
      [...refs].map((ref) => resolve<ResponseObject>(document, { $ref: ref })),
    );
  }
  return shared;
}

/** Follows local `#/...` references (possibly chained) to the object they point at. */
function resolve<T extends object>(document: OpenApiDocument, value: T | ReferenceObject): T {
  let current: unknown = value;
  for (let hops = 0; isReference(current); hops++) {
    if (hops > 20) throw new Error(`reference cycle at ${current.$ref}`);
    current = followPointer(document, current.$ref);
  }
  return current as T;
}

function followPointer(document: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local references are supported, got ${ref}`);
  let target: unknown = document;
  for (const token of ref.slice(2).split('/')) {
    const key = decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~');
    target = typeof target === 'object' && target !== null ? (target as Record<string, unknown>)[key] : undefined;
    if (target === undefined) throw new Error(`unresolvable reference ${ref}`);
  }
  return target;
}
