import * as log from '../runner/log.js';
import type { Config, PluginTarget } from '../inputs/config.js';
import { ActionError, allSettledOrThrow, inStep } from '../errors/errors.js';
import { konnectRefusal } from '../konnect/errors.js';
import type { AuthServer } from '../konnect/identity.js';
import { pluginsApi, type NamedEntity, type Plugin, type PluginBody, type PluginsApi } from '../konnect/plugins.js';
import { listClientsWithScopes, type OtherClient } from './auth-server.js';
import { teardownItem, type RunContext, type TeardownItem } from './description.js';
import { planFields, type Plan, type Reconciled } from './diff.js';
import { ACTION, creationTags, ownerByTags, type Owner, type RunOrigin } from './ownership.js';
import { define, type TeardownState } from './registry.js';

/**
 * The openid-connect plugin on the target scope (global, a service, a route): one per scope, shared
 * by every client of the auth server it trusts. The action owns some of its config keys (below) and
 * keeps every other key as it is. What belongs to one client never locks another out:
 * create-consumer maps tokens to Consumers with consumer_optional, so a client without one still
 * passes; require-scopes keeps one scopes_required entry per client scope set (entries are OR).
 * A plugin that trusts another auth server, or an issuer outside the org's Kong Identity (an
 * external identity provider), is someone else's: repointing it needs replace-plugin-issuer.
 */

export const PLUGIN_NAME = 'openid-connect';
/** The deck selector: `deck gateway sync --select-tag` can leave the action's plugins alone. Not an ownership mark. */
export const PLUGIN_TAG = ACTION;
/** Marks scopes_required as the action's: the entries are per client scope set, and the action keeps them. */
export const SCOPES_REQUIRED_TAG = 'kong-identity-oidc-action-scopes-required';
/** The claim Kong Identity puts the client id in: what create-consumer's Consumer is found by (its custom_id). */
export const CONSUMER_ID_CLAIM = 'client_id';

/**
 * The config keys the action owns. `audience` alone only goes to the authorization endpoint;
 * `audience_required` is what enforces the aud claim. `auth_methods: [bearer]` makes a request
 * without a token get 401, not a redirect.
 */
export interface OwnedPluginConfig {
  issuer: string;
  auth_methods: string[];
  audience: string[];
  audience_required: string[];
  /**
   * Owned only when the consumer-claim input is set, or create-consumer: the claim whose value names
   * the Consumer. This is the setting, not the key written: Kong Gateway up to 3.13 stores
   * `consumer_claim: [x]`; 3.14+ stores `consumer_claims: [[x]]` and takes `consumer_claim` only as
   * a write-only shorthand, refusing a write where the two disagree. See `consumerMapping`.
   */
  consumer_claim?: string[];
  /** With create-consumer: a token whose client has no Consumer still passes (other clients of the auth server). */
  consumer_optional?: boolean;
  /** One entry per client scope set (a space inside an entry is AND; entries are OR); `null` releases it. */
  scopes_required?: string[] | null;
}

/** What the find gives: the target (undefined in a teardown whose service or route is gone) and the plugin on it. */
export interface FoundPlugin {
  target: ResolvedTarget | undefined;
  plugin: Plugin | undefined;
  /** Whether the plugin's scopes_required is the action's (SCOPES_REQUIRED_TAG). */
  managesScopesRequired: boolean;
}

export interface PluginOutcome extends Reconciled<Plugin> {
  target: ResolvedTarget;
}

/** One scopes_required entry: a scope set, its names sorted so that the same set is the same entry. */
export function scopeEntry(names: readonly string[]): string {
  return [...new Set(names)].sort().join(' ');
}

function entriesOf(plugin: Plugin | undefined): string[] {
  const value = plugin?.config?.['scopes_required'];
  return Array.isArray(value)
    ? value.filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '').map((entry) => scopeEntry(entry.split(/\s+/)))
    : [];
}

/**
 * The scopes_required the inputs ask for, given the plugin found: undefined leaves it alone.
 * - require-scopes: this client's entry is added; the first run that turns it on also adds an entry
 *   for every other client of the auth server (`others`), so none is locked out;
 * - without it, on a plugin whose scopes_required is the action's: this client's entry is added too,
 *   or, when it is the only entry, scopes_required is released (null).
 */
export function desiredScopesRequired(
  config: Pick<Config, 'requireScopes' | 'scopes'>,
  existing: Plugin | undefined,
  others: readonly OtherClient[] | undefined,
): string[] | null | undefined {
  const ours = scopeEntry(config.scopes);
  const managed = existing?.tags?.includes(SCOPES_REQUIRED_TAG) ?? false;
  const current = entriesOf(existing);
  if (config.requireScopes) {
    const theirs = managed ? [] : (others ?? []).filter((client) => client.scopeNames.length > 0).map((client) => scopeEntry(client.scopeNames));
    return [...new Set([...current, ...theirs, ours])];
  }
  if (!managed) return undefined;
  if (current.length === 0 || (current.length === 1 && current[0] === ours)) return null;
  return [...new Set([...current, ours])];
}

/** The scopes_required entries that serve these clients: one per scope set (clients without scopes need none). */
export function entriesForClients(clients: readonly OtherClient[]): string[] {
  return [...new Set(clients.filter((client) => client.scopeNames.length > 0).map((client) => scopeEntry(client.scopeNames)))];
}

function sameEntries(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((entry) => b.includes(entry));
}

/**
 * Teardown: the scopes_required that serves the clients left (read after the mark), so the departing
 * client's entry goes unless one of them has the same set; undefined when nothing changes, null when
 * no entry is left (released).
 */
export function scopesRequiredAfter(existing: Plugin, remaining: readonly OtherClient[]): string[] | null | undefined {
  if (!existing.tags?.includes(SCOPES_REQUIRED_TAG)) return undefined;
  const wanted = entriesForClients(remaining);
  if (sameEntries(wanted, entriesOf(existing))) return undefined;
  return wanted.length === 0 ? null : wanted;
}

export function desiredPluginConfig(
  issuer: string,
  config: Config,
  existing: Plugin | undefined,
  others: readonly OtherClient[] | undefined,
): OwnedPluginConfig {
  // create-consumer maps by the client_id claim (the Consumer's custom_id), unless consumer-claim says otherwise.
  const consumerClaim = config.consumerClaim ?? (config.createConsumer ? CONSUMER_ID_CLAIM : undefined);
  const scopesRequired = desiredScopesRequired(config, existing, others);
  return {
    issuer,
    auth_methods: ['bearer'],
    audience: [config.authServer.audience],
    audience_required: [config.authServer.audience],
    ...(consumerClaim === undefined ? {} : { consumer_claim: [consumerClaim] }),
    ...(config.createConsumer ? { consumer_optional: true } : {}),
    ...(scopesRequired === undefined ? {} : { scopes_required: scopesRequired }),
  };
}

/** The plugin's issuer, compared without trailing slashes or a discovery suffix (Kong accepts either form). */
function sameIssuer(a: unknown, b: string): boolean {
  if (typeof a !== 'string') return false;
  const canonical = (issuer: string) => issuer.replace(/\/\.well-known\/openid-configuration$/, '').replace(/\/+$/, '');
  return canonical(a) === canonical(b);
}

/** Whether the plugin trusts this issuer. */
export function trustsIssuer(plugin: Plugin, issuer: string): boolean {
  return sameIssuer(plugin.config?.['issuer'], issuer);
}

/** Who the plugin's issuer belongs to: our auth server, another one of the region, or none of them. */
export type IssuerOwner = { kind: 'ours' } | { kind: 'other auth server'; server: AuthServer } | { kind: 'outside'; issuer: string };

export function issuerOwner(plugin: Plugin, ourName: string, servers: readonly AuthServer[]): IssuerOwner {
  const ours = servers.find((server) => server.name === ourName);
  if (ours !== undefined && trustsIssuer(plugin, ours.issuer)) return { kind: 'ours' };
  const other = servers.find((server) => server.name !== ourName && trustsIssuer(plugin, server.issuer));
  if (other !== undefined) return { kind: 'other auth server', server: other };
  const issuer = plugin.config?.['issuer'];
  return { kind: 'outside', issuer: typeof issuer === 'string' ? issuer : '(none)' };
}

/**
 * Before any write: the plugin on the target must trust this auth server already, or be ours (its
 * auth server was deleted: drift), unless replace-plugin-issuer takes it over.
 */
export function assertPluginMayTrustUs(
  plugin: Plugin | undefined,
  servers: readonly AuthServer[],
  options: { authServerName: string; controlPlaneName: string; target: ResolvedTarget; replace: boolean; origin: RunOrigin },
): void {
  if (plugin === undefined) return;
  const owner = issuerOwner(plugin, options.authServerName, servers);
  if (owner.kind === 'ours') return;
  if (owner.kind === 'outside' && ownerByTags(plugin.tags, options.origin).ours) return; // ours, trusting an auth server since deleted
  const whom =
    owner.kind === 'other auth server'
      ? `auth server "${owner.server.name}" (${owner.server.id}), which still exists`
      : `the issuer ${owner.issuer}, which is none of this region's Kong Identity auth servers (an external identity provider, or an auth server since deleted), and the plugin was not created by this action for this repository`;
  const lockedOut = owner.kind === 'other auth server' ? `the clients of "${owner.server.name}"` : 'the tokens it accepts now';
  if (options.replace) {
    log.warning(
      `replace-plugin-issuer: the ${PLUGIN_NAME} plugin (${options.target.label}) trusted ${whom}; it now trusts "${options.authServerName}", and ${lockedOut} no longer pass it.`,
    );
    return;
  }
  throw new ActionError(
    `The ${PLUGIN_NAME} plugin (${options.target.label}) on control plane "${options.controlPlaneName}" trusts ${whom}: pointing it at "${options.authServerName}" would lock out ${lockedOut}. Nothing was changed.`,
    {
      hint: `Give "${options.authServerName}" a plugin of its own: on another service or route (the service / route inputs) or on another control plane; or set replace-plugin-issuer: true to take this plugin over on purpose.`,
    },
  );
}

/** The scope a plugin applies to, resolved to ids. */
export interface ResolvedTarget {
  serviceId?: string;
  routeId?: string;
  /** For messages: `global`, `service "x"`, `route "y"`. */
  label: string;
}

/** A service or route input that names nothing on the control plane (teardown takes it as "no plugin there"). */
export class MissingTargetError extends ActionError {
  override readonly name = 'MissingTargetError';
}

/** Looks the service and route up (by name or id) at once; a missing one names its input. */
export async function resolvePluginTarget(api: PluginsApi, target: PluginTarget): Promise<ResolvedTarget> {
  const lookup = async (kind: 'service' | 'route', idOrName: string | undefined): Promise<NamedEntity | undefined> => {
    if (idOrName === undefined) return undefined;
    return inStep(`look up ${kind} "${idOrName}"`, async () => {
      const [found] = await api.findEntity(kind === 'service' ? 'services' : 'routes', idOrName);
      if (found === undefined) {
        throw new MissingTargetError(`No ${kind} "${idOrName}" exists on the control plane.`, {
          hint: `Check the ${kind} input: the name or id of a ${kind} on this control plane (or leave it empty to apply the plugin globally).`,
        });
      }
      return found;
    });
  };
  const [service, route] = await allSettledOrThrow([lookup('service', target.service), lookup('route', target.route)]);
  return {
    ...(service ? { serviceId: service.id } : {}),
    ...(route ? { routeId: route.id } : {}),
    label: targetLabel(target),
  };
}

/** How logs and the summary name where the plugin applies: `global`, `service "a"`, `service "a" + route "b"`. */
export function targetLabel(target: PluginTarget): string {
  const parts = [target.service === undefined ? '' : `service "${target.service}"`, target.route === undefined ? '' : `route "${target.route}"`];
  return parts.filter(Boolean).join(' + ') || 'global';
}

/**
 * The plugin on exactly this scope: same service and route, no consumer or consumer group. Kong
 * allows one per scope; should there be more, the action's tagged one wins.
 */
export function pickPluginForTarget(plugins: readonly Plugin[], target: ResolvedTarget): Plugin | undefined {
  const onScope = plugins.filter(
    (plugin) =>
      plugin.name === PLUGIN_NAME &&
      (plugin.service?.id ?? undefined) === target.serviceId &&
      (plugin.route?.id ?? undefined) === target.routeId &&
      !plugin.consumer?.id &&
      !plugin.consumer_group?.id,
  );
  return onScope.find((plugin) => plugin.tags?.includes(PLUGIN_TAG)) ?? onScope[0];
}

// ---------------------------------------------------------------- the Consumer mapping, per gateway version

/**
 * How a stored config maps tokens to Consumers, as claim paths (`[["sub"]]`), or null when it does
 * not. A config that has the `consumer_claims` key was stored by Kong 3.14+, where that key is the
 * setting (a `consumer_claim` beside it, should a store echo the shorthand, says nothing more);
 * without it, the config is 3.13's and `consumer_claim` (one path) is the setting.
 */
export function consumerMapping(config: Readonly<Record<string, unknown>>): string[][] | null {
  const paths = usesConsumerClaims(config) ? config['consumer_claims'] : [config['consumer_claim']];
  if (!Array.isArray(paths)) return null;
  const valid = paths.filter((path): path is string[] => Array.isArray(path) && path.length > 0 && path.every((name) => typeof name === 'string'));
  return valid.length > 0 ? valid : null;
}

/** Whether the stored config is of Kong 3.14+, which knows `consumer_claims` (Konnect returns every field). */
function usesConsumerClaims(config: Readonly<Record<string, unknown>>): boolean {
  return Object.hasOwn(config, 'consumer_claims');
}

/**
 * The config keys that set the mapping to `claim`, in the one form the stored plugin's gateway
 * version reads back: `consumer_claims: [claim]` on 3.14+, `consumer_claim: claim` before (and on
 * a new plugin, where 3.13 takes the field and 3.14+ the shorthand alike).
 */
function consumerMappingKeys(claim: string[], existing: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  return existing !== undefined && usesConsumerClaims(existing) ? { consumer_claims: [claim] } : { consumer_claim: claim };
}

// ---------------------------------------------------------------- plan and body

/** Compares only what the action owns: its config keys, `enabled`, and its tags. */
export function planPlugin(desired: OwnedPluginConfig, existing: Plugin | undefined, origin: RunOrigin): Plan {
  const { consumer_claim: claim, ...keys } = desired;
  const wanted: Record<string, unknown> = { enabled: true };
  for (const [key, value] of Object.entries(keys)) wanted[`config.${key}`] = value;
  if (existing === undefined) {
    if (claim !== undefined) wanted['config.consumer_claim'] = claim;
    return planFields({ ...wanted, tags: pluginTags(undefined, desired, origin) }, undefined);
  }

  const config = existing.config ?? {};
  const current: Record<string, unknown> = { enabled: existing.enabled ?? true };
  for (const key of Object.keys(keys)) current[`config.${key}`] = config[key];
  if (claim !== undefined) {
    // Compared as the setting, so `consumer_claim: [x]` and `consumer_claims: [[x]]` are the same;
    // reported under the key the write would use.
    const stored = consumerMapping(config);
    if (usesConsumerClaims(config)) {
      wanted['config.consumer_claims'] = [claim];
      current['config.consumer_claims'] = stored;
    } else {
      wanted['config.consumer_claim'] = claim;
      current['config.consumer_claim'] = stored?.[0] ?? null;
    }
  }
  const plan = planFields(wanted, current, ['config.auth_methods', 'config.scopes_required']);
  const tags = existing.tags ?? [];
  const nextTags = pluginTags(existing, desired, origin);
  if (nextTags.length !== tags.length || nextTags.some((tag, i) => tag !== tags[i])) {
    plan.changes.push({ field: 'tags', from: tags, to: nextTags });
    plan.action = 'update';
  }
  return plan;
}

/**
 * A new plugin's tags: the deck selector and the creation mark. A found plugin's: its own, with the
 * deck selector added (never the creation mark), and the scopes_required tag added or removed as the
 * action takes up or releases scopes_required.
 */
function pluginTags(existing: Plugin | undefined, desired: OwnedPluginConfig, origin: RunOrigin): string[] {
  const base = existing === undefined ? creationTags(origin) : [...(existing.tags ?? [])];
  const next = base.includes(PLUGIN_TAG) ? base : [...base, PLUGIN_TAG];
  if (Array.isArray(desired.scopes_required) && !next.includes(SCOPES_REQUIRED_TAG)) next.push(SCOPES_REQUIRED_TAG);
  if (desired.scopes_required === null) return next.filter((tag) => tag !== SCOPES_REQUIRED_TAG);
  return next;
}

/**
 * The PUT body: the existing plugin with the owned keys set, every other key kept as it was; or a
 * new plugin on the target. Never both forms of the Consumer mapping: on 3.14+ a `consumer_claim`
 * beside `consumer_claims` is left out, since Kong refuses the two when they disagree.
 */
export function pluginBody(desired: OwnedPluginConfig, existing: Plugin | undefined, target: ResolvedTarget, origin: RunOrigin): PluginBody {
  const { consumer_claim: claim, ...keys } = desired;
  if (existing === undefined) {
    return {
      name: PLUGIN_NAME,
      config: { ...keys, ...(claim === undefined ? {} : consumerMappingKeys(claim, undefined)) },
      enabled: true,
      tags: pluginTags(undefined, desired, origin),
      ...(target.serviceId === undefined ? {} : { service: { id: target.serviceId } }),
      ...(target.routeId === undefined ? {} : { route: { id: target.routeId } }),
    };
  }
  const { id: _id, created_at: _created, updated_at: _updated, ...rest } = existing;
  const { consumer_claim: _shorthand, ...kept } = existing.config ?? {};
  const config = usesConsumerClaims(kept) ? kept : (existing.config ?? {});
  return {
    ...rest,
    config: { ...config, ...keys, ...(claim === undefined ? {} : consumerMappingKeys(claim, config)) },
    enabled: true,
    tags: pluginTags(existing, desired, origin),
  };
}

/** Every openid-connect plugin of the control plane, whatever its scope (one filtered request). */
async function listOidcPlugins(api: PluginsApi): Promise<Plugin[]> {
  return inStep(`list the ${PLUGIN_NAME} plugins`, () => api.listByName(PLUGIN_NAME));
}

/**
 * Creates or updates the plugin in place with a PUT by id (a new plugin gets a fresh id, so the
 * PUT is safe to repeat). Never a second plugin: if a concurrent run created one first, Kong
 * refuses ours with a unique-constraint 400, and the action updates theirs instead.
 */
export async function putPlugin(
  api: PluginsApi,
  target: ResolvedTarget,
  desiredFor: (existing: Plugin | undefined) => OwnedPluginConfig,
  existing: Plugin | undefined,
  origin: RunOrigin,
): Promise<Reconciled<Plugin>> {
  const desired = desiredFor(existing);
  const plan = planPlugin(desired, existing, origin);
  if (existing !== undefined && plan.action === 'unchanged') return { plan, resource: existing, created: false };
  const verb = existing === undefined ? 'create' : 'update';
  try {
    const resource = await inStep(`${verb} the ${PLUGIN_NAME} plugin (${target.label})`, () =>
      api.put(existing?.id ?? crypto.randomUUID(), pluginBody(desired, existing, target, origin)),
    );
    return { plan, resource, created: existing === undefined };
  } catch (error) {
    const lostRace = existing === undefined && konnectRefusal(error, 400)?.mentions(/unique/i) === true;
    if (!lostRace) throw error;
    const sibling = pickPluginForTarget(await listOidcPlugins(api), target);
    if (sibling === undefined) throw error;
    log.info(`Another run created the ${PLUGIN_NAME} plugin (${target.label}) first; updating it instead.`);
    return putPlugin(api, target, desiredFor, sibling, origin);
  }
}

/** Writes the plugin back with these scopes_required entries (null releases it), every other field as it is. */
export async function putScopesRequired(api: PluginsApi, plugin: Plugin, target: ResolvedTarget, entries: string[] | null, origin: RunOrigin): Promise<void> {
  const keep = (key: string) => plugin.config?.[key];
  const desired: OwnedPluginConfig = {
    issuer: String(keep('issuer') ?? ''),
    auth_methods: (keep('auth_methods') as string[] | undefined) ?? ['bearer'],
    audience: (keep('audience') as string[] | undefined) ?? [],
    audience_required: (keep('audience_required') as string[] | undefined) ?? [],
    scopes_required: entries,
  };
  await inStep(`update the scopes_required of the ${PLUGIN_NAME} plugin (${target.label})`, () =>
    api.put(plugin.id, pluginBody(desired, plugin, target, origin)),
  );
}

/**
 * The provisioning half of sharing scopes_required. Its entries are read and written whole, and two
 * runs can write them at once, each from what it read: so a run whose plugin holds the action's
 * scopes_required, once its own client exists, sets them to one entry per client of the auth server
 * (a fresh list), and reads them again after its write until they hold. The last write of any run is
 * then followed by a fresh list of that run, so no client that exists by then is left out.
 */
const SCOPES_REQUIRED_ROUNDS = 3;

export const scopeEntryKept = define({
  key: 'scopeEntryKept',
  phase: 'plugin',
  row: 'plugin',
  apply: {
    needs: ['controlPlane', 'authServer', 'plugin', 'client'],
    after: ['scopes'],
    run: async (ctx, found, { controlPlane, authServer, plugin: outcome }) => {
      const managed = (candidate: Plugin) => candidate.tags?.includes(SCOPES_REQUIRED_TAG) ?? false;
      if (!managed(outcome.resource) && !found.plugin.managesScopesRequired) return undefined;
      const api = pluginsApi(ctx.konnect, controlPlane.id);
      for (let round = 1; round <= SCOPES_REQUIRED_ROUNDS; round += 1) {
        const [current, { clients }] = await allSettledOrThrow([
          inStep(`read the ${PLUGIN_NAME} plugin (${outcome.target.label})`, () => api.get(outcome.resource.id)),
          listClientsWithScopes(ctx.identity, authServer.resource),
        ]);
        if (!managed(current)) return undefined;
        const wanted = entriesForClients(clients);
        if (sameEntries(wanted, entriesOf(current))) return undefined;
        await putScopesRequired(api, current, outcome.target, wanted.length === 0 ? null : wanted, ctx.origin);
      }
      return undefined;
    },
  },
});

// ---------------------------------------------------------------- the description

export const plugin = define({
  key: 'plugin',
  phase: 'plugin',
  row: 'plugin',
  find: {
    needs: ['controlPlane'],
    // Queued behind the auth server's children lookups, which lead to the token.
    after: ['authServer'],
    run: async (ctx, { controlPlane }): Promise<FoundPlugin> => {
      const api = pluginsApi(ctx.konnect, controlPlane.id);
      const [target, list] = await allSettledOrThrow([
        resolvePluginTarget(api, ctx.config.pluginTarget).catch((error: unknown) => {
          // A preview environment's route is often deleted first: a teardown finds no plugin there.
          if (ctx.config.mode === 'teardown' && error instanceof Error && error.cause instanceof MissingTargetError) return undefined;
          throw error;
        }),
        listOidcPlugins(api),
      ]);
      const found = target === undefined ? undefined : pickPluginForTarget(list, target);
      return { target, plugin: found, managesScopesRequired: found?.tags?.includes(SCOPES_REQUIRED_TAG) ?? false };
    },
  },
  check: (ctx, found) => {
    const target = found.plugin.target;
    const existing = found.plugin.plugin;
    if (target === undefined || existing === undefined) return;
    assertPluginMayTrustUs(existing, found.authServer.all, {
      authServerName: ctx.config.authServer.name,
      controlPlaneName: found.controlPlane.name,
      target,
      replace: ctx.config.replacePluginIssuer,
      origin: ctx.origin,
    });
    assertMappingIsOurs(ctx, existing, target);
  },
  apply: {
    needs: ['controlPlane', 'authServer'],
    run: async (ctx, found, { controlPlane, authServer }): Promise<PluginOutcome> => {
      const target = found.plugin.target as ResolvedTarget; // only a teardown goes on without one
      const desiredFor = (existing: Plugin | undefined) => desiredPluginConfig(authServer.resource.issuer, ctx.config, existing, found.otherClients);
      return { ...(await putPlugin(pluginsApi(ctx.konnect, controlPlane.id), target, desiredFor, found.plugin.plugin, ctx.origin)), target };
    },
  },
  teardown: {
    stage: 'shared',
    decide: (ctx, state) => [decidePlugin(ctx, state)],
    remove: async (ctx, state, item) => {
      const api = pluginsApi(ctx.konnect, state.found.controlPlane.id);
      const existing = state.found.plugin.plugin as Plugin;
      const target = state.found.plugin.target as ResolvedTarget;
      if (item.outcome === 'update') {
        await putScopesRequired(api, existing, target, scopesRequiredAfter(existing, state.remaining ?? []) ?? null, ctx.origin);
        return item;
      }
      if (ctx.config.leaveTargetOpen) {
        log.warning(`leave-target-open: the ${PLUGIN_NAME} plugin (${target.label}) is deleted; ${openWhat(target)} now answers requests without a token.`);
      }
      await inStep(`delete the ${PLUGIN_NAME} plugin (${target.label})`, () => api.delete(existing.id));
      return item;
    },
  },
  plan: (ctx, found) => {
    const existing = found.plugin.plugin;
    const issuer = found.authServer.named?.issuer ?? '(issuer of the new auth server)';
    const plan = planPlugin(desiredPluginConfig(issuer, ctx.config, existing, found.otherClients), existing, ctx.origin);
    return [
      {
        kind: 'plugin',
        name: `${PLUGIN_NAME} (${found.plugin.target?.label ?? targetLabel(ctx.config.pluginTarget)})`,
        ...plan,
        ...(existing ? { id: existing.id } : {}),
      },
    ];
  },
});

function openWhat(target: ResolvedTarget): string {
  return target.serviceId === undefined && target.routeId === undefined ? 'every route of the control plane' : target.label;
}

/**
 * What a teardown does with the plugin on the target. It serves every client of its auth server:
 * while clients are left, only the departing client's scopes_required entry goes. With none left,
 * it is deleted if ours (or force) and it trusts this auth server; but deleting it would leave its
 * target (the whole control plane for a global plugin, or the service or route, which still exists
 * since it was found) open without a token, so by default it stays, refusing every token once its
 * auth server is gone, and leave-target-open deletes it.
 */
function decidePlugin(ctx: RunContext, state: TeardownState): TeardownItem {
  const { found } = state;
  const target = found.plugin.target;
  const existing = found.plugin.plugin;
  const name = `${PLUGIN_NAME} (${target?.label ?? 'its service or route is gone'})`;
  if (existing === undefined || target === undefined) return teardownItem('plugin', name, 'absent');
  const at = { id: existing.id, parents: { controlPlaneId: found.controlPlane.id } };
  const keep = (reason: string) => teardownItem('plugin', name, 'keep', { ...at, reason });
  const server = found.authServer.named;
  const issuer = issuerOwner(existing, ctx.config.authServer.name, found.authServer.all);
  const owner = ownerByTags(existing.tags, ctx.origin);
  // Ours and trusting no auth server that exists: kept by an earlier teardown to keep its target closed.
  if (server === undefined && issuer.kind === 'outside' && owner.ours) {
    return ctx.config.leaveTargetOpen
      ? teardownItem('plugin', name, 'delete', at)
      : keep(
          `its auth server is gone and it refuses every token; deleting it would leave ${openWhat(target)} open without a token (leave-target-open: true deletes it)`,
        );
  }
  if (server === undefined || !trustsIssuer(existing, server.issuer)) {
    const whom = issuer.kind === 'other auth server' ? `auth server "${issuer.server.name}"` : 'an issuer of no existing auth server';
    return keep(`it trusts ${whom}, not auth server "${ctx.config.authServer.name}"`);
  }
  if (state.sharedKept !== undefined) return keep(state.sharedKept);
  const remaining = state.remaining ?? [];
  if (remaining.length > 0) {
    const entries = scopesRequiredAfter(existing, remaining);
    if (entries !== undefined && state.clientGoes)
      return teardownItem('plugin', name, 'update', { ...at, reason: "removes this client's scopes_required entry" });
    return keep(
      `${remaining.length} other client${remaining.length === 1 ? '' : 's'} of auth server "${server.name}" still use${remaining.length === 1 ? 's' : ''} it`,
    );
  }
  if (!owner.ours && !ctx.config.force) return keep(`it is ${owner.owner} (force: true deletes it)`);
  if (!ctx.config.leaveTargetOpen) {
    return keep(
      `deleting it would leave ${openWhat(target)} open without a token; it stays and refuses every token once auth server "${server.name}" is gone (leave-target-open: true deletes it)`,
    );
  }
  return teardownItem('plugin', name, 'delete', at);
}

/**
 * A plugin that is not ours and maps tokens to Consumers by another claim serves its own mapping:
 * changing it for create-consumer would break it (consumer-claim asks for the change by name).
 */
function assertMappingIsOurs(ctx: RunContext, existing: Plugin, target: ResolvedTarget): void {
  // consumer-claim names the mapping on purpose; create-consumer's own mapping is the one to check.
  if (ctx.config.consumerClaim !== undefined || !ctx.config.createConsumer) return;
  const claim = CONSUMER_ID_CLAIM;
  const mapping = consumerMapping(existing.config ?? {});
  if (mapping === null || (mapping.length === 1 && mapping[0]?.length === 1 && mapping[0][0] === claim)) return;
  const owner: Owner = ownerByTags(existing.tags, ctx.origin);
  if (owner.ours || ctx.config.takeOver) return;
  throw new ActionError(
    `The ${PLUGIN_NAME} plugin (${target.label}) maps tokens to Consumers by the claim ${JSON.stringify(mapping)}, and it is ${owner.owner}: mapping by "${claim}" instead would break its Consumers. Nothing was changed.`,
    { hint: `Set consumer-claim to the claim it maps by, or leave create-consumer off; or set take-over: true to change its mapping on purpose.` },
  );
}
