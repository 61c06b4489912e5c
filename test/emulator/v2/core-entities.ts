// Konnect control-plane configuration v2 (`control-planes-config-v2.yaml`): the core entities the
// action touches, i.e. services, routes, plugins and consumers, under `/v2/control-planes/{id}/core-entities/`,
// with the nested forms `services/{id}/routes`, `services/{id}/plugins` and `routes/{id}/plugins`.
// This is Konnect's hosted Kong Admin API, so errors take Kong's shapes (see api/errors.ts).
//
// Behaviour beyond the schemas (Kong's data layer, as Konnect runs it):
// - a second plugin of the same name on the same scope (global, or the same service / route /
//   consumer) → 400 `data constraint error`, on POST and on PUT of a new ID; so is a duplicate
//   service or route name, or a duplicate plugin `instance_name`;
// - foreign keys (`service.id`, `route.id`, `consumer.id`) must exist → 400 `data constraint error`;
//   a plugin's `service` and `route` (and a route's `service`) may name the entity by `name` instead,
//   as in Kong: resolved to `{id}`, or 400 with Kong's "cannot be resolved" message when none has it;
// - a Consumer needs a `username` or a `custom_id`, each unique in the control plane: a duplicate is
//   a 400 `data constraint error` naming the field (the `duplicateConsumerStatus` knob: or the Admin
//   API's 409); `consumers/{key}` takes an ID or a username (the `consumerKeys` knob, `strict` by
//   default: a key that is neither a UUID nor `^[0-9a-zA-Z.\-_~]{1,128}$` is a 400 `invalid ID`, and
//   usernames and custom ids follow koko's patterns); at most 8 tags of at most 128 characters;
//   deleting a Consumer deletes the plugins scoped to it;
// - plugin names must be plugins Kong ships; `openid-connect` configs are checked against Kong's
//   schema of the emulated gateway version, and stored whole (openid-connect.ts);
// - tags follow Kong's rule: no `,` or `/` (the `tags` filter's separators), not empty;
// - PUT upserts by ID (services and routes also by name), answering 200 either way;
// - DELETE answers 204 even when the entity did not exist (as the spec says); deleting a route or a
//   service deletes its plugins, deleting a service that routes still use is refused;
// - every change is published to the control plane's data planes (`store.publish`), which see it
//   after the propagation delay.
import { randomUUID } from 'node:crypto';
import {
  coreBadRequest,
  coreConstraintError,
  coreControlPlaneNotFound,
  coreNotFound,
  coreUniqueViolation,
  coreValidationError,
  foreignKeyUnresolved,
  uniqueMessage,
  type CoreErrorDetail,
} from '../api/errors.js';
import { coreList, type CoreFilterFields } from '../api/lists.js';
import { bodyObject, created, noContent, ok, param, type ApiRequest, type Operations } from '../api/types.js';
import type { ConsumerKeyRules, DuplicateConsumerStatus } from '../context.js';
import type { EmulatorReply } from '../http/types.js';
import { unixNow, type Consumer, type CoreEntities, type ForeignKey, type Plugin, type Route, type Service } from '../store.js';
import { storedOpenIdConnectConfig, type GatewayVersion } from './openid-connect.js';

// ---------------------------------------------------------------- shared helpers

interface ControlPlaneScope {
  id: string;
  entities: CoreEntities;
  /** The Kong Gateway version the control plane plays (the emulator's `gatewayVersion` knob). */
  gatewayVersion: GatewayVersion;
  /** How Consumer path keys and fields are checked, and how a duplicate is answered (the knobs). */
  consumerKeys: ConsumerKeyRules;
  duplicateConsumerStatus: DuplicateConsumerStatus;
  /** Makes the change visible to the data planes (after the propagation delay). */
  publish(): void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Kong's name rule for services and routes. */
const ENTITY_NAME = /^[\w.~-]+$/;

function withControlPlane(request: ApiRequest, then: (cp: ControlPlaneScope) => EmulatorReply): EmulatorReply {
  const id = param(request, 'controlPlaneId');
  const entities = request.ctx.store.entities(id);
  if (!entities) return coreControlPlaneNotFound();
  const { gatewayVersion, consumerKeys, duplicateConsumerStatus } = request.ctx.options;
  return then({ id, entities, gatewayVersion, consumerKeys, duplicateConsumerStatus, publish: () => request.ctx.store.publish(id) });
}

/** Applies a write and publishes it when it succeeded. */
function publishing(cp: ControlPlaneScope, reply: EmulatorReply): EmulatorReply {
  if (reply.status < 300) cp.publish();
  return reply;
}

const fieldError = (field: string, message: string): CoreErrorDetail => ({ type: 'ERROR_TYPE_FIELD', field, messages: [message] });

/** An entity by ID or, where Kong allows it (services, routes), by name. */
function findByIdOrName<T extends { id: string; name: string | null }>(items: T[], idOrName: string): T | undefined {
  return UUID.test(idOrName) ? items.find((item) => item.id === idOrName) : items.find((item) => item.name === idOrName);
}

/** The ID a new entity gets: the body's (it must be a UUID), or a fresh one. */
function chooseId(body: Record<string, unknown>): string | CoreErrorDetail {
  const id = body['id'];
  if (id === undefined || id === null) return randomUUID();
  return typeof id === 'string' && UUID.test(id) ? id.toLowerCase() : fieldError('id', `invalid uuid '${String(id)}'`);
}

function nameProblems(body: Record<string, unknown>): CoreErrorDetail[] {
  const name = body['name'];
  if (typeof name !== 'string' || ENTITY_NAME.test(name)) return [];
  return [fieldError('name', 'invalid value: the only accepted ascii characters are alphanumerics or ., -, _, and ~')];
}

/** Kong's tag rule: printable ASCII but `,` and `/` (the `tags` filter's AND and OR), or non-ASCII text. */
const TAG = /^[ !-+\-.0-~\u0080-\u{10FFFF}]+$/u;

function tagProblems(body: Record<string, unknown>): CoreErrorDetail[] {
  const tags = body['tags'];
  if (!Array.isArray(tags)) return [];
  return tags.flatMap((tag: unknown, index) =>
    typeof tag === 'string' && !TAG.test(tag)
      ? [fieldError(`tags[${index}]`, `invalid tag '${tag}': expected printable ascii (except \`,\` and \`/\`) or valid utf-8 sequences`)]
      : [],
  );
}

function uniqueName<T extends { id: string; name: string | null }>(items: T[], name: unknown, exceptId: string): EmulatorReply | undefined {
  if (typeof name !== 'string') return undefined;
  const clash = items.some((item) => item.name === name && item.id !== exceptId);
  return clash ? coreConstraintError('name', uniqueMessage('name', name)) : undefined;
}

const foreignKeyError = (field: string, id: string): EmulatorReply =>
  coreConstraintError(field, `${field} (type: foreign) constraint failed for value '${id}': `);

/** `{id}` of a foreign-key object in a body, or null when absent. */
function foreignId(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' ? id : null;
}

/** A foreign key given as `{id}` or, for services and routes, as `{name}` (Kong's endpoint key). */
type ForeignRef = { id: string } | { name: string };

function foreignRef(value: unknown): ForeignRef | null {
  const id = foreignId(value);
  if (id !== null) return { id };
  if (typeof value !== 'object' || value === null) return null;
  const name = (value as { name?: unknown }).name;
  return typeof name === 'string' ? { name } : null;
}

/**
 * The entity a foreign key names, or the reply refusing it: a dangling `{id}` is Kong's foreign-key
 * constraint failure, a `{name}` no entity has Kong's "cannot be resolved" (`kong/db/dao/init.lua`).
 */
function resolveForeign<T extends { id: string; name: string | null }>(
  items: T[],
  ref: ForeignRef,
  field: 'service' | 'route',
  entity: string,
): { found: T } | { refused: EmulatorReply } {
  const found = 'id' in ref ? items.find((item) => item.id === ref.id.toLowerCase()) : items.find((item) => item.name === ref.name);
  if (found) return { found };
  return { refused: 'id' in ref ? foreignKeyError(`${field}.id`, ref.id) : foreignKeyUnresolved(field, 'name', ref.name, entity) };
}

/** The body fields Kong returns as they were given, beyond the ones the store's types name. */
function extras(body: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((field) => Object.hasOwn(body, field)).map((field) => [field, body[field]]));
}

// ---------------------------------------------------------------- services

const SERVICE_EXTRAS = ['ca_certificates', 'client_certificate', 'tls_verify', 'tls_verify_depth', 'tls_sans'] as const;

/**
 * `url` (write-only) is Kong's shorthand for protocol, host, port and path. The spec still requires
 * `host`, so a request reaches here with both; the URL then wins, as in Kong.
 */
function serviceTarget(body: Record<string, unknown>): Pick<Service, 'protocol' | 'host' | 'port' | 'path'> | CoreErrorDetail {
  if (typeof body['url'] === 'string') {
    let parsed: URL;
    try {
      parsed = new URL(body['url']);
    } catch {
      return fieldError('url', 'missing host in url');
    }
    const protocol = parsed.protocol.replace(/:$/, '');
    const port = parsed.port === '' ? (protocol === 'https' ? 443 : 80) : Number(parsed.port);
    return { protocol, host: parsed.hostname, port, path: parsed.pathname === '/' && !body['url'].endsWith('/') ? null : parsed.pathname };
  }
  return {
    protocol: (body['protocol'] as string | null | undefined) ?? 'http',
    host: body['host'] as string,
    port: (body['port'] as number | null | undefined) ?? 80,
    path: (body['path'] as string | null | undefined) ?? null,
  };
}

function buildService(id: string, body: Record<string, unknown>, createdAt: number): Service | CoreErrorDetail[] {
  const target = serviceTarget(body);
  if ('messages' in target) return [target];
  const problems = [...nameProblems(body), ...tagProblems(body)];
  if (target.path !== null && !target.path.startsWith('/')) problems.push(fieldError('path', 'should start with: /'));
  if (problems.length > 0) return problems;
  return {
    id,
    name: (body['name'] as string | null | undefined) ?? null,
    ...target,
    enabled: (body['enabled'] as boolean | null | undefined) ?? true,
    tags: (body['tags'] as string[] | null | undefined) ?? null,
    connect_timeout: (body['connect_timeout'] as number | null | undefined) ?? 60000,
    read_timeout: (body['read_timeout'] as number | null | undefined) ?? 60000,
    write_timeout: (body['write_timeout'] as number | null | undefined) ?? 60000,
    retries: (body['retries'] as number | null | undefined) ?? 5,
    created_at: createdAt,
    updated_at: unixNow(),
    ...extras(body, SERVICE_EXTRAS),
  };
}

/** Stores a service at `id` (new or replacing), after Kong's checks. */
function saveService(cp: ControlPlaneScope, id: string, body: Record<string, unknown>, isNew: boolean): EmulatorReply {
  const { services } = cp.entities;
  const existing = services.find((service) => service.id === id);
  const clash = uniqueName(services, body['name'], id);
  if (clash) return clash;
  const service = buildService(id, body, existing?.created_at ?? unixNow());
  if (Array.isArray(service)) return coreValidationError(service);
  if (existing) services[services.indexOf(existing)] = service;
  else services.push(service);
  return publishing(cp, isNew ? created(service) : ok(service));
}

function listServices(request: ApiRequest): EmulatorReply {
  return withControlPlane(request, (cp) => coreList(request, cp.entities.services));
}

function createService(request: ApiRequest): EmulatorReply {
  return withControlPlane(request, (cp) => {
    const body = bodyObject(request);
    const id = chooseId(body);
    if (typeof id !== 'string') return coreValidationError([id]);
    if (cp.entities.services.some((service) => service.id === id)) return coreConstraintError('id', uniqueMessage('id', id));
    return saveService(cp, id, body, true);
  });
}

function getService(request: ApiRequest): EmulatorReply {
  return withControlPlane(request, (cp) => {
    const service = findByIdOrName(cp.entities.services, param(request, 'ServiceId'));
    return service ? ok(service) : coreNotFound();
  });
}

/** PUT by ID or name: update what is there, else create it (with that ID, or with that name). */
function upsertService(request: ApiRequest): EmulatorReply {
  return withControlPlane(request, (cp) => {
    const idOrName = param(request, 'ServiceId');
    const byName = !UUID.test(idOrName);
    // Upserting by name names the entity after the path, as Kong does.
    const body = byName ? { ...bodyObject(request), name: idOrName } : bodyObject(request);
    const existing = findByIdOrName(cp.entities.services, idOrName);
    return saveService(cp, existing?.id ?? (byName ? randomUUID() : idOrName.toLowerCase()), body, false);
  });
}

function deleteService(request: ApiRequest): EmulatorReply {
  return withControlPlane(request, (cp) => {
    const service = findByIdOrName(cp.entities.services, param(request, 'ServiceId'));
    if (!service) return noContent;
    if (cp.entities.routes.some((route) => route.service?.id === service.id)) {
      return coreConstraintError('id', "an existing 'routes' entity references this 'services' entity");
    }
    cp.entities.services = cp.entities.services.filter((candidate) => candidate !== service);
    cp.entities.plugins = cp.entities.plugins.filter((plugin) => plugin.service?.id !== service.id);
    return publishing(cp, noContent);
  });
}

// ---------------------------------------------------------------- routes

const ROUTE_EXTRAS = ['headers', 'snis', 'sources', 'destinations'] as const;
const HTTP_PROTOCOLS = new Set(['http', 'https', 'grpc', 'grpcs', 'ws', 'wss']);

function routeProblems(body: Record<string, unknown>, protocols: string[]): CoreErrorDetail[] {
  const problems = [...nameProblems(body), ...tagProblems(body)];
  if (body['expression'] !== undefined && body['expression'] !== null) {
    problems.push(fieldError('expression', "unknown field: expression routes need the control plane's router_flavor 'expressions'"));
  }
  const paths = body['paths'];
  if (Array.isArray(paths)) {
    for (const path of paths as string[]) {
      if (!path.startsWith('/') && !path.startsWith('~/'))
        problems.push(fieldError('paths', `invalid path: '${path}' should start with: / (fixed path) or ~/ (regex path)`));
    }
  }
  const matchers = ['methods', 'hosts', 'paths', 'headers', 'snis'].filter((field) => {
    const value = body[field];
    return Array.isArray(value) ? value.length > 0 : typeof value === 'object' && value !== null && Object.keys(value).length > 0;
  });
  if (protocols.some((protocol) => HTTP_PROTOCOLS.has(protocol)) && matchers.length === 0) {
    problems.push({
      type: 'ERROR_TYPE_ENTITY',
      messages: ["must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'http' or 'https'"],
    });
  }
  return problems;
}

function buildRoute(id: string, body: Record<string, unknown>, createdAt: number, serviceId: string | null): Route | CoreErrorDetail[] {
  const protocols = (body['protocols'] as string[] | null | undefined) ?? ['http', 'https'];
  const problems = routeProblems(body, protocols);
  if (problems.length > 0) return problems;
  return {
    id,
    name: (body['name'] as string | null | undefined) ?? null,
    paths: (body['paths'] as string[] | null | undefined) ?? null,
    methods: (body['methods'] as string[] | null | undefined) ?? null,
    hosts: (body['hosts'] as string[] | null | undefined) ?? null,
    protocols,
    strip_path: (body['strip_path'] as boolean | null | undefined) ?? true,
    preserve_host: (body['preserve_host'] as boolean | null | undefined) ?? false,
    service: serviceId === null ? null : { id: serviceId },
    tags: (body['tags'] as string[] | null | undefined) ?? null,
    created_at: createdAt,
    updated_at: unixNow(),
    ...{
      https_redirect_status_code: (body['https_redirect_status_code'] as number | null | undefined) ?? 426,
      path_handling: (body['path_handling'] as string | null | undefined) ?? 'v0',
      regex_priority: (body['regex_priority'] as number | null | undefined) ?? 0,
      request_buffering: (body['request_buffering'] as boolean | null | undefined) ?? true,
      response_buffering: (body['response_buffering'] as boolean | null | undefined) ?? true,
    },
    ...extras(body, ROUTE_EXTRAS),
  };
}

/** Stores a route at `id`; `parentServiceId` is the nested path's service, which overrides the body's. */
function saveRoute(cp: ControlPlaneScope, id: string, body: Record<string, unknown>, status: 200 | 201, parentServiceId?: string): EmulatorReply {
  const { routes, services } = cp.entities;
  const serviceRef: ForeignRef | null = parentServiceId === undefined ? foreignRef(body['service']) : { id: parentServiceId };
  const resolved = serviceRef === null ? undefined : resolveForeign(services, serviceRef, 'service', 'services');
  if (resolved && 'refused' in resolved) return resolved.refused;
  const service = resolved?.found;
  const clash = uniqueName(routes, body['name'], id);
  if (clash) return clash;
  const existing = routes.find((route) => route.id === id);
  const route = buildRoute(id, body, existing?.created_at ?? unixNow(), service?.id ?? null);
  if (Array.isArray(route)) return coreValidationError(route);
  if (existing) routes[routes.indexOf(existing)] = route;
  else routes.push(route);
  return publishing(cp, { status, body: route });
}

/** The service of a nested `services/{ServiceId}/…` path, or the reply when there is none. */
function withParentService(request: ApiRequest, cp: ControlPlaneScope, then: (service: Service) => EmulatorReply): EmulatorReply {
  const service = findByIdOrName(cp.entities.services, param(request, 'ServiceId'));
  return service ? then(service) : coreNotFound();
}

function createRouteIn(request: ApiRequest, cp: ControlPlaneScope, parentServiceId?: string): EmulatorReply {
  const body = bodyObject(request);
  const id = chooseId(body);
  if (typeof id !== 'string') return coreValidationError([id]);
  if (cp.entities.routes.some((route) => route.id === id)) return coreConstraintError('id', uniqueMessage('id', id));
  return saveRoute(cp, id, body, 201, parentServiceId);
}

function upsertRouteIn(request: ApiRequest, cp: ControlPlaneScope, parentServiceId?: string): EmulatorReply {
  const idOrName = param(request, 'RouteId');
  const byName = !UUID.test(idOrName);
  const body = byName ? { ...bodyObject(request), name: idOrName } : bodyObject(request);
  const existing = findByIdOrName(cp.entities.routes, idOrName);
  return saveRoute(cp, existing?.id ?? (byName ? randomUUID() : idOrName.toLowerCase()), body, 200, parentServiceId);
}

function deleteRouteIn(request: ApiRequest, cp: ControlPlaneScope, parentServiceId?: string): EmulatorReply {
  const route = findByIdOrName(cp.entities.routes, param(request, 'RouteId'));
  if (!route || (parentServiceId !== undefined && route.service?.id !== parentServiceId)) return noContent;
  cp.entities.routes = cp.entities.routes.filter((candidate) => candidate !== route);
  cp.entities.plugins = cp.entities.plugins.filter((plugin) => plugin.route?.id !== route.id);
  return publishing(cp, noContent);
}

function getRouteIn(request: ApiRequest, cp: ControlPlaneScope, parentServiceId?: string): EmulatorReply {
  const route = findByIdOrName(cp.entities.routes, param(request, 'RouteId'));
  return route && (parentServiceId === undefined || route.service?.id === parentServiceId) ? ok(route) : coreNotFound();
}

const listRoutes = (request: ApiRequest) => withControlPlane(request, (cp) => coreList(request, cp.entities.routes));
const createRoute = (request: ApiRequest) => withControlPlane(request, (cp) => createRouteIn(request, cp));
const getRoute = (request: ApiRequest) => withControlPlane(request, (cp) => getRouteIn(request, cp));
const upsertRoute = (request: ApiRequest) => withControlPlane(request, (cp) => upsertRouteIn(request, cp));
const deleteRoute = (request: ApiRequest) => withControlPlane(request, (cp) => deleteRouteIn(request, cp));

const inService = (then: (request: ApiRequest, cp: ControlPlaneScope, serviceId: string) => EmulatorReply) => (request: ApiRequest) =>
  withControlPlane(request, (cp) => withParentService(request, cp, (service) => then(request, cp, service.id)));

const listRoutesOfService = inService((request, cp, serviceId) =>
  coreList(
    request,
    cp.entities.routes.filter((route) => route.service?.id === serviceId),
  ),
);
const createRouteInService = inService((request, cp, serviceId) => createRouteIn(request, cp, serviceId));
const getRouteInService = inService((request, cp, serviceId) => getRouteIn(request, cp, serviceId));
const upsertRouteInService = inService((request, cp, serviceId) => upsertRouteIn(request, cp, serviceId));
const deleteRouteInService = inService((request, cp, serviceId) => deleteRouteIn(request, cp, serviceId));

// ---------------------------------------------------------------- plugins

/** Plugins bundled with Kong Gateway (Enterprise) 3.x: any other name is refused, as Konnect does. */
const KNOWN_PLUGINS = new Set(
  `acl acme ai-proxy ai-proxy-advanced ai-prompt-guard ai-prompt-decorator ai-prompt-template ai-request-transformer
  ai-response-transformer ai-semantic-cache ai-rate-limiting-advanced app-dynamics aws-lambda azure-functions basic-auth
  bot-detection canary confluent correlation-id cors datadog degraphql exit-transformer file-log forward-proxy
  graphql-proxy-cache-advanced graphql-rate-limiting-advanced grpc-gateway grpc-web header-cert-auth hmac-auth http-log
  injection-protection ip-restriction jq json-threat-protection jwe-decrypt jwt jwt-signer kafka-log kafka-upstream
  key-auth key-auth-enc ldap-auth ldap-auth-advanced loggly mocking mtls-auth oas-validation oauth2
  oauth2-introspection opa openid-connect opentelemetry post-function pre-function prometheus proxy-cache
  proxy-cache-advanced rate-limiting rate-limiting-advanced redirect request-size-limiting request-termination
  request-transformer request-transformer-advanced request-validator response-ratelimiting response-transformer
  response-transformer-advanced route-by-header route-transformer-advanced saml session standard-webhooks statsd
  statsd-advanced syslog tcp-log tls-handshake-modifier tls-metadata-headers udp-log upstream-oauth upstream-timeout
  vault-auth websocket-size-limit websocket-validator xml-threat-protection zipkin`
    .split(/\s+/)
    .filter((name) => name !== ''),
);

const PLUGIN_EXTRAS = ['ordering', 'partials', 'condition', 'consumer_group'] as const;

/** Where a plugin applies: its parent entities, any of them null for "all". */
interface PluginScope {
  service: ForeignKey | null;
  route: ForeignKey | null;
  consumer: ForeignKey | null;
}

/** The scope a nested path imposes (`services/{id}/plugins`, `routes/{id}/plugins`). */
interface ParentScope {
  service?: ForeignKey;
  route?: ForeignKey;
}

/**
 * Where a plugin applies: the nested path's parent, else the body's foreign keys, `service` and
 * `route` by `{id}` or `{name}` (resolved to the entity's id, as Kong does), `consumer` by `{id}`.
 * A key naming nothing is refused (never read as "global").
 */
function pluginScope(cp: ControlPlaneScope, body: Record<string, unknown>, parent: ParentScope): { scope: PluginScope } | { refused: EmulatorReply } {
  const { services, routes, consumers } = cp.entities;
  const parentKey = (
    given: ForeignKey | undefined,
    value: unknown,
    items: Array<{ id: string; name: string | null }>,
    field: 'service' | 'route',
    entity: string,
  ) => {
    if (given) return { key: given };
    const ref = foreignRef(value);
    if (ref === null) return { key: null };
    const resolved = resolveForeign(items, ref, field, entity);
    return 'refused' in resolved ? resolved : { key: { id: resolved.found.id } };
  };
  const service = parentKey(parent.service, body['service'], services, 'service', 'services');
  if ('refused' in service) return service;
  const route = parentKey(parent.route, body['route'], routes, 'route', 'routes');
  if ('refused' in route) return route;
  const consumerId = foreignId(body['consumer']);
  if (consumerId !== null && !consumers.some((consumer) => consumer.id === consumerId)) return { refused: foreignKeyError('consumer.id', consumerId) };
  // The emulator keeps no consumer groups: any reference to one is dangling.
  const group = foreignId(body['consumer_group']);
  if (group !== null) return { refused: foreignKeyError('consumer_group.id', group) };
  return { scope: { service: service.key, route: route.key, consumer: consumerId === null ? null : { id: consumerId } } };
}

/** Kong's `unique-plugin-per-entity` key: the name and the parents, `.`-joined (so a global plugin is `name...`). */
function scopeKey(name: string, scope: PluginScope): string {
  return [name, scope.service?.id ?? '', scope.route?.id ?? '', scope.consumer?.id ?? ''].join('.');
}

function pluginConfig(name: string, body: Record<string, unknown>, version: GatewayVersion): Record<string, unknown> | CoreErrorDetail[] {
  const config = (body['config'] as Record<string, unknown> | null | undefined) ?? {};
  if (name !== 'openid-connect') return config;
  const stored = storedOpenIdConnectConfig(config, version);
  return 'problems' in stored ? stored.problems : stored.config;
}

/** Stores a plugin at `id` after Kong's checks; `status` is 201 for POST, 200 for PUT. */
function savePlugin(cp: ControlPlaneScope, id: string, body: Record<string, unknown>, parent: ParentScope, status: 200 | 201): EmulatorReply {
  const { plugins } = cp.entities;
  const name = body['name'] as string;
  if (!KNOWN_PLUGINS.has(name))
    return coreValidationError([fieldError('name', `plugin '${name}' not enabled; add it to the 'plugins' configuration property`)]);
  const scoped = pluginScope(cp, body, parent);
  if ('refused' in scoped) return scoped.refused;
  const { scope } = scoped;
  const config = pluginConfig(name, body, cp.gatewayVersion);
  if (Array.isArray(config)) return coreValidationError(config);
  const badTags = tagProblems(body);
  if (badTags.length > 0) return coreValidationError(badTags);

  const key = scopeKey(name, scope);
  if (plugins.some((plugin) => plugin.id !== id && scopeKey(plugin.name, plugin) === key)) {
    return coreConstraintError('name', uniqueMessage('unique-plugin-per-entity', key));
  }
  const instanceName = (body['instance_name'] as string | null | undefined) ?? null;
  if (instanceName !== null && plugins.some((plugin) => plugin.id !== id && plugin.instance_name === instanceName)) {
    return coreConstraintError('instance_name', uniqueMessage('instance_name', instanceName));
  }

  const existing = plugins.find((plugin) => plugin.id === id);
  const plugin: Plugin = {
    id,
    name,
    instance_name: instanceName,
    config,
    enabled: (body['enabled'] as boolean | null | undefined) ?? true,
    protocols: (body['protocols'] as string[] | null | undefined) ?? ['grpc', 'grpcs', 'http', 'https'],
    tags: (body['tags'] as string[] | null | undefined) ?? null,
    ...scope,
    created_at: existing?.created_at ?? unixNow(),
    updated_at: unixNow(),
    ...extras(body, PLUGIN_EXTRAS),
  };
  if (existing) plugins[plugins.indexOf(existing)] = plugin;
  else plugins.push(plugin);
  return publishing(cp, { status, body: plugin });
}

function inParent(plugin: Plugin, parent: ParentScope): boolean {
  return (parent.service === undefined || plugin.service?.id === parent.service.id) && (parent.route === undefined || plugin.route?.id === parent.route.id);
}

function pluginIdProblem(id: string): EmulatorReply | undefined {
  return UUID.test(id) ? undefined : coreBadRequest(` '${id}' is not a valid uuid`);
}

function createPluginIn(request: ApiRequest, cp: ControlPlaneScope, parent: ParentScope): EmulatorReply {
  const body = bodyObject(request);
  const id = chooseId(body);
  if (typeof id !== 'string') return coreValidationError([id]);
  if (cp.entities.plugins.some((plugin) => plugin.id === id)) return coreConstraintError('id', uniqueMessage('id', id));
  return savePlugin(cp, id, body, parent, 201);
}

function upsertPluginIn(request: ApiRequest, cp: ControlPlaneScope, parent: ParentScope): EmulatorReply {
  const id = param(request, 'PluginId');
  return pluginIdProblem(id) ?? savePlugin(cp, id.toLowerCase(), bodyObject(request), parent, 200);
}

function getPluginIn(request: ApiRequest, cp: ControlPlaneScope, parent: ParentScope): EmulatorReply {
  const id = param(request, 'PluginId');
  const invalid = pluginIdProblem(id);
  if (invalid) return invalid;
  const plugin = cp.entities.plugins.find((candidate) => candidate.id === id.toLowerCase());
  return plugin && inParent(plugin, parent) ? ok(plugin) : coreNotFound();
}

function deletePluginIn(request: ApiRequest, cp: ControlPlaneScope, parent: ParentScope): EmulatorReply {
  const id = param(request, 'PluginId');
  const invalid = pluginIdProblem(id);
  if (invalid) return invalid;
  const plugin = cp.entities.plugins.find((candidate) => candidate.id === id.toLowerCase());
  if (!plugin || !inParent(plugin, parent)) return noContent;
  cp.entities.plugins = cp.entities.plugins.filter((candidate) => candidate !== plugin);
  return publishing(cp, noContent);
}

function listPluginsIn(request: ApiRequest, cp: ControlPlaneScope, parent: ParentScope): EmulatorReply {
  return coreList(
    request,
    cp.entities.plugins.filter((plugin) => inParent(plugin, parent)),
  );
}

/** Binds a plugin operation to its scope: global, or nested under a service or a route. */
type PluginAction = (request: ApiRequest, cp: ControlPlaneScope, parent: ParentScope) => EmulatorReply;

const global = (action: PluginAction) => (request: ApiRequest) => withControlPlane(request, (cp) => action(request, cp, {}));

const underService = (action: PluginAction) => (request: ApiRequest) =>
  withControlPlane(request, (cp) => withParentService(request, cp, (service) => action(request, cp, { service: { id: service.id } })));

const underRoute = (action: PluginAction) => (request: ApiRequest) =>
  withControlPlane(request, (cp) => {
    const route = findByIdOrName(cp.entities.routes, param(request, 'RouteId'));
    return route ? action(request, cp, { route: { id: route.id } }) : coreNotFound();
  });

// ---------------------------------------------------------------- consumers

/** A Consumer by ID or by username, as Kong's `consumers/{username_or_id}` looks it up. */
function findConsumer(consumers: Consumer[], idOrUsername: string): Consumer | undefined {
  const byId = UUID.test(idOrUsername) ? consumers.find((consumer) => consumer.id === idOrUsername.toLowerCase()) : undefined;
  return byId ?? consumers.find((consumer) => consumer.username === idOrUsername);
}

/** koko's rule for a name in a path (`internal/server/admin/helper.go`, nameRegex). */
const PATH_NAME = /^[0-9a-zA-Z.\-_~]{1,128}$/;
/** koko's Consumer field patterns (`internal/resource/consumer.go`): words of these characters, single spaces between. */
const KOKO_USERNAME = /^[0-9a-zA-Z.\-_~+@/]+(?: [0-9a-zA-Z.\-_~+@/]+)*$/;
const KOKO_CUSTOM_ID = /^[0-9a-zA-Z.\-_~()#%@|+]+(?: [0-9a-zA-Z.\-_~()#%@|+]+)*$/;
const CONSUMER_FIELD_MAX = 128;
/** koko's `typedefs.Tags`: at most 8 tags of at most 128 characters (Konnect: "length must be <= 128"). */
const CONSUMER_TAGS_MAX = 8;
const TAG_MAX_LENGTH = 128;

/**
 * With `consumerKeys: strict`, a path key that is neither a UUID nor a plain name is refused before
 * any lookup, as koko's `getEntityByIDOrName` did: 400 `invalid ID:'<key>'`.
 */
function consumerKeyProblem(cp: ControlPlaneScope, key: string): EmulatorReply | undefined {
  if (cp.consumerKeys === 'lenient' || UUID.test(key) || PATH_NAME.test(key)) return undefined;
  return coreBadRequest(`invalid ID:'${key}'`);
}

function consumerProblems(body: Record<string, unknown>, keys: ConsumerKeyRules): CoreErrorDetail[] {
  const problems = tagProblems(body);
  const tags = body['tags'];
  if (Array.isArray(tags)) {
    if (tags.length > CONSUMER_TAGS_MAX) problems.push(fieldError('tags', `maximum ${CONSUMER_TAGS_MAX} items required, but found ${tags.length} items`));
    tags.forEach((tag: unknown, index) => {
      if (typeof tag === 'string' && tag.length > TAG_MAX_LENGTH)
        problems.push(fieldError(`tags[${index}]`, `length must be <= ${TAG_MAX_LENGTH}, but got ${tag.length}`));
    });
  }
  for (const field of ['username', 'custom_id'] as const) {
    const value = body[field];
    if (value === '') problems.push(fieldError(field, 'length must be at least 1'));
    if (keys === 'strict' && typeof value === 'string' && value !== '') {
      const pattern = field === 'username' ? KOKO_USERNAME : KOKO_CUSTOM_ID;
      if (value.length > CONSUMER_FIELD_MAX) problems.push(fieldError(field, `length must be <= ${CONSUMER_FIELD_MAX}, but got ${value.length}`));
      else if (!pattern.test(value)) problems.push(fieldError(field, `must match pattern '${pattern.source}'`));
    }
  }
  const named = (field: string) => typeof body[field] === 'string' && body[field] !== '';
  if (!named('username') && !named('custom_id')) {
    problems.push({ type: 'ERROR_TYPE_ENTITY', messages: ["at least one of these fields must be non-empty: 'custom_id', 'username'"] });
  }
  return problems;
}

/** A taken `username`, `custom_id` or `id`: Konnect's 400 constraint error, or the Admin API's 409 (the knob). */
function duplicateConsumer(cp: ControlPlaneScope, field: 'id' | 'username' | 'custom_id', value: string): EmulatorReply {
  return cp.duplicateConsumerStatus === 409 ? coreUniqueViolation(field, value) : coreConstraintError(field, uniqueMessage(field, value));
}

/** Stores a Consumer at `id` after Kong's checks; `status` is 201 for POST, 200 for PUT. */
function saveConsumer(cp: ControlPlaneScope, id: string, body: Record<string, unknown>, status: 200 | 201): EmulatorReply {
  const problems = consumerProblems(body, cp.consumerKeys);
  if (problems.length > 0) return coreValidationError(problems);
  const { consumers } = cp.entities;
  for (const field of ['username', 'custom_id'] as const) {
    const value = body[field];
    if (typeof value === 'string' && consumers.some((consumer) => consumer.id !== id && consumer[field] === value)) {
      return duplicateConsumer(cp, field, value);
    }
  }
  const existing = consumers.find((consumer) => consumer.id === id);
  const consumer: Consumer = {
    id,
    username: (body['username'] as string | null | undefined) ?? null,
    custom_id: (body['custom_id'] as string | null | undefined) ?? null,
    tags: (body['tags'] as string[] | null | undefined) ?? null,
    created_at: existing?.created_at ?? unixNow(),
    updated_at: unixNow(),
  };
  if (existing) consumers[consumers.indexOf(existing)] = consumer;
  else consumers.push(consumer);
  return publishing(cp, { status, body: consumer });
}

/** `custom_id=` (the spec's parameter), and `filter[username|custom_id|name][eq|contains]`; `name` is the username. */
const CONSUMER_FILTERS: CoreFilterFields<Consumer> = {
  username: (consumer) => consumer.username,
  name: (consumer) => consumer.username,
  custom_id: (consumer) => consumer.custom_id,
};

function listConsumers(request: ApiRequest): EmulatorReply {
  return withControlPlane(request, (cp) => {
    const customId = request.query.get('custom_id');
    const consumers = customId === null ? cp.entities.consumers : cp.entities.consumers.filter((consumer) => consumer.custom_id === customId);
    return coreList(request, consumers, CONSUMER_FILTERS);
  });
}

function createConsumer(request: ApiRequest): EmulatorReply {
  return withControlPlane(request, (cp) => {
    const body = bodyObject(request);
    const id = chooseId(body);
    if (typeof id !== 'string') return coreValidationError([id]);
    if (cp.entities.consumers.some((consumer) => consumer.id === id)) return duplicateConsumer(cp, 'id', id);
    return saveConsumer(cp, id, body, 201);
  });
}

function getConsumer(request: ApiRequest): EmulatorReply {
  return withControlPlane(request, (cp) => {
    const key = param(request, 'ConsumerId');
    const invalid = consumerKeyProblem(cp, key);
    if (invalid) return invalid;
    const consumer = findConsumer(cp.entities.consumers, key);
    return consumer ? ok(consumer) : coreNotFound();
  });
}

/** PUT by ID or username: update what is there, else create it (with that ID, or with that username). */
function upsertConsumer(request: ApiRequest): EmulatorReply {
  return withControlPlane(request, (cp) => {
    const idOrUsername = param(request, 'ConsumerId');
    const invalid = consumerKeyProblem(cp, idOrUsername);
    if (invalid) return invalid;
    const existing = findConsumer(cp.entities.consumers, idOrUsername);
    const byUsername = !UUID.test(idOrUsername);
    const body = byUsername ? { ...bodyObject(request), username: idOrUsername } : bodyObject(request);
    return saveConsumer(cp, existing?.id ?? (byUsername ? randomUUID() : idOrUsername.toLowerCase()), body, 200);
  });
}

function deleteConsumer(request: ApiRequest): EmulatorReply {
  return withControlPlane(request, (cp) => {
    const key = param(request, 'ConsumerId');
    const invalid = consumerKeyProblem(cp, key);
    if (invalid) return invalid;
    const consumer = findConsumer(cp.entities.consumers, key);
    if (!consumer) return noContent;
    cp.entities.consumers = cp.entities.consumers.filter((candidate) => candidate !== consumer);
    cp.entities.plugins = cp.entities.plugins.filter((plugin) => plugin.consumer?.id !== consumer.id);
    return publishing(cp, noContent);
  });
}

// ---------------------------------------------------------------- operations by operationId

export const coreEntityOperations: Operations = {
  'list-service': listServices,
  'create-service': createService,
  'get-service': getService,
  'upsert-service': upsertService,
  'delete-service': deleteService,

  'list-route': listRoutes,
  'create-route': createRoute,
  'get-route': getRoute,
  'upsert-route': upsertRoute,
  'delete-route': deleteRoute,
  'list-route-with-service': listRoutesOfService,
  'create-route-with-service': createRouteInService,
  'get-route-with-service': getRouteInService,
  'upsert-route-with-service': upsertRouteInService,
  'delete-route-with-service': deleteRouteInService,

  'list-plugin': global(listPluginsIn),
  'create-plugin': global(createPluginIn),
  'get-plugin': global(getPluginIn),
  'upsert-plugin': global(upsertPluginIn),
  'delete-plugin': global(deletePluginIn),
  'list-plugin-with-service': underService(listPluginsIn),
  'create-plugin-with-service': underService(createPluginIn),
  'get-plugin-with-service': underService(getPluginIn),
  'upsert-plugin-with-service': underService(upsertPluginIn),
  'delete-plugin-with-service': underService(deletePluginIn),
  'list-plugin-with-route': underRoute(listPluginsIn),
  'create-plugin-with-route': underRoute(createPluginIn),
  'get-plugin-with-route': underRoute(getPluginIn),
  'upsert-plugin-with-route': underRoute(upsertPluginIn),
  'delete-plugin-with-route': underRoute(deletePluginIn),

  'list-consumer': listConsumers,
  'create-consumer': createConsumer,
  'get-consumer': getConsumer,
  'upsert-consumer': upsertConsumer,
  'delete-consumer': deleteConsumer,
};
