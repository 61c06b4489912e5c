import { describe, expect, it } from 'vitest';
import { type Config, type InputName, parseConfig } from '../../src/inputs/config.js';
import type { AuthServer } from '../../src/konnect/identity.js';
import type { Plugin } from '../../src/konnect/plugins.js';
import { createdTag, type RunOrigin } from '../../src/resources/ownership.js';
import {
  assertPluginMayTrustUs,
  consumerMapping,
  desiredPluginConfig,
  desiredScopesRequired,
  pickPluginForTarget,
  planPlugin,
  PLUGIN_TAG,
  pluginBody,
  type ResolvedTarget,
  SCOPES_REQUIRED_TAG,
  scopesRequiredAfter,
} from '../../src/resources/plugin.js';

const ISSUER = 'https://abc.us.identity.konghq.com/auth';
const origin: RunOrigin = { repository: 'acme/payments', workflow: 'deploy' };
const CREATED = createdTag(origin);

/** The Config of a provisioning step with these inputs (on top of the required ones). */
function configWith(inputs: Partial<Record<InputName, string>> = {}): Config {
  const all: Partial<Record<InputName, string>> = {
    'konnect-token': 'kpat_0123456789abcdef',
    'control-plane-name': 'quickstart',
    'auth-server-name': 'Dev',
    audience: 'http://myhttpbin.dev',
    scopes: 'my-scope',
    'client-name': 'ci',
    ...inputs,
  };
  return parseConfig((name) => all[name] ?? '');
}

const desired = desiredPluginConfig(ISSUER, configWith(), undefined, undefined);
const global: ResolvedTarget = { label: 'global' };
const onService: ResolvedTarget = { serviceId: 'svc', label: 'service "example-service"' };

function plugin(overrides: Partial<Plugin> = {}): Plugin {
  return {
    id: 'p1',
    name: 'openid-connect',
    config: { ...desired, scopes_required: ['mine'], cache_ttl: 3600 },
    enabled: true,
    protocols: ['http', 'https'],
    tags: [PLUGIN_TAG],
    service: null,
    route: null,
    consumer: null,
    created_at: 1,
    updated_at: 2,
    ...overrides,
  };
}

describe('desiredPluginConfig', () => {
  it('enforces the audience (audience alone enforces nothing) and bearer tokens only', () => {
    expect(desired).toEqual({
      issuer: ISSUER,
      auth_methods: ['bearer'],
      audience: ['http://myhttpbin.dev'],
      audience_required: ['http://myhttpbin.dev'],
    });
  });

  // Issue 20: create-consumer must not lock out the clients of the auth server that have no Consumer.
  it('with create-consumer, maps tokens by client_id and lets a token without a Consumer pass', () => {
    expect(desiredPluginConfig(ISSUER, configWith({ 'create-consumer': 'true' }), undefined, undefined)).toEqual({
      ...desired,
      consumer_claim: ['client_id'],
      consumer_optional: true,
    });
    expect(desiredPluginConfig(ISSUER, configWith({ 'create-consumer': 'true', 'consumer-claim': 'sub' }), undefined, undefined)).toMatchObject({
      consumer_claim: ['sub'],
      consumer_optional: true,
    });
  });

  it('with consumer-claim alone, maps tokens without making the Consumer optional', () => {
    expect(desiredPluginConfig(ISSUER, configWith({ 'consumer-claim': 'sub' }), undefined, undefined)).toEqual({ ...desired, consumer_claim: ['sub'] });
  });
});

describe('pickPluginForTarget', () => {
  const globalOne = plugin({ id: 'global' });
  const serviceOne = plugin({ id: 'service', service: { id: 'svc' } });
  const consumerOne = plugin({ id: 'consumer', consumer: { id: 'c' } });
  const otherPlugin = plugin({ id: 'other', name: 'key-auth' });

  it('finds the plugin on exactly the target scope', () => {
    expect(pickPluginForTarget([consumerOne, serviceOne, globalOne, otherPlugin], global)?.id).toBe('global');
    expect(pickPluginForTarget([consumerOne, globalOne, serviceOne], onService)?.id).toBe('service');
    expect(pickPluginForTarget([consumerOne, globalOne], onService)).toBeUndefined();
    expect(pickPluginForTarget([plugin({ id: 'sr', service: { id: 'svc' }, route: { id: 'r' } })], onService)).toBeUndefined();
  });

  it("prefers the action's tagged plugin", () => {
    expect(pickPluginForTarget([plugin({ id: 'untagged', tags: [] }), plugin({ id: 'tagged' })], global)?.id).toBe('tagged');
  });
});

describe('planPlugin', () => {
  it('ignores config keys the action does not own', () => {
    expect(planPlugin(desired, plugin(), origin).action).toBe('unchanged');
  });

  // Issue 20: the deck tag is added to a found plugin, never the creation mark (that would make it ours).
  it('reports drift on owned keys, enabled, and a missing deck tag', () => {
    const plan = planPlugin(
      desired,
      plugin({ config: { ...desired, issuer: 'https://old/auth', audience_required: null }, enabled: false, tags: ['team'] }),
      origin,
    );
    expect(plan.action).toBe('update');
    expect(plan.changes.map((c) => c.field)).toEqual(['enabled', 'config.issuer', 'config.audience_required', 'tags']);
    expect(plan.changes.at(-1)).toEqual({ field: 'tags', from: ['team'], to: ['team', PLUGIN_TAG] });
  });

  it('plans a new plugin with the deck tag and the creation mark', () => {
    const plan = planPlugin(desired, undefined, origin);
    expect(plan.action).toBe('create');
    expect(plan.changes.find((c) => c.field === 'tags')?.to).toEqual([PLUGIN_TAG, CREATED]);
  });
});

describe('pluginBody', () => {
  // Issue 20: a new plugin carries the creation mark of this repository beside the deck tag.
  it('creates a plugin on the target, tagged for deck and marked as created for this repository', () => {
    expect(pluginBody(desired, undefined, onService, origin)).toEqual({
      name: 'openid-connect',
      config: desired,
      enabled: true,
      tags: ['kong-identity-oidc-action', 'kio-created:acme:payments'],
      service: { id: 'svc' },
    });
  });

  it('updates in place: keeps the other keys and fields, drops read-only ones, adds the deck tag only', () => {
    const body = pluginBody(
      desired,
      plugin({ config: { issuer: 'https://old/auth', scopes_required: ['mine'] }, tags: ['team'], enabled: false }),
      global,
      origin,
    );
    expect(body).toEqual({
      name: 'openid-connect',
      config: { ...desired, scopes_required: ['mine'] },
      enabled: true,
      protocols: ['http', 'https'],
      tags: ['team', PLUGIN_TAG],
      service: null,
      route: null,
      consumer: null,
    });
  });
});

describe('the consumer mapping, on Kong 3.13 and 3.14+', () => {
  const mapped = desiredPluginConfig(ISSUER, configWith({ 'consumer-claim': 'client_id' }), undefined, undefined);
  const { consumer_claim: _claim, ...owned } = mapped;
  /** A plugin as Konnect returns it on 3.15: `consumer_claims` present (null when unset), no `consumer_claim`. */
  const on315 = (claims: unknown, extra: Record<string, unknown> = {}) =>
    plugin({ config: { ...owned, consumer_claims: claims, upstream_headers: [{ header: 'x-sub', path: ['sub'] }], ...extra } });
  /** A plugin as a 3.13 control plane returns it: `consumer_claim` as written, no `consumer_claims`. */
  const on313 = (claim: unknown) => plugin({ config: { ...owned, consumer_claim: claim } });

  it('reads the setting from whichever key the stored config has', () => {
    expect(consumerMapping({ consumer_claims: [['sub'], ['user', 'id']] })).toEqual([['sub'], ['user', 'id']]);
    expect(consumerMapping({ consumer_claims: null, consumer_claim: ['sub'] })).toBeNull();
    expect(consumerMapping({ consumer_claim: ['sub'] })).toEqual([['sub']]);
    expect(consumerMapping({ consumer_claim: null })).toBeNull();
    expect(consumerMapping({ consumer_claims: ['flat'] })).toBeNull();
  });

  it('treats consumer_claim: [x] and consumer_claims: [[x]] as the same setting', () => {
    expect(planPlugin(mapped, on315([['client_id']]), origin).action).toBe('unchanged');
    expect(planPlugin(mapped, on313(['client_id']), origin).action).toBe('unchanged');
  });

  it('on 3.14+, writes a changed claim as consumer_claims only, keeping the foreign keys', () => {
    const existing = on315([['sub']], { consumer_claim: ['sub'] });
    expect(planPlugin(mapped, existing, origin).changes).toEqual([{ field: 'config.consumer_claims', from: [['sub']], to: [['client_id']] }]);
    const body = pluginBody(mapped, existing, global, origin);
    expect(body.config).toEqual({ ...owned, consumer_claims: [['client_id']], upstream_headers: [{ header: 'x-sub', path: ['sub'] }] });
    expect(body.config).not.toHaveProperty('consumer_claim');
  });

  it('on 3.14+, a repair of another key keeps the stored mapping and leaves the shorthand out', () => {
    const body = pluginBody(desired, on315([['sub']], { consumer_claim: ['sub'], issuer: 'https://old/auth' }), global, origin);
    expect(body.config).toMatchObject({ issuer: ISSUER, consumer_claims: [['sub']] });
    expect(body.config).not.toHaveProperty('consumer_claim');
  });

  it('on 3.13, writes a changed claim as consumer_claim', () => {
    expect(planPlugin(mapped, on313(['sub']), origin).changes).toEqual([{ field: 'config.consumer_claim', from: ['sub'], to: ['client_id'] }]);
    const body = pluginBody(mapped, on313(['sub']), global, origin);
    expect(body.config).toMatchObject({ consumer_claim: ['client_id'] });
    expect(body.config).not.toHaveProperty('consumer_claims');
  });

  it('creates a plugin with consumer_claim, which 3.13 stores and 3.14+ takes as its shorthand', () => {
    expect(pluginBody(mapped, undefined, global, origin).config).toEqual({ ...owned, consumer_claim: ['client_id'] });
  });
});

// Issue 20, point 3: scopes_required holds one entry per client scope set ("a b" = a AND b; entries OR).
describe('desiredScopesRequired', () => {
  const requiring = { requireScopes: true, scopes: ['write', 'read'] };
  const notRequiring = { requireScopes: false, scopes: ['write', 'read'] };
  const others = [
    { id: 'k2', name: 'other', scopeNames: ['b', 'a'] },
    { id: 'k3', name: 'no scopes', scopeNames: [] },
  ];
  const managed = (entries: unknown) => plugin({ config: { ...desired, scopes_required: entries }, tags: [PLUGIN_TAG, SCOPES_REQUIRED_TAG] });

  it('turned on: an entry for this client, names sorted, and one for every other client with scopes', () => {
    expect(desiredScopesRequired(requiring, undefined, others)).toEqual(['a b', 'read write']);
    expect(desiredScopesRequired(requiring, plugin({ config: { scopes_required: ['x'] } }), others)).toEqual(['x', 'a b', 'read write']);
  });

  it("already the action's: adds this client's entry only, once, whatever the order of names in the entries found", () => {
    expect(desiredScopesRequired(requiring, managed(['write  read', 'x']), others)).toEqual(['read write', 'x']);
    expect(desiredScopesRequired(requiring, managed(['x']), others)).toEqual(['x', 'read write']);
  });

  it("off: leaves a scopes_required that is not the action's alone", () => {
    expect(desiredScopesRequired(notRequiring, undefined, others)).toBeUndefined();
    expect(desiredScopesRequired(notRequiring, plugin({ config: { scopes_required: ['x'] } }), others)).toBeUndefined();
  });

  it("off, on the action's scopes_required: adds this client's entry so it is not locked out, or releases it when it is the only one", () => {
    expect(desiredScopesRequired(notRequiring, managed(['x']), others)).toEqual(['x', 'read write']);
    expect(desiredScopesRequired(notRequiring, managed(['read write']), others)).toBeNull();
    expect(desiredScopesRequired(notRequiring, managed([]), others)).toBeNull();
  });

  it('tags the plugin when the action takes scopes_required up, and untags it when it releases it', () => {
    const up = desiredPluginConfig(ISSUER, configWith({ 'require-scopes': 'true', scopes: 'read' }), plugin(), []);
    expect(up.scopes_required).toEqual(['mine', 'read']);
    expect(planPlugin(up, plugin(), origin).changes.at(-1)).toEqual({ field: 'tags', from: [PLUGIN_TAG], to: [PLUGIN_TAG, SCOPES_REQUIRED_TAG] });
    const existing = managed(['read']);
    const released = desiredPluginConfig(ISSUER, configWith({ scopes: 'read' }), existing, []);
    expect(released.scopes_required).toBeNull();
    expect(pluginBody(released, existing, global, origin)).toMatchObject({ config: { scopes_required: null }, tags: [PLUGIN_TAG] });
  });
});

describe('scopesRequiredAfter (teardown)', () => {
  const managed = (entries: string[]) => plugin({ config: { ...desired, scopes_required: entries }, tags: [PLUGIN_TAG, SCOPES_REQUIRED_TAG] });

  const client = (name: string, scopeNames: string[]) => ({ id: `id-${name}`, name, scopeNames });

  it("keeps one entry per remaining client's scope set: the departing client's goes, and with no client left scopes_required is released", () => {
    expect(scopesRequiredAfter(managed(['read write', 'x']), [client('other', ['x'])])).toEqual(['x']);
    expect(scopesRequiredAfter(managed(['read write']), [])).toBeNull();
  });

  it("keeps the entry a remaining client has too, and never touches a scopes_required that is not the action's", () => {
    expect(scopesRequiredAfter(managed(['read write']), [client('twin', ['write', 'read'])])).toBeUndefined();
    expect(scopesRequiredAfter(plugin({ config: { scopes_required: ['read'] } }), [])).toBeUndefined();
  });
});

// Issue 20, point 3: a plugin trusting another issuer is someone else's unless it is ours (drift).
describe('assertPluginMayTrustUs', () => {
  const server = (name: string, issuer: string): AuthServer => ({ id: `id-${name}`, name, description: '', audience: 'a', issuer });
  const servers = [server('Dev', ISSUER), server('Other', 'https://abc.us.identity.konghq.com/other')];
  const options = { authServerName: 'Dev', controlPlaneName: 'quickstart', target: global, replace: false, origin };
  const trusting = (issuer: string, tags: string[] = [PLUGIN_TAG]) => plugin({ config: { ...desired, issuer }, tags });

  it('lets a plugin that trusts this auth server (in either form of the issuer) or no plugin through', () => {
    expect(() => assertPluginMayTrustUs(undefined, servers, options)).not.toThrow();
    expect(() => assertPluginMayTrustUs(trusting(`${ISSUER}/`), servers, options)).not.toThrow();
    expect(() => assertPluginMayTrustUs(trusting(`${ISSUER}/.well-known/openid-configuration`), servers, options)).not.toThrow();
  });

  it('refuses to repoint a plugin that trusts another auth server, naming it and the way out', () => {
    expect(() => assertPluginMayTrustUs(trusting('https://abc.us.identity.konghq.com/other', [PLUGIN_TAG, CREATED]), servers, options)).toThrow(
      /trusts auth server "Other" \(id-Other\), which still exists/,
    );
  });

  it('refuses an external issuer on a plugin that is not ours, and repoints one that is ours (its auth server was deleted)', () => {
    expect(() => assertPluginMayTrustUs(trusting('https://idp.example.com'), servers, options)).toThrow(/external identity provider/);
    expect(() => assertPluginMayTrustUs(trusting('https://idp.example.com', [PLUGIN_TAG, 'kio-created:acme:billing']), servers, options)).toThrow(
      /external identity provider/,
    );
    expect(() => assertPluginMayTrustUs(trusting('https://idp.example.com', [PLUGIN_TAG, CREATED]), servers, options)).not.toThrow();
  });

  it('takes any plugin over with replace-plugin-issuer', () => {
    expect(() => assertPluginMayTrustUs(trusting('https://idp.example.com'), servers, { ...options, replace: true })).not.toThrow();
  });
});
