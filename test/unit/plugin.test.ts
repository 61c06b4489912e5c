import { describe, expect, it } from 'vitest';
import type { Plugin } from '../../src/konnect/plugins.js';
import {
  desiredPluginConfig,
  pickPluginForTarget,
  planPlugin,
  PLUGIN_TAG,
  pluginBody,
  type ResolvedTarget,
} from '../../src/reconcile/plugin.js';

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
