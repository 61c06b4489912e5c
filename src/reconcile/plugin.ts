import * as log from '../log.js';
import { randomUUID } from 'node:crypto';
import type { PluginTarget } from '../config.js';
import { ActionError, inStep } from '../errors.js';
import { KonnectApiError } from '../konnect/errors.js';
import type { NamedEntity, Plugin, PluginBody, PluginsApi } from '../konnect/plugins.js';
import { planFields, type Plan, type Reconciled } from './plan.js';

export const PLUGIN_NAME = 'openid-connect';
/** Marks the plugin as the action's, so `deck gateway sync --select-tag` can leave it alone. */
export const PLUGIN_TAG = 'kong-identity-oidc-action';

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
}

export function desiredPluginConfig(issuer: string, audience: string, consumerClaim?: string): OwnedPluginConfig {
  return {
    issuer,
    auth_methods: ['bearer'],
    audience: [audience],
    audience_required: [audience],
    ...(consumerClaim === undefined ? {} : { consumer_claim: [consumerClaim] }),
  };
}

/** The scope a plugin applies to, resolved to ids. */
export interface ResolvedTarget {
  serviceId?: string;
  routeId?: string;
  /** For messages: `global`, `service "x"`, `route "y"`. */
  label: string;
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
          throw new ActionError(`No ${kind} "${idOrName}" exists on the control plane.`, {
            hint: `Check the ${kind} input: the name or id of a ${kind} on this control plane (or leave it empty to apply the plugin globally).`,
          });
        }
        throw error;
      }
    });
  };
  const [service, route] = await Promise.all([lookup('service', target.service), lookup('route', target.route)]);
  const parts = [service ? `service "${target.service}"` : '', route ? `route "${target.route}"` : ''].filter(Boolean);
  return {
    ...(service ? { serviceId: service.id } : {}),
    ...(route ? { routeId: route.id } : {}),
    label: parts.length === 0 ? 'global' : parts.join(' + '),
  };
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
    return planFields({ ...wanted, tags: [PLUGIN_TAG] }, undefined);
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
  if (!tags.includes(PLUGIN_TAG)) {
    plan.changes.push({ field: 'tags', from: tags, to: withActionTag(tags) });
    plan.action = 'update';
  }
  return plan;
}

/** `tags` with the action's tag added, if missing; the user's tags are kept. */
function withActionTag(tags: readonly string[]): string[] {
  return tags.includes(PLUGIN_TAG) ? [...tags] : [...tags, PLUGIN_TAG];
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
      tags: [PLUGIN_TAG],
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
    tags: withActionTag(existing.tags ?? []),
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
      api.put(existing?.id ?? randomUUID(), pluginBody(desired, existing, target)),
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
