import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addConsumer, addHowToIdentity, addPlugin, mintToken, newScope, startTestEmulator, type HowToIdentity, type TestEmulator } from '../issuer/test-kit.js';
import type { Plugin } from '../store.js';

let emulator: TestEmulator;
let identity: HowToIdentity;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.clearFaults();
  emulator.resetLog();
  identity = addHowToIdentity(emulator.store);
});
afterEach(() => {
  // Each test starts from the seeded configuration: the example route, no plugins.
  const entities = emulator.store.entities(emulator.quickstart.controlPlane.id);
  if (entities) {
    entities.routes = [emulator.quickstart.route];
    entities.plugins = [];
    entities.consumers = [];
  }
  emulator.store.publish(emulator.quickstart.controlPlane.id, 0);
});

interface ProxyResponse {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

async function proxy(path: string, init: RequestInit = {}): Promise<ProxyResponse> {
  const response = await fetch(`${emulator.proxyUrl}${path}`, { redirect: 'manual', ...init });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = {};
  }
  return { status: response.status, headers: response.headers, text, json };
}

const bearer = (token: string): RequestInit => ({ headers: { Authorization: `Bearer ${token}` } });

/** The plugin the action configures: the how-to's, plus the audience check the how-to forgets. */
function actionPlugin(extra: Record<string, unknown> = {}, fields: Partial<Plugin> = {}, publishedAt = 0): Plugin {
  return addPlugin(
    emulator,
    {
      config: { issuer: identity.issuer, auth_methods: ['bearer'], audience: ['http://myhttpbin.dev'], audience_required: ['http://myhttpbin.dev'], ...extra },
      ...fields,
    },
    publishedAt,
  );
}

function removePlugins(): void {
  const entities = emulator.store.entities(emulator.quickstart.controlPlane.id);
  if (entities) entities.plugins.length = 0;
}

function faultNextToken(kind: string): void {
  emulator.addFault(`POST /${identity.stored.issuerSlug}/auth/oauth/token token:${kind} x1`);
}

const realm = () => new URL(identity.issuer).hostname;

describe('routing and the echo upstream', () => {
  it('passes a request through without a plugin and echoes it like httpbin /anything', async () => {
    const response = await proxy('/anything/deeper?a=1&a=2&b=x', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Custom': 'yes', Authorization: 'Bearer not-checked' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-kong-request-id');
    expect(requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(response.headers.get('via')).toBe('1.1 kong/3.15.0.0-enterprise-edition');
    expect(response.json).toMatchObject({
      method: 'POST',
      args: { a: ['1', '2'], b: 'x' },
      data: '{"hello":"world"}',
      json: { hello: 'world' },
      origin: '127.0.0.1',
      url: 'http://httpbin.konghq.com/anything/deeper?a=1&a=2&b=x',
    });
    expect(response.json['headers']).toMatchObject({
      Host: 'httpbin.konghq.com',
      Authorization: 'Bearer not-checked',
      'X-Custom': 'yes',
      'X-Forwarded-Path': '/anything/deeper',
      'X-Forwarded-Prefix': '/anything',
      'X-Kong-Request-Id': requestId,
    });
  });

  it("answers 404 in Kong's words when no route matches", async () => {
    const response = await proxy('/nothing');
    expect(response.status).toBe(404);
    expect(response.json).toEqual({ message: 'no Route matched with those values', request_id: response.headers.get('x-kong-request-id') });
  });

  it('prefers the longest path, then the route setting more fields, and honours methods', async () => {
    const entities = emulator.store.entities(emulator.quickstart.controlPlane.id);
    const serviceId = emulator.quickstart.service.id;
    const base = {
      hosts: null,
      protocols: ['http', 'https'],
      strip_path: false,
      preserve_host: false,
      service: { id: serviceId },
      tags: null,
      created_at: 1,
      updated_at: 1,
    };
    entities?.routes.push(
      { ...base, id: 'r-long', name: 'long', paths: ['/anything/long'], methods: null },
      { ...base, id: 'r-get', name: 'get-only', paths: ['/anything'], methods: ['GET'] },
    );
    emulator.store.publish(emulator.quickstart.controlPlane.id, 0);
    // The upstream URL tells the routes apart: with strip_path false the whole path follows the
    // service's path.
    const routeOf = async (path: string, method = 'GET') => (await proxy(path, { method })).json['url'];
    expect(await routeOf('/anything/long/x')).toBe('http://httpbin.konghq.com/anything/anything/long/x');
    expect(await routeOf('/anything/x')).toBe('http://httpbin.konghq.com/anything/anything/x');
    // POST misses the GET-only route and falls back to the seeded example-route (strip_path true).
    expect(await routeOf('/anything/x', 'POST')).toBe('http://httpbin.konghq.com/anything/x');
  });
});

describe('openid-connect with a bearer token', () => {
  it('lets a good token through, forwarding it upstream', async () => {
    actionPlugin();
    const token = await mintToken(identity);
    const response = await proxy('/anything', bearer(token));
    expect(response.status).toBe(200);
    expect((response.json['headers'] as Record<string, string>)['Authorization']).toBe(`Bearer ${token}`);
  });

  it("401s without a token, with Kong's body and challenge", async () => {
    actionPlugin();
    const response = await proxy('/anything');
    expect(response.status).toBe(401);
    expect(response.json).toEqual({ message: 'Unauthorized' });
    expect(response.headers.get('www-authenticate')).toBe(`Bearer realm="${realm()}", error="invalid_token"`);
  });

  it('401s a garbage, a badly signed, an expired and a wrong-issuer token', async () => {
    actionPlugin();
    const garbage = await proxy('/anything', bearer('not.a.jwt'));
    expect(garbage.status).toBe(401);
    expect(garbage.headers.get('www-authenticate')).toContain('error="invalid_token"');
    for (const fault of ['bad-signature', 'expired', 'wrong-iss']) {
      faultNextToken(fault);
      const response = await proxy('/anything', bearer(await mintToken(identity)));
      expect(response.status, fault).toBe(401);
      expect(response.json, fault).toEqual({ message: 'Unauthorized' });
    }
  });

  it('tells why with display_errors', async () => {
    actionPlugin({ display_errors: true });
    faultNextToken('expired');
    const response = await proxy('/anything', bearer(await mintToken(identity)));
    expect(response.json['message']).toMatch(/^Unauthorized \(invalid exp claim \(\d+\) was specified for access token\)$/);
  });

  it('honours leeway on exp', async () => {
    actionPlugin({ leeway: 3600 });
    faultNextToken('expired');
    expect((await proxy('/anything', bearer(await mintToken(identity)))).status).toBe(200);
  });

  it('403s a token for another audience when audience_required is set', async () => {
    actionPlugin();
    faultNextToken('wrong-aud');
    const response = await proxy('/anything', bearer(await mintToken(identity)));
    expect(response.status).toBe(403);
    expect(response.json).toEqual({ message: 'Forbidden' });
    expect(response.headers.get('www-authenticate')).toBe(`Bearer realm="${realm()}", error="insufficient_scope"`);
  });

  it('does not check the audience when only `audience` is set, as in the how-to', async () => {
    addPlugin(emulator, { config: { issuer: identity.issuer, auth_methods: ['bearer'], audience: ['http://myhttpbin.dev'] } }, 0);
    faultNextToken('wrong-aud');
    expect((await proxy('/anything', bearer(await mintToken(identity)))).status).toBe(200);
  });

  it('checks scopes_required: words of one entry all needed (AND), any entry enough (OR)', async () => {
    identity.stored.scopes.push(newScope({ name: 'read' }));
    identity.client.allow_all_scopes = true;
    const readOnly = await mintToken(identity, 'read');
    const both = await mintToken(identity, 'read my-scope');
    const check = async (scopesRequired: string[], token: string) => {
      const entities = emulator.store.entities(emulator.quickstart.controlPlane.id);
      if (entities) entities.plugins.length = 0;
      actionPlugin({ scopes_required: scopesRequired });
      return (await proxy('/anything', bearer(token))).status;
    };
    expect(await check(['my-scope'], readOnly)).toBe(403);
    expect(await check(['my-scope'], both)).toBe(200);
    expect(await check(['read my-scope'], readOnly)).toBe(403);
    expect(await check(['read my-scope'], both)).toBe(200);
    expect(await check(['my-scope', 'read'], readOnly)).toBe(200);
  });

  it('401s a token from an issuer outside issuers_allowed', async () => {
    actionPlugin({ issuers_allowed: ['https://someone-else.example/auth'] });
    expect((await proxy('/anything', bearer(await mintToken(identity)))).status).toBe(401);
  });

  it('403s when no Consumer matches the consumer claim, unless consumer_optional', async () => {
    actionPlugin({ consumer_claim: ['sub'] });
    const token = await mintToken(identity);
    const refused = await proxy('/anything', bearer(token));
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual({ message: 'Forbidden' });
    removePlugins();
    actionPlugin({ consumer_claim: ['sub'], consumer_optional: true });
    const allowed = await proxy('/anything', { headers: { Authorization: `Bearer ${token}`, 'X-Consumer-ID': 'spoofed' } });
    expect(allowed.status).toBe(200);
    // Kong clears what a client claims about the Consumer.
    expect(allowed.json['headers']).not.toHaveProperty('X-Consumer-Id');
  });

  it("maps a token to its Consumer in Kong's default consumer_by order (username, then custom_id) and tells the upstream", async () => {
    const byCustomId = addConsumer(emulator, { username: 'ci-bot', custom_id: identity.client.id });
    const byUsername = addConsumer(emulator, { username: identity.client.id });
    actionPlugin({ consumer_claim: ['client_id'] });
    const first = await proxy('/anything', bearer(await mintToken(identity)));
    expect(first.status).toBe(200);
    expect(first.json['headers']).toMatchObject({ 'X-Consumer-Id': byUsername.id, 'X-Consumer-Username': identity.client.id });
    expect(first.json['headers']).not.toHaveProperty('X-Consumer-Custom-Id');
    // Without a username match, custom_id maps it.
    const entities = emulator.store.entities(emulator.quickstart.controlPlane.id);
    if (entities) entities.consumers = entities.consumers.filter((consumer) => consumer.id !== byUsername.id);
    emulator.store.publish(emulator.quickstart.controlPlane.id, 0);
    const second = await proxy('/anything', bearer(await mintToken(identity)));
    expect(second.json['headers']).toMatchObject({
      'X-Consumer-Id': byCustomId.id,
      'X-Consumer-Username': 'ci-bot',
      'X-Consumer-Custom-Id': identity.client.id,
    });
  });

  it('clears a client-sent X-Anonymous-Consumer (and X-Consumer-*) before the upstream, mapped or not', async () => {
    const spoofed = { 'X-Anonymous-Consumer': 'true', 'X-Consumer-Id': 'someone-else', 'X-Consumer-Username': 'admin' };
    const withSpoof = async () => proxy('/anything', { headers: { Authorization: `Bearer ${await mintToken(identity)}`, ...spoofed } });
    actionPlugin();
    const unmapped = await withSpoof();
    expect(unmapped.status).toBe(200);
    for (const header of Object.keys(spoofed)) expect(unmapped.json['headers']).not.toHaveProperty(header);
    removePlugins();
    const mapped = addConsumer(emulator, { custom_id: identity.client.id });
    actionPlugin({ consumer_claim: ['client_id'] });
    const response = await withSpoof();
    expect(response.json['headers']).toMatchObject({ 'X-Consumer-Id': mapped.id });
    expect(response.json['headers']).not.toHaveProperty('X-Anonymous-Consumer');
    expect(response.json['headers']).not.toHaveProperty('X-Consumer-Username');
    // Without the plugin nothing clears it: the header is the client's.
    removePlugins();
    emulator.store.publish(emulator.quickstart.controlPlane.id, 0);
    expect((await withSpoof()).json['headers']).toMatchObject({ 'X-Anonymous-Consumer': 'true' });
  });

  it('follows consumer_by, and tries the consumer_claims paths in order (3.15)', async () => {
    const byName = addConsumer(emulator, { username: identity.client.id });
    actionPlugin({ consumer_claims: [['no-such-claim'], ['sub']], consumer_by: ['username'] });
    const response = await proxy('/anything', bearer(await mintToken(identity)));
    expect(response.status).toBe(200);
    expect(response.json['headers']).toMatchObject({ 'X-Consumer-Id': byName.id, 'X-Consumer-Username': identity.client.id });
    expect(response.json['headers']).not.toHaveProperty('X-Consumer-Custom-Id');
    removePlugins();
    actionPlugin({ consumer_claims: [['sub']], consumer_by: ['custom_id'] });
    expect((await proxy('/anything', bearer(await mintToken(identity)))).status).toBe(403);
  });

  it('takes the token from the query too, and only from where bearer_token_param_type allows', async () => {
    actionPlugin();
    const token = await mintToken(identity);
    expect((await proxy(`/anything?access_token=${token}`)).status).toBe(200);
    const entities = emulator.store.entities(emulator.quickstart.controlPlane.id);
    if (entities) entities.plugins.length = 0;
    actionPlugin({ bearer_token_param_type: ['header'] });
    expect((await proxy(`/anything?access_token=${token}`)).status).toBe(401);
  });

  it('does not accept bearer tokens when auth_methods leaves bearer out', async () => {
    actionPlugin({ auth_methods: ['client_credentials'] });
    expect((await proxy('/anything', bearer(await mintToken(identity)))).status).toBe(401);
  });

  it('fetches discovery and keys once, over HTTP, for many requests', async () => {
    actionPlugin();
    const token = await mintToken(identity);
    for (let i = 0; i < 3; i += 1) expect((await proxy('/anything', bearer(token))).status).toBe(200);
    const issuerPaths = emulator
      .requests()
      .map((entry) => entry.path)
      .filter((path) => path.includes('/.well-known/'));
    expect(issuerPaths).toEqual([
      `/${identity.stored.issuerSlug}/auth/.well-known/openid-configuration`,
      `/${identity.stored.issuerSlug}/auth/.well-known/jwks`,
    ]);
  });

  it('answers 500 when discovery fails', async () => {
    actionPlugin({ issuer: `${emulator.issuerOrigin}/0000000000/auth` });
    const response = await proxy('/anything', bearer(await mintToken(identity)));
    expect(response.status).toBe(500);
    expect(response.json).toEqual({ message: 'An unexpected error occurred' });
  });

  it("never lets a request through once the plugin's auth server is deleted, whatever is cached: 500 with or without a token", async () => {
    actionPlugin();
    const token = await mintToken(identity);
    expect((await proxy('/anything', bearer(token))).status).toBe(200); // discovery and keys now cached
    emulator.store.deleteAuthServer(identity.stored.authServer.id);
    for (const init of [bearer(token), {}, { headers: { Authorization: 'Bearer not-a-jwt' } }]) {
      const response = await proxy('/anything', init);
      expect(response.status).toBe(500);
      expect(response.json).toEqual({ message: 'An unexpected error occurred' });
    }
  });

  it('refuses every request with 401 when the issuer is an IdP elsewhere (external, unreachable here), and sends it nothing', async () => {
    actionPlugin({ issuer: 'https://idp.example.com/oauth2/default' });
    emulator.resetLog();
    for (const init of [bearer(await mintToken(identity)), {}]) {
      const response = await proxy('/anything', init);
      expect(response.status).toBe(401);
      expect(response.json).toEqual({ message: 'Unauthorized' });
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="idp.example.com", error="invalid_token"');
    }
    // The plugin left at its default auth_methods (authorization_code included) is refused too.
    removePlugins();
    addPlugin(emulator, { config: { issuer: 'https://idp.example.com/oauth2/default', client_id: ['kong-client'] } }, 0);
    expect((await proxy('/anything')).status).toBe(401);
    expect(emulator.requests().filter((entry) => entry.path.includes('/.well-known/'))).toEqual([]);
  });
});

describe('a plugin created through the management API', () => {
  it('is enforced as stored, defaults filled in by the API included', async () => {
    const response = await fetch(`${emulator.apiUrl}/v2/control-planes/${emulator.quickstart.controlPlane.id}/core-entities/plugins`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${emulator.konnectToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        name: 'openid-connect',
        config: { issuer: identity.issuer, auth_methods: ['bearer'], audience: ['http://myhttpbin.dev'], audience_required: ['http://myhttpbin.dev'] },
      }),
    });
    expect(response.status).toBe(201);
    const token = await mintToken(identity);
    expect((await proxy('/anything', bearer(token))).status).toBe(200);
    expect((await proxy('/anything')).status).toBe(401);
    faultNextToken('wrong-aud');
    expect((await proxy('/anything', bearer(await mintToken(identity)))).status).toBe(403);
  });
});

describe('openid-connect left at its default auth_methods', () => {
  it('redirects a request without a token to the authorization endpoint when a client_id is set', async () => {
    addPlugin(emulator, { config: { issuer: identity.issuer, client_id: ['kong-client'], audience: ['http://myhttpbin.dev'] } }, 0);
    const response = await proxy('/anything?x=1');
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${identity.issuer}/authorize`);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      response_type: 'code',
      scope: 'openid',
      client_id: 'kong-client',
      redirect_uri: `${emulator.proxyUrl}/anything`,
      audience: 'http://myhttpbin.dev',
      state: expect.any(String),
      nonce: expect.any(String),
    });
  });

  it("answers 500 instead when no client_id is configured (the how-to's config without auth_methods)", async () => {
    addPlugin(emulator, { config: { issuer: identity.issuer, audience: ['http://myhttpbin.dev'] } }, 0);
    const response = await proxy('/anything');
    expect(response.status).toBe(500);
    expect(response.json).toEqual({ message: 'An unexpected error occurred' });
  });

  it('still accepts a good bearer token', async () => {
    addPlugin(emulator, { config: { issuer: identity.issuer } }, 0);
    expect((await proxy('/anything', bearer(await mintToken(identity)))).status).toBe(200);
  });
});

describe('plugin precedence', () => {
  const service = () => ({ id: emulator.quickstart.service.id });
  const route = () => ({ id: emulator.quickstart.route.id });
  const strict = () => ({ issuer: identity.issuer, auth_methods: ['bearer'], scopes_required: ['nobody-has-this'] });
  const lenient = () => ({ issuer: identity.issuer, auth_methods: ['bearer'] });

  it('route beats service beats global; route and service together beat route', async () => {
    const token = await mintToken(identity);
    const status = async () => (await proxy('/anything', bearer(token))).status;
    addPlugin(emulator, { config: strict() }, 0);
    expect(await status()).toBe(403);
    addPlugin(emulator, { config: lenient(), service: service() }, 0);
    expect(await status()).toBe(200);
    addPlugin(emulator, { config: strict(), route: route() }, 0);
    expect(await status()).toBe(403);
    addPlugin(emulator, { config: lenient(), route: route(), service: service() }, 0);
    expect(await status()).toBe(200);
  });

  it('skips a disabled plugin, a consumer-scoped one and one for another route', async () => {
    const token = await mintToken(identity);
    addPlugin(emulator, { config: lenient() }, 0);
    addPlugin(emulator, { config: strict(), route: route(), enabled: false }, 0);
    addPlugin(emulator, { config: strict(), consumer: { id: 'c' } }, 0);
    addPlugin(emulator, { config: strict(), route: { id: 'another-route' } }, 0);
    expect((await proxy('/anything', bearer(token))).status).toBe(200);
    expect((await proxy('/anything')).status).toBe(401);
  });
});

describe('the propagation delay', () => {
  const controlPlaneId = () => emulator.quickstart.controlPlane.id;
  const status = async () => (await proxy('/anything')).status;

  it('runs a new or changed plugin only once propagationMs has passed since it was published', async () => {
    // The knob is live: the proxy reads it at each request.
    emulator.options.propagationMs = 60_000;
    try {
      const plugin = actionPlugin({}, {}, Date.now());
      expect(await status()).toBe(200);
      // The same configuration published a delay ago is what the data plane runs now.
      emulator.store.publish(controlPlaneId(), Date.now() - 60_000);
      expect(await status()).toBe(401);
      // A change (the plugin disabled) waits out the delay too.
      plugin.enabled = false;
      emulator.store.publish(controlPlaneId(), Date.now() - 59_000);
      expect(await status()).toBe(401);
      emulator.store.publish(controlPlaneId(), Date.now() - 60_000);
      expect(await status()).toBe(200);
    } finally {
      emulator.options.propagationMs = 0;
    }
  });

  it('with the real clock, enforcement never starts before the delay and does start after it', async () => {
    const propagationMs = 400;
    emulator.options.propagationMs = propagationMs;
    try {
      const publishedAt = Date.now();
      actionPlugin({}, {}, publishedAt);
      let last = 0;
      while (last !== 401 && Date.now() - publishedAt < 10_000) {
        last = await status();
        // A request answered before the delay ended was decided before it: it must have passed.
        if (Date.now() < publishedAt + propagationMs) expect(last).toBe(200);
      }
      expect(last).toBe(401);
      expect(Date.now()).toBeGreaterThanOrEqual(publishedAt + propagationMs);
    } finally {
      emulator.options.propagationMs = 0;
    }
  });
});
