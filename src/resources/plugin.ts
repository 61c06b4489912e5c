import * as log from '../runner/log.js';
import type { Config, PluginTarget } from '../inputs/config.js';
import { ActionError, inStep } from '../errors/errors.js';
import { KonnectApiError } from '../konnect/errors.js';
import type { AuthServer } from '../konnect/identity.js';
import type { NamedEntity, Plugin, PluginBody, PluginsApi } from '../konnect/plugins.js';
import { deleteIfPresent } from '../reconcile/delete.js';
import { planFields, type Plan, type Reconciled } from './diff.js';

export const PLUGIN_NAME = 'openid-connect';
/** Marks the plugin as the action's, so `deck gateway sync --select-tag` can leave it alone. */
export const PLUGIN_TAG = 'kong-identity-oidc-action';
/**
 * Marks `scopes_required` as set by the action (require-scopes: true), so that turning the input
 * off removes it on the next run, and only then: a `scopes_required` someone else set is not the
 * action's to remove. The tag, not the value, records ownership, so it survives a change of scopes.
 */
/** The claim Kong Identity puts the client id in: what create-consumer's Consumer is found by (its custom_id). */
export const CONSUMER_ID_CLAIM = 'client_id';

export const SCOPES_REQUIRED_TAG = 'kong-identity-oidc-action-scopes-required';

/**
 * The config keys the action owns. Any other key the user set on the plugin is kept as it is.
 * `audience` alone only goes to the authorization endpoint; `audience_required` is what enforces
 * the aud claim. `auth_methods: [bearer]` makes a request without a token get 401, not a redirect.
 */
export interface OwnedPluginConfig {
  issuer: string;
  auth_methods: string[];
  audience: string[];
  audience_required: string[];
  /**
   * Owned only when the consumer-claim input is set: the claim whose value names the Consumer
   * (matched by consumer_by, default custom_id then username), as the how-to's FAQ describes.
   * This is the setting, not the key written: Kong Gateway up to 3.13 stores `consumer_claim: [x]`;
   * 3.14+ stores `consumer_claims: [[x]]` (an array of claim paths) and takes `consumer_claim` only
   * as a write-only shorthand, refusing a write where the two disagree. See `consumerMapping`.
   */
  consumer_claim?: string[];
  /**
   * With require-scopes: every one of the action's scopes, in one entry (a space inside an entry is
   * AND; separate entries would be OR). `null` removes the one the action set (SCOPES_REQUIRED_TAG).
   */
  scopes_required?: string[] | null;
}

export function desiredPluginConfig(issuer: string, audience: string, consumerClaim?: string, requiredScopes?: readonly string[]): OwnedPluginConfig {
  return {
    issuer,
    auth_methods: ['bearer'],
    audience: [audience],
    audience_required: [audience],
    ...(consumerClaim === undefined ? {} : { consumer_claim: [consumerClaim] }),
    ...(requiredScopes === undefined ? {} : { scopes_required: [requiredScopes.join(' ')] }),
  };
}

/** The owned config the inputs ask for, given what the existing plugin says the action owns. */
export function desiredPluginFor(config: Config, issuer: string, existing: Plugin | undefined): OwnedPluginConfig {
  const requiredScopes = config.requireScopes ? config.scopes : undefined;
  // create-consumer maps by the client_id claim (the Consumer's custom_id), unless consumer-claim says otherwise.
  const consumerClaim = config.consumerClaim ?? (config.createConsumer ? CONSUMER_ID_CLAIM : undefined);
  return releaseScopesRequired(desiredPluginConfig(issuer, config.authServer.audience, consumerClaim, requiredScopes), existing);
}

/**
 * With require-scopes off, `scopes_required` is the action's only if its tag says it set it: then
 * it is removed (set to null, as Konnect stores an unset field); otherwise it is left alone.
 */
export function releaseScopesRequired(desired: OwnedPluginConfig, existing: Plugin | undefined): OwnedPluginConfig {
  if (desired.scopes_required !== undefined || !existing?.tags?.includes(SCOPES_REQUIRED_TAG)) return desired;
  return { ...desired, scopes_required: null };
}

/** The plugin's issuer, compared without trailing slashes or a discovery suffix (Kong accepts either form). */
function sameIssuer(a: unknown, b: string): boolean {
  if (typeof a !== 'string') return false;
  const canonical = (issuer: string) => issuer.replace(/\/\.well-known\/openid-configuration$/, '').replace(/\/+$/, '');
  return canonical(a) === canonical(b);
}

/**
 * Another auth server that still exists and whose issuer the plugin trusts: repointing the plugin
 * would lock that server's clients out (and its next run would lock ours out). A plugin whose issuer
 * belongs to no existing auth server (one deleted or recreated) is not claimed: that is drift.
 */
export function claimedByAnotherAuthServer(plugin: Plugin | undefined, ourName: string, servers: readonly AuthServer[]): AuthServer | undefined {
  if (plugin === undefined) return undefined;
  const ours = servers.find((server) => server.name === ourName);
  if (ours !== undefined && sameIssuer(plugin.config?.['issuer'], ours.issuer)) return undefined;
  return servers.find((server) => server.name !== ourName && sameIssuer(plugin.config?.['issuer'], server.issuer));
}

/** Whether any auth server but ours exists: only then can a plugin be another one's. */
export function anotherAuthServerExists(servers: readonly AuthServer[], ourName: string): boolean {
  return servers.some((server) => server.name !== ourName);
}

/**
 * Fails, before any write, when the plugin on the target scope belongs to another auth server,
 * unless replace-plugin-issuer asks to take it over.
 */
export function assertPluginNotClaimed(
  plugin: Plugin | undefined,
  servers: readonly AuthServer[],
  options: { authServerName: string; controlPlaneName: string; target: ResolvedTarget; replace: boolean },
): void {
  const owner = claimedByAnotherAuthServer(plugin, options.authServerName, servers);
  if (owner === undefined) return;
  if (options.replace) {
    log.warning(
      `replace-plugin-issuer: the ${PLUGIN_NAME} plugin (${options.target.label}) trusted auth server "${owner.name}"; it now trusts "${options.authServerName}", and tokens of "${owner.name}" no longer pass it.`,
    );
    return;
  }
  throw new ActionError(
    `The ${PLUGIN_NAME} plugin (${options.target.label}) on control plane "${options.controlPlaneName}" trusts auth server "${owner.name}" (${owner.id}), which still exists: pointing it at "${options.authServerName}" would lock out the clients of "${owner.name}". Nothing was changed.`,
    {
      hint: `Give "${options.authServerName}" a plugin of its own: on another service or route (the service / route inputs) or on another control plane; or set replace-plugin-issuer: true to take this plugin over on purpose (tokens of "${owner.name}" then stop passing it).`,
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
      try {
        return await (kind === 'service' ? api.getService(idOrName) : api.getRoute(idOrName));
      } catch (error) {
        if (error instanceof KonnectApiError && error.status === 404) {
          throw new MissingTargetError(`No ${kind} "${idOrName}" exists on the control plane.`, {
            hint: `Check the ${kind} input: the name or id of a ${kind} on this control plane (or leave it empty to apply the plugin globally).`,
          });
        }
        throw error;
      }
    });
  };
  const [service, route] = await Promise.all([lookup('service', target.service), lookup('route', target.route)]);
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

/** Compares only what the action owns: its config keys, `enabled`, and the presence of its tag. */
export function planPlugin(desired: OwnedPluginConfig, existing: Plugin | undefined): Plan {
  const { consumer_claim: claim, ...keys } = desired;
  const wanted: Record<string, unknown> = { enabled: true };
  for (const [key, value] of Object.entries(keys)) wanted[`config.${key}`] = value;
  if (existing === undefined) {
    if (claim !== undefined) wanted['config.consumer_claim'] = claim;
    return planFields({ ...wanted, tags: actionTags([], desired) }, undefined);
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
  const plan = planFields(wanted, current, ['config.auth_methods']);
  const tags = existing.tags ?? [];
  const nextTags = actionTags(tags, desired);
  if (nextTags.length !== tags.length || nextTags.some((tag, i) => tag !== tags[i])) {
    plan.changes.push({ field: 'tags', from: tags, to: nextTags });
    plan.action = 'update';
  }
  return plan;
}

/**
 * `tags` with the action's tag added, if missing, and the scopes_required tag added or removed as
 * the action sets or releases scopes_required; the user's tags are kept.
 */
function actionTags(tags: readonly string[], desired: OwnedPluginConfig): string[] {
  const next = tags.includes(PLUGIN_TAG) ? [...tags] : [...tags, PLUGIN_TAG];
  if (Array.isArray(desired.scopes_required) && !next.includes(SCOPES_REQUIRED_TAG)) next.push(SCOPES_REQUIRED_TAG);
  if (desired.scopes_required === null) return next.filter((tag) => tag !== SCOPES_REQUIRED_TAG);
  return next;
}

/**
 * The PUT body: the existing plugin with the owned keys set, every other key kept as it was; or a
 * new plugin on the target. Never both forms of the Consumer mapping: on 3.14+ a `consumer_claim`
 * beside `consumer_claims` is left out, since Kong refuses the two when they disagree.
 */
export function pluginBody(desired: OwnedPluginConfig, existing: Plugin | undefined, target: ResolvedTarget): PluginBody {
  const { consumer_claim: claim, ...keys } = desired;
  if (existing === undefined) {
    return {
      name: PLUGIN_NAME,
      config: { ...keys, ...(claim === undefined ? {} : consumerMappingKeys(claim, undefined)) },
      enabled: true,
      tags: actionTags([], desired),
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
    tags: actionTags(existing.tags ?? [], desired),
  };
}

/** Every openid-connect plugin of the control plane, whatever its scope (one filtered request). */
export async function listOidcPlugins(api: PluginsApi): Promise<Plugin[]> {
  return inStep(`list the ${PLUGIN_NAME} plugins`, () => api.listByName(PLUGIN_NAME));
}

async function findPlugin(api: PluginsApi, target: ResolvedTarget): Promise<Plugin | undefined> {
  return pickPluginForTarget(await listOidcPlugins(api), target);
}

/**
 * Creates or updates the plugin in place with a PUT by id (a new plugin gets a fresh id, so the
 * PUT is safe to repeat). Never a second plugin: if a concurrent run created one first, Kong
 * refuses ours with a unique-constraint 400, and the action updates theirs instead.
 */
export async function applyPlugin(
  api: PluginsApi,
  target: ResolvedTarget,
  desired: OwnedPluginConfig,
  existing: Plugin | undefined,
): Promise<Reconciled<Plugin>> {
  const plan = planPlugin(desired, existing);
  if (existing !== undefined && plan.action === 'unchanged') return { plan, resource: existing, created: false };
  const verb = existing === undefined ? 'create' : 'update';
  try {
    const resource = await inStep(`${verb} the ${PLUGIN_NAME} plugin (${target.label})`, () =>
      api.put(existing?.id ?? crypto.randomUUID(), pluginBody(desired, existing, target)),
    );
    return { plan, resource, created: existing === undefined };
  } catch (error) {
    const cause = error instanceof Error ? error.cause : undefined;
    const lostRace = existing === undefined && cause instanceof KonnectApiError && cause.status === 400 && cause.mentions(/unique/i);
    if (!lostRace) throw error;
    const sibling = await findPlugin(api, target);
    if (sibling === undefined) throw error;
    log.info(`Another run created the ${PLUGIN_NAME} plugin (${target.label}) first; updating it instead.`);
    return applyPlugin(api, target, desired, sibling);
  }
}

/** Whether the plugin trusts this issuer: teardown deletes only the plugin of the auth server it tears down. */
export function trustsIssuer(plugin: Plugin, issuer: string): boolean {
  return sameIssuer(plugin.config?.['issuer'], issuer);
}

/** Teardown: deletes the plugin (Konnect answers 204 whether or not it still exists). */
export async function deletePlugin(api: PluginsApi, plugin: Pick<Plugin, 'id'>, target: ResolvedTarget): Promise<void> {
  await deleteIfPresent(`the ${PLUGIN_NAME} plugin (${target.label})`, () => api.delete(plugin.id));
}
