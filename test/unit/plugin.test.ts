import { describe, expect, it } from 'vitest';
import type { Plugin } from '../../src/konnect/plugins.js';
import {
  consumerMapping,
  desiredPluginConfig,
  pickPluginForTarget,
  planPlugin,
  PLUGIN_TAG,
  pluginBody,
  type ResolvedTarget,
} from '../../src/resources/plugin.js';

const ISSUER = 'https://abc.us.identity.konghq.com/auth';
const desired = desiredPluginConfig(ISSUER, 'http://myhttpbin.dev');
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
    expect(planPlugin(desired, plugin()).action).toBe('unchanged');
  });

  it('reports drift on owned keys, enabled, and a missing tag', () => {
    const plan = planPlugin(desired, plugin({ config: { ...desired, issuer: 'https://old/auth', audience_required: null }, enabled: false, tags: ['team'] }));
    expect(plan.action).toBe('update');
    expect(plan.changes.map((c) => c.field)).toEqual(['enabled', 'config.issuer', 'config.audience_required', 'tags']);
    expect(plan.changes.at(-1)).toEqual({ field: 'tags', from: ['team'], to: ['team', PLUGIN_TAG] });
  });
});

describe('pluginBody', () => {
  it('creates a tagged plugin on the target', () => {
    expect(pluginBody(desired, undefined, onService)).toEqual({
      name: 'openid-connect',
      config: desired,
      enabled: true,
      tags: [PLUGIN_TAG],
      service: { id: 'svc' },
    });
  });

  it('updates in place: keeps the other keys and fields, drops read-only ones', () => {
    const body = pluginBody(desired, plugin({ config: { issuer: 'https://old/auth', scopes_required: ['mine'] }, tags: ['team'], enabled: false }), global);
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
  const mapped = desiredPluginConfig(ISSUER, 'http://myhttpbin.dev', 'client_id');
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
    expect(planPlugin(mapped, on315([['client_id']])).action).toBe('unchanged');
    expect(planPlugin(mapped, on313(['client_id'])).action).toBe('unchanged');
  });

  it('on 3.14+, writes a changed claim as consumer_claims only, keeping the foreign keys', () => {
    const existing = on315([['sub']], { consumer_claim: ['sub'] });
    expect(planPlugin(mapped, existing).changes).toEqual([{ field: 'config.consumer_claims', from: [['sub']], to: [['client_id']] }]);
    const body = pluginBody(mapped, existing, global);
    expect(body.config).toEqual({ ...owned, consumer_claims: [['client_id']], upstream_headers: [{ header: 'x-sub', path: ['sub'] }] });
    expect(body.config).not.toHaveProperty('consumer_claim');
  });

  it('on 3.14+, a repair of another key keeps the stored mapping and leaves the shorthand out', () => {
    const body = pluginBody(desired, on315([['sub']], { consumer_claim: ['sub'], issuer: 'https://old/auth' }), global);
    expect(body.config).toMatchObject({ issuer: ISSUER, consumer_claims: [['sub']] });
    expect(body.config).not.toHaveProperty('consumer_claim');
  });

  it('on 3.13, writes a changed claim as consumer_claim', () => {
    expect(planPlugin(mapped, on313(['sub'])).changes).toEqual([{ field: 'config.consumer_claim', from: ['sub'], to: ['client_id'] }]);
    const body = pluginBody(mapped, on313(['sub']), global);
    expect(body.config).toMatchObject({ consumer_claim: ['client_id'] });
    expect(body.config).not.toHaveProperty('consumer_claims');
  });

  it('creates a plugin with consumer_claim, which 3.13 stores and 3.14+ takes as its shorthand', () => {
    expect(pluginBody(mapped, undefined, global).config).toEqual({ ...owned, consumer_claim: ['client_id'] });
  });
});
