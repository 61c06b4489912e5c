import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { matchOperation, validateRequest, validateResponse, type Violation } from './index.js';
import { isMoreSpecific } from './router.js';

const AUTH_SERVER_ID = 'd32d905a-ed33-46a3-a093-d8f536af9a8a';
const CONTROL_PLANE_ID = '9524ec7d-36d9-465d-a8c5-83a3c9390458';
const SCOPE_ID = 'c5e12516-182c-4928-ae04-05374b3b1cca';
const AUTH_SERVERS = '/v1/auth-servers';
const CLIENTS = `/v1/auth-servers/${AUTH_SERVER_ID}/clients`;
const CONTROL_PLANES = '/v2/control-planes';
const PLUGINS = `/v2/control-planes/${CONTROL_PLANE_ID}/core-entities/plugins`;
const NO_QUERY = new URLSearchParams();

const CREATE_AUTH_SERVER = { name: 'Appointments Dev', audience: 'http://myhttpbin.dev', description: 'Auth server for the Appointments dev environment' };
// As in Kong's "Configure Kong Identity" how-to.
const CREATE_CLIENT = {
  name: 'Client',
  grant_types: ['client_credentials'],
  allow_all_scopes: false,
  allow_scopes: [SCOPE_ID],
  access_token_duration: 3600,
  id_token_duration: 3600,
  response_types: ['id_token', 'token'],
};
const CREATE_PLUGIN = { name: 'openid-connect', config: { issuer: 'https://x/auth', auth_methods: ['bearer'] }, tags: ['x'] };

const AUTH_SERVER = {
  id: AUTH_SERVER_ID,
  name: 'Appointments Dev',
  description: 'Auth server for the Appointments dev environment',
  audience: 'http://myhttpbin.dev',
  signing_algorithm: 'RS256',
  issuer: 'https://3a4b1c2d.us.identity.konghq.com/auth',
  metadata_uri: 'https://3a4b1c2d.us.identity.konghq.com/auth/.well-known/openid-configuration',
  jwks_uri: 'https://3a4b1c2d.us.identity.konghq.com/auth/.well-known/jwks',
  labels: {},
  created_at: '2025-01-20T09:29:14.52Z',
  updated_at: '2025-01-20T09:29:14.52Z',
};
const CLIENT = {
  ...CREATE_CLIENT,
  id: 'kYa9iQFU5xPDSIUH9z1z',
  redirect_uris: [],
  login_uri: null,
  labels: {},
  token_endpoint_auth_method: 'client_secret_post',
  created_at: '2025-01-20T09:29:14.52Z',
  updated_at: '2025-01-20T09:29:14.52Z',
};
const SCOPE = {
  id: SCOPE_ID,
  name: 'appointments:read',
  description: 'Read appointments',
  default: false,
  include_in_metadata: false,
  enabled: true,
  created_at: '2025-01-20T09:29:14.52Z',
  updated_at: '2025-01-20T09:29:14.52Z',
};
const CONTROL_PLANE = {
  id: CONTROL_PLANE_ID,
  name: 'ci',
  description: '',
  labels: { env: 'ci' },
  config: {
    control_plane_endpoint: 'https://acfe5f253f.us.cp0.konghq.com',
    telemetry_endpoint: 'https://acfe5f253f.us.tp0.konghq.com',
    cluster_type: 'CLUSTER_TYPE_CONTROL_PLANE',
    auth_type: 'pinned_client_certs',
    cloud_gateway: false,
    proxy_urls: [],
  },
  created_at: '2025-01-20T09:29:14.52Z',
  updated_at: '2025-01-20T09:29:14.52Z',
};
const PLUGIN = {
  ...CREATE_PLUGIN,
  id: 'b6c7f6a0-51a5-4cba-a0d5-0a8cbd2ac2a1',
  enabled: true,
  protocols: ['grpc', 'grpcs', 'http', 'https'],
  consumer: null,
  route: null,
  service: null,
  created_at: 1737365354,
  updated_at: 1737365354,
};
const PAGE_META = { page: { number: 1, size: 10, total: 1 } };

function bodyViolation(field: string, rule: string, reason: string): Violation {
  return { field, rule, reason, source: 'body' };
}

describe('matchOperation', () => {
  it('finds Kong Identity operations and decodes their path parameters', () => {
    expect(matchOperation('POST', CLIENTS)).toEqual({
      api: 'kong-identity-v1',
      operationId: 'createAuthServerClient',
      pathTemplate: '/v1/auth-servers/{authServerId}/clients',
      pathParams: { authServerId: AUTH_SERVER_ID },
    });
    expect(matchOperation('get', '/v1/auth-servers/a%20b')?.pathParams).toEqual({ authServerId: 'a b' });
  });

  it('tells the two /v2 specs apart', () => {
    expect(matchOperation('GET', CONTROL_PLANES)).toMatchObject({ api: 'control-planes-v2', operationId: 'list-control-planes' });
    expect(matchOperation('POST', PLUGINS)).toEqual({
      api: 'control-planes-config-v2',
      operationId: 'create-plugin',
      pathTemplate: '/v2/control-planes/{controlPlaneId}/core-entities/plugins',
      pathParams: { controlPlaneId: CONTROL_PLANE_ID },
    });
  });

  it('prefers a literal segment over a templated one', () => {
    expect(matchOperation('GET', `/v2/control-planes/${CONTROL_PLANE_ID}/nodes/eol`)?.operationId).toBe('get-nodes-eol');
    expect(matchOperation('GET', `/v2/control-planes/${CONTROL_PLANE_ID}/nodes/${SCOPE_ID}`)?.operationId).toBe('get-nodes-node_id');
    // Whatever order the spec lists them in:
    expect(isMoreSpecific(['nodes', 'eol'], ['nodes', '{nodeId}'])).toBe(true);
    expect(isMoreSpecific(['nodes', '{nodeId}'], ['nodes', 'eol'])).toBe(false);
    expect(isMoreSpecific(['schemas', 'partials', '{type}'], ['schemas', '{entity}', 'validate'])).toBe(true);
  });

  it('returns undefined for paths and methods no spec declares', () => {
    expect(matchOperation('GET', '/v1/unknown')).toBeUndefined();
    expect(matchOperation('GET', '/v3/control-planes')).toBeUndefined();
    expect(matchOperation('GET', `${PLUGINS}/x/y`)).toBeUndefined();
    expect(matchOperation('GET', '/v1/auth-servers//clients')).toBeUndefined();
    expect(matchOperation('PATCH', PLUGINS)).toBeUndefined();
  });
});

describe('validateRequest accepts real traffic', () => {
  it('accepts a createAuthServer body', () => {
    expect(validateRequest('POST', AUTH_SERVERS, NO_QUERY, CREATE_AUTH_SERVER)).toEqual([]);
  });

  it('accepts the how-to createAuthServerClient body', () => {
    expect(validateRequest('POST', CLIENTS, NO_QUERY, CREATE_CLIENT)).toEqual([]);
  });

  it('accepts an openid-connect create-plugin body', () => {
    expect(validateRequest('POST', PLUGINS, NO_QUERY, CREATE_PLUGIN)).toEqual([]);
  });

  it('accepts a create-control-plane body', () => {
    const body = { name: 'ci', cluster_type: 'CLUSTER_TYPE_CONTROL_PLANE', labels: { env: 'ci' } };
    expect(validateRequest('POST', CONTROL_PLANES, NO_QUERY, body)).toEqual([]);
  });

  it('accepts null where a 3.0 spec says nullable (kong-identity-v1)', () => {
    expect(validateRequest('POST', CLIENTS, NO_QUERY, { ...CREATE_CLIENT, login_uri: null })).toEqual([]);
  });

  it('accepts null where the 3.1 config spec says nullable', () => {
    expect(validateRequest('POST', PLUGINS, NO_QUERY, { ...CREATE_PLUGIN, enabled: null, route: null, protocols: null })).toEqual([]);
  });

  it('accepts the pagination and filter query styles each spec declares', () => {
    const identityQuery = new URLSearchParams('page[size]=10&page[number]=2&filter[name][eq]=Appointments%20Dev&sort=name');
    expect(validateRequest('GET', AUTH_SERVERS, identityQuery, undefined)).toEqual([]);
    const controlPlanesQuery = new URLSearchParams('filter[name][eq]=ci&filter[cloud_gateway]=false&page[size]=100');
    expect(validateRequest('GET', CONTROL_PLANES, controlPlanesQuery, undefined)).toEqual([]);
    const configQuery = new URLSearchParams('size=100&offset=abc&tags=a,b&filter[name][eq]=openid-connect');
    expect(validateRequest('GET', PLUGINS, configQuery, undefined)).toEqual([]);
  });

  it('treats an empty value of an allowEmptyValue parameter as absent and ignores undeclared parameters', () => {
    expect(validateRequest('GET', AUTH_SERVERS, new URLSearchParams('page[size]=&unknown=x'), undefined)).toEqual([]);
  });

  it('ignores a body sent to an operation that declares none', () => {
    expect(validateRequest('GET', `${AUTH_SERVERS}/${AUTH_SERVER_ID}`, NO_QUERY, { anything: true })).toEqual([]);
  });
});

describe('validateRequest catches violations', () => {
  it('reports a missing required field', () => {
    const { audience: _audience, ...withoutAudience } = CREATE_AUTH_SERVER;
    expect(validateRequest('POST', AUTH_SERVERS, NO_QUERY, withoutAudience)).toEqual([bodyViolation('audience', 'required', 'is a required field')]);
  });

  it('reports a grant type outside the enum', () => {
    expect(validateRequest('POST', CLIENTS, NO_QUERY, { ...CREATE_CLIENT, grant_types: ['password'] })).toEqual([
      bodyViolation('grant_types[0]', 'enum', 'must be one of [implicit client_credentials]'),
    ]);
  });

  it('reports a token duration below the minimum', () => {
    expect(validateRequest('POST', CLIENTS, NO_QUERY, { ...CREATE_CLIENT, access_token_duration: 30 })).toEqual([
      bodyViolation('access_token_duration', 'min', 'must be >= 60'),
    ]);
  });

  it('reports a scope id that is not a UUID', () => {
    expect(validateRequest('POST', CLIENTS, NO_QUERY, { ...CREATE_CLIENT, allow_scopes: ['not-a-uuid'] })).toEqual([
      bodyViolation('allow_scopes[0]', 'is_uuid', 'must be a UUID'),
    ]);
  });

  it('reports null where the spec does not allow it', () => {
    expect(validateRequest('POST', CLIENTS, NO_QUERY, { ...CREATE_CLIENT, name: null })).toEqual([bodyViolation('name', 'is_string', 'must be a string')]);
  });

  it('reports a plugin without a name', () => {
    const { name: _name, ...withoutName } = CREATE_PLUGIN;
    expect(validateRequest('POST', PLUGINS, NO_QUERY, withoutName)).toEqual([bodyViolation('name', 'required', 'is a required field')]);
  });

  it('reports an unknown top-level plugin property (Plugin has additionalProperties: false)', () => {
    expect(validateRequest('POST', PLUGINS, NO_QUERY, { ...CREATE_PLUGIN, issuer: 'https://x/auth' })).toEqual([
      bodyViolation('issuer', 'unknown_property', 'is an unknown property'),
    ]);
  });

  it('reports unknown and read-only fields of Kong Identity bodies, inline and $ref request schemas alike', () => {
    expect(validateRequest('POST', AUTH_SERVERS, NO_QUERY, { ...CREATE_AUTH_SERVER, id: AUTH_SERVER_ID })).toEqual([
      bodyViolation('id', 'unknown_property', 'is an unknown property'),
    ]);
    const secrets = `${CLIENTS}/${CLIENT.id}/secrets`;
    expect(validateRequest('POST', secrets, NO_QUERY, { enabled: true, value: 's3cret' })).toEqual([
      bodyViolation('value', 'unknown_property', 'is an unknown property'),
    ]);
    // Maps stay open: label keys are data, not fields.
    expect(validateRequest('POST', AUTH_SERVERS, NO_QUERY, { ...CREATE_AUTH_SERVER, labels: { team: 'identity' } })).toEqual([]);
  });

  it('reports wrong types and enum values at nested positions', () => {
    expect(validateRequest('POST', PLUGINS, NO_QUERY, { ...CREATE_PLUGIN, tags: 'x', protocols: ['https', 'gopher'] })).toEqual([
      bodyViolation('protocols[1]', 'enum', 'must be one of [grpc grpcs http https tcp tls tls_passthrough udp ws wss]'),
      bodyViolation('tags', 'is_array', 'must be an array or null'),
    ]);
  });

  it('explains a failed oneOf with the closest alternative', () => {
    const partial = { type: 'redis-ce', name: 'redis', config: { host: 5 } };
    expect(validateRequest('POST', `/v2/control-planes/${CONTROL_PLANE_ID}/core-entities/partials`, NO_QUERY, partial)).toEqual([
      bodyViolation('config.host', 'is_string', 'must be a string'),
    ]);
  });

  it('reports a missing required body', () => {
    expect(validateRequest('POST', PLUGINS, NO_QUERY, undefined)).toEqual([bodyViolation('$', 'required', 'request body is required')]);
  });

  it('reports a non-integer page[size]', () => {
    expect(validateRequest('GET', AUTH_SERVERS, new URLSearchParams('page[size]=abc'), undefined)).toEqual([
      { field: 'page[size]', rule: 'is_integer', reason: 'must be an integer', source: 'query' },
    ]);
  });

  it('reports query values outside the declared bounds and enums', () => {
    expect(validateRequest('GET', PLUGINS, new URLSearchParams('size=0'), undefined)).toEqual([
      { field: 'size', rule: 'min', reason: 'must be >= 1', source: 'query' },
    ]);
    expect(validateRequest('GET', PLUGINS, new URLSearchParams('size=1001'), undefined)).toEqual([
      { field: 'size', rule: 'max', reason: 'must be <= 1000', source: 'query' },
    ]);
    expect(validateRequest('DELETE', `${AUTH_SERVERS}/${AUTH_SERVER_ID}`, new URLSearchParams('force=maybe'), undefined)).toEqual([
      { field: 'force', rule: 'enum', reason: 'must be one of [true false]', source: 'query' },
    ]);
  });

  it('reports unknown keys inside a deepObject filter that forbids them', () => {
    expect(validateRequest('GET', AUTH_SERVERS, new URLSearchParams('filter[name][like]=x'), undefined)).toEqual([
      { field: 'filter[name][like]', rule: 'unknown_property', reason: 'is an unknown property', source: 'query' },
    ]);
  });

  it('reports a path parameter that is not a UUID', () => {
    expect(validateRequest('GET', `${AUTH_SERVERS}/not-a-uuid`, NO_QUERY, undefined)).toEqual([
      { field: 'authServerId', rule: 'is_uuid', reason: 'must be a UUID', source: 'path' },
    ]);
  });

  it('reports a request to an operation no spec declares', () => {
    expect(validateRequest('GET', '/v1/unknown', NO_QUERY, undefined)).toEqual([
      { field: '/v1/unknown', rule: 'unknown_operation', reason: 'no Konnect operation matches GET /v1/unknown', source: 'path' },
    ]);
  });
});

describe('validateResponse', () => {
  it('accepts list responses of each API', () => {
    expect(validateResponse('GET', AUTH_SERVERS, 200, 'application/json', { data: [AUTH_SERVER], meta: PAGE_META })).toEqual([]);
    expect(validateResponse('GET', CLIENTS, 200, 'application/json', { data: [CLIENT], meta: PAGE_META })).toEqual([]);
    expect(validateResponse('GET', CONTROL_PLANES, 200, 'application/json', { data: [CONTROL_PLANE], meta: PAGE_META })).toEqual([]);
    // The spec types `next` as a plain string: on the last page it is left out, not null.
    expect(validateResponse('GET', PLUGINS, 200, 'application/json; charset=utf-8', { data: [PLUGIN] })).toEqual([]);
  });

  it('accepts an AuthServer, a created client and a created plugin', () => {
    expect(validateResponse('GET', `${AUTH_SERVERS}/${AUTH_SERVER_ID}`, 200, 'application/json', AUTH_SERVER)).toEqual([]);
    expect(validateResponse('POST', CLIENTS, 201, 'application/json', { ...CLIENT, client_secret: 's3cr3t' })).toEqual([]);
    expect(validateResponse('POST', PLUGINS, 201, 'application/json', PLUGIN)).toEqual([]);
  });

  it('accepts a declared problem+json error and a body-less 204', () => {
    const badRequest = {
      status: 400,
      title: 'Bad Request',
      instance: 'kong:trace:1234',
      detail: 'Invalid request',
      invalid_parameters: [{ field: 'audience', rule: 'required', reason: 'is a required field', source: 'body' }],
    };
    expect(validateResponse('POST', AUTH_SERVERS, 400, 'application/problem+json', badRequest)).toEqual([]);
    expect(validateResponse('DELETE', `${AUTH_SERVERS}/${AUTH_SERVER_ID}`, 204, undefined, undefined)).toEqual([]);
  });

  it('reports a Scope without enabled', () => {
    const { enabled: _enabled, ...withoutEnabled } = SCOPE;
    expect(validateResponse('GET', `${AUTH_SERVERS}/${AUTH_SERVER_ID}/scopes/${SCOPE_ID}`, 200, 'application/json', withoutEnabled)).toEqual([
      { field: 'enabled', rule: 'required', reason: 'is a required field', source: 'response' },
    ]);
  });

  it('reports wrong field types deep inside a list response', () => {
    const list = { data: [{ ...CONTROL_PLANE, config: { ...CONTROL_PLANE.config, cluster_type: 'SERVERLESS' } }], meta: PAGE_META };
    expect(validateResponse('GET', CONTROL_PLANES, 200, 'application/json', list)).toMatchObject([{ field: 'data[0].config.cluster_type', rule: 'enum' }]);
  });

  it('reports a content type the status does not declare', () => {
    expect(validateResponse('POST', AUTH_SERVERS, 400, 'application/json', { status: 400 })).toEqual([
      {
        field: 'content-type',
        rule: 'content_type',
        reason: 'application/json is not declared; expected one of [application/problem+json]',
        source: 'response',
      },
    ]);
  });

  it('reports a missing body where the status declares one', () => {
    expect(validateResponse('POST', AUTH_SERVERS, 201, undefined, undefined)).toMatchObject([{ field: '$', rule: 'required' }]);
  });

  it('reports statuses the operation does not declare', () => {
    expect(validateResponse('POST', AUTH_SERVERS, 202, 'application/json', AUTH_SERVER)).toEqual([
      { field: 'status', rule: 'undeclared_status', reason: 'status 202 is not declared for createAuthServer (declared: [201 400 409])', source: 'response' },
    ]);
    // No spec declares 429 anywhere; create-plugin declares only 201 and 401, so a 400 is undeclared too.
    expect(validateResponse('GET', `${AUTH_SERVERS}/${AUTH_SERVER_ID}`, 429, 'application/problem+json', {})).toMatchObject([{ rule: 'undeclared_status' }]);
    expect(validateResponse('POST', PLUGINS, 400, 'application/json', {})).toMatchObject([{ rule: 'undeclared_status' }]);
  });

  it('allows generic statuses the spec declares through shared responses, and checks their bodies', () => {
    const notFound = { status: 404, title: 'Not Found', instance: 'kong:trace:1', detail: 'plugin not found' };
    // list-plugin declares 200/401 only, but the config spec shares NotFound (problem+json) elsewhere.
    expect(validateResponse('GET', PLUGINS, 404, 'application/problem+json', notFound)).toEqual([]);
    // getAuthServer declares 200/404; kong-identity shares Forbidden (403) on createClientSecret.
    const forbidden = { status: 403, title: 'Forbidden', instance: 'kong:trace:2', detail: 'no permission' };
    const forbiddenResponse = (body: unknown) => validateResponse('GET', `${AUTH_SERVERS}/${AUTH_SERVER_ID}`, 403, 'application/problem+json', body);
    expect(forbiddenResponse(forbidden)).toEqual([]);
    expect(forbiddenResponse({ ...forbidden, status: '403' })).toMatchObject([{ field: 'status', rule: 'is_integer' }]);
  });

  it('allows 401 on secured operations even where the spec never describes it', () => {
    expect(validateResponse('GET', AUTH_SERVERS, 401, 'application/problem+json', { status: 401 })).toEqual([]);
  });

  it('accepts every example Kong ships in the three specs', () => {
    const failures: string[] = [];
    let checked = 0;
    for (const [api, basePath] of [
      ['kong-identity-v1', '/v1'],
      ['control-planes-v2', '/v2'],
      ['control-planes-config-v2', '/v2'],
    ] as const) {
      for (const example of specExamples(api, basePath)) {
        checked++;
        const violations =
          example.status === undefined
            ? validateRequest(example.method, example.path, NO_QUERY, example.value)
            : validateResponse(example.method, example.path, example.status, example.mediaType, example.value);
        if (violations.length > 0) failures.push(`${api} ${example.label}: ${JSON.stringify(violations)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(400);
  });
});

interface SpecExample {
  label: string;
  method: string;
  path: string;
  /** Undefined for a request body example. */
  status: number | undefined;
  mediaType: string;
  value: unknown;
}

/** Every request/response example of a spec, with concrete paths (each path parameter set to a UUID). */
function specExamples(api: string, basePath: string): SpecExample[] {
  // biome-ignore lint/suspicious/noExplicitAny: raw YAML, walked loosely on purpose
  type Node = Record<string, any>;
  const document = parseYaml(readFileSync(new URL(`./specs/${api}.yaml`, import.meta.url), 'utf8')) as Node;
  const resolve = (node: Node): Node =>
    typeof node['$ref'] === 'string'
      ? resolve(
          node['$ref']
            .slice(2)
            .split('/')
            .reduce((at: Node, key: string) => at[key], document),
        )
      : node;
  const examples: SpecExample[] = [];
  for (const [template, pathItem] of Object.entries(document['paths'] as Node)) {
    const path = basePath + template.replace(/\{[^}]+\}/g, CONTROL_PLANE_ID);
    for (const [method, operation] of Object.entries(pathItem as Node)) {
      if (method === 'parameters') continue;
      const collect = (status: number | undefined, content: Node | undefined) => {
        for (const [mediaType, media] of Object.entries(content ?? {})) {
          const values: Array<[string, unknown]> = media.example === undefined ? [] : [['example', media.example]];
          for (const [name, example] of Object.entries((media.examples ?? {}) as Node)) values.push([name, resolve(example)['value']]);
          for (const [name, value] of values) {
            if (value !== undefined)
              examples.push({ label: `${operation.operationId} ${status ?? 'request'} ${name}`, method, path, status, mediaType, value });
          }
        }
      };
      if (operation.requestBody) collect(undefined, resolve(operation.requestBody)['content']);
      for (const [status, response] of Object.entries((operation.responses ?? {}) as Node)) collect(Number(status), resolve(response)['content']);
    }
  }
  return examples;
}
