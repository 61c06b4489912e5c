// The fixed inspection interfaces outside checks read (`/_emulator/requests`, `/_emulator/state`),
// the knobs at `/_emulator/config`, and latency as the request log records it.
import { describe, expect, it } from 'vitest';
import { RequestLog } from './http/server.js';
import { authServerWithScope, quickstart, useEmulator, type Json } from './testing.js';

const t = useEmulator();

const admin = async (path: string, init: RequestInit = {}): Promise<{ status: number; body: Json }> => {
  const response = await fetch(`${t.emulator.apiUrl}/_emulator/${path}`, init);
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
};

describe('GET /_emulator/requests', () => {
  it('lists every request of every port in arrival order, as {method, path, status, start, end}', async () => {
    const { server } = await authServerWithScope(t.api);
    await t.api.get('/v1/auth-servers?filter[name][eq]=x');
    await fetch(`${server.issuer}/.well-known/openid-configuration`);
    await fetch(`${t.emulator.proxyUrl}/anything?x=1`);

    const { status, body } = await admin('requests');
    expect(status).toBe(200);
    expect(body.map((entry: Json) => Object.keys(entry).sort())).toEqual(Array(5).fill(['end', 'method', 'path', 'start', 'status']));
    const issuerPath = new URL(server.issuer).pathname;
    expect(body.map(({ method, path, status: code }: Json) => [method, path, code])).toEqual([
      ['POST', '/v1/auth-servers', 201],
      ['POST', `/v1/auth-servers/${server.id}/scopes`, 201],
      ['GET', '/v1/auth-servers', 200],
      ['GET', `${issuerPath}/.well-known/openid-configuration`, 200],
      ['GET', '/anything', 200],
    ]);
    for (const [index, entry] of (body as Json[]).entries()) {
      expect(entry.start).toBeGreaterThan(Date.now() - 60_000);
      expect(entry.end).toBeGreaterThanOrEqual(entry.start);
      if (index > 0) expect(entry.start).toBeGreaterThanOrEqual(body[index - 1].end);
    }
    expect(t.emulator.requests()).toEqual(body);
  });

  it('orders overlapping requests by arrival, not completion', () => {
    const log = new RequestLog();
    const finishFirst = log.begin('POST', '/first', 1000);
    const finishSecond = log.begin('GET', '/second', 1001);
    finishSecond(200);
    finishFirst(201);
    expect(log.list().map((entry) => [entry.path, entry.status])).toEqual([
      ['/first', 201],
      ['/second', 200],
    ]);
  });

  it('leaves /_emulator/* out of the log, and reset-log empties it', async () => {
    await t.api.get('/v2/control-planes');
    await admin('state');
    await admin('requests');
    expect((await admin('requests')).body).toHaveLength(1);
    expect((await admin('reset-log', { method: 'POST' })).status).toBe(204);
    expect((await admin('requests')).body).toEqual([]);
  });
});

describe('latency', () => {
  it('delays every request on every port by latencyMs, as the log’s start and end show', async () => {
    const { server } = await authServerWithScope(t.api);
    expect((await admin('config', { method: 'POST', body: JSON.stringify({ latencyMs: 120 }) })).body.latencyMs).toBe(120);
    t.emulator.resetLog();
    await t.api.get('/v2/control-planes');
    await fetch(`${server.issuer}/.well-known/jwks`);
    await fetch(`${t.emulator.proxyUrl}/anything`);
    await admin('state');
    const entries = t.emulator.requests();
    expect(entries.map((entry) => entry.path)).toEqual(['/v2/control-planes', `${new URL(server.issuer).pathname}/.well-known/jwks`, '/anything']);
    // Timers may fire up to a millisecond early on some platforms.
    for (const entry of entries) expect(entry.end - entry.start).toBeGreaterThanOrEqual(119);
  });

  it('applies before a fault is answered, too', async () => {
    t.emulator.options.latencyMs = 80;
    t.emulator.addFault('GET /v2/control-planes 503 x1');
    await t.api.get('/v2/control-planes');
    const [entry] = t.emulator.requests();
    expect(entry?.status).toBe(503);
    expect((entry?.end ?? 0) - (entry?.start ?? 0)).toBeGreaterThanOrEqual(79);
  });
});

describe('GET /_emulator/state', () => {
  it('dumps every entity as the API returns it, plugins with control_plane_id, secrets without values', async () => {
    const { server, scope } = await authServerWithScope(t.api);
    const claim = await t.api.post(`/v1/auth-servers/${server.id}/claims`, { name: 'test-claim', value: 'test', include_in_scopes: [scope.id] });
    const client = await t.api.post(`/v1/auth-servers/${server.id}/clients`, {
      name: 'Client',
      grant_types: ['client_credentials'],
      response_types: ['token'],
    });
    const { id: cpId, core } = quickstart(t.emulator);
    const plugin = await t.api.post(`${core}/plugins`, { name: 'cors' });
    const consumer = await t.api.post(`${core}/consumers`, { username: 'ci', custom_id: client.body.id });

    const { status, body } = await admin('state');
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['authServers', 'consumers', 'controlPlanes', 'dataPlane', 'plugins', 'routes', 'services']);
    expect(body.controlPlanes).toEqual((await t.api.get('/v2/control-planes')).body.data);
    expect(body.plugins).toEqual([{ ...plugin.body, control_plane_id: cpId }]);
    expect(body.consumers).toEqual([{ ...consumer.body, control_plane_id: cpId }]);
    expect(body.services.map((service: Json) => [service.name, service.control_plane_id])).toEqual([['example-service', cpId]]);
    expect(body.routes.map((route: Json) => [route.name, route.control_plane_id])).toEqual([['example-route', cpId]]);

    const { client_secret: secret, ...clientAsListed } = client.body;
    expect(body.authServers).toHaveLength(1);
    const [dumped] = body.authServers;
    expect(dumped).toMatchObject((await t.api.get(`/v1/auth-servers/${server.id}`)).body);
    expect(dumped.scopes).toEqual([scope]);
    expect(dumped.claims).toEqual([claim.body]);
    expect(dumped.clients).toEqual([{ ...clientAsListed, secrets: [{ id: expect.any(String), enabled: true, created_at: expect.any(String) }] }]);
    expect(JSON.stringify(body)).not.toContain(secret);
  });
});

describe('GET /_emulator/state: dataPlane', () => {
  it("says when each plugin of the proxied control plane takes effect on the proxy, on the request log's clock", async () => {
    const { id: cpId, core } = quickstart(t.emulator);
    t.emulator.options.propagationMs = 2500;
    const before = Date.now();
    const plugin = (await t.api.post(`${core}/plugins`, { name: 'cors' })).body;
    const after = Date.now();

    const { dataPlane } = (await admin('state')).body;
    expect(dataPlane.controlPlaneId).toBe(cpId);
    expect(dataPlane.plugins).toEqual([{ id: plugin.id, name: 'cors', appliedAt: expect.any(Number), applied: false }]);
    const { appliedAt } = dataPlane.plugins[0];
    expect(appliedAt).toBeGreaterThanOrEqual(before + 2500);
    expect(appliedAt).toBeLessThanOrEqual(after + 2500);
    // The proxy runs the plugin from that moment on, not a millisecond before.
    expect(t.emulator.store.dataPlaneConfig(cpId, 2500, appliedAt - 1).plugins).toEqual([]);
    expect(t.emulator.store.dataPlaneConfig(cpId, 2500, appliedAt).plugins.map((one) => one.id)).toEqual([plugin.id]);
  });

  it("keeps a plugin's time while other entities change, and moves it when the plugin changes", async () => {
    const { core } = quickstart(t.emulator);
    const plugin = (await t.api.post(`${core}/plugins`, { name: 'cors' })).body;
    const appliedAt = async () => (await admin('state')).body.dataPlane.plugins.find((one: Json) => one.id === plugin.id).appliedAt;
    const first = await appliedAt();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await t.api.post(`${core}/services`, { name: 'other', url: 'http://example.com' });
    expect(await appliedAt()).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await t.api.put(`${core}/plugins/${plugin.id}`, { name: 'cors', enabled: false })).status).toBe(200);
    expect(await appliedAt()).toBeGreaterThan(first);
    expect((await admin('state')).body.dataPlane.plugins[0].applied).toBe(true); // propagationMs 0
  });
});

describe('/_emulator/config', () => {
  it('reads and changes the knobs, refusing unknown knobs and bad values', async () => {
    expect((await admin('config')).body).toEqual({
      latencyMs: 0,
      pageSize: null,
      propagationMs: 0,
      proxyControlPlaneName: 'quickstart',
      rateLimitAuthServer: 100,
      rateLimitOrg: null,
      gatewayVersion: '3.15',
      openidScope: 'refused',
      consumerKeys: 'strict',
      duplicateConsumerStatus: 400,
      rateLimitRetryAfter: true,
      rateLimitBody: 'message',
    });
    const changed = await admin('config', { method: 'POST', body: JSON.stringify({ pageSize: 1, propagationMs: 2500 }) });
    expect(changed.body).toMatchObject({ pageSize: 1, propagationMs: 2500 });
    expect(t.emulator.options.propagationMs).toBe(2500);
    expect((await t.api.get('/v2/control-planes')).body.meta.page.size).toBe(1);
    expect((await admin('config', { method: 'POST', body: JSON.stringify({ colour: 1 }) })).status).toBe(400);
    expect((await admin('config', { method: 'POST', body: '{"constructor": 1}' })).status).toBe(400);
    expect((await admin('config', { method: 'POST', body: JSON.stringify({ latencyMs: -1 }) })).status).toBe(400);
    expect((await admin('config', { method: 'POST', body: JSON.stringify({ rateLimitOrg: 0 }) })).status).toBe(400);
    const limits = await admin('config', { method: 'POST', body: JSON.stringify({ rateLimitAuthServer: null, rateLimitOrg: 50 }) });
    expect(limits.body).toMatchObject({ rateLimitAuthServer: null, rateLimitOrg: 50 });
    expect((await admin('config', { method: 'POST', body: JSON.stringify({ gatewayVersion: '3.14' }) })).status).toBe(400);
    const unknowns = { openidScope: 'granted', consumerKeys: 'lenient', duplicateConsumerStatus: 409, rateLimitRetryAfter: false, rateLimitBody: 'problem' };
    expect((await admin('config', { method: 'POST', body: JSON.stringify(unknowns) })).body).toMatchObject(unknowns);
    expect(t.emulator.options).toMatchObject(unknowns);
    for (const bad of [
      { openidScope: 'maybe' },
      { consumerKeys: true },
      { duplicateConsumerStatus: '409' },
      { rateLimitRetryAfter: 'off' },
      { rateLimitBody: 'html' },
    ]) {
      expect((await admin('config', { method: 'POST', body: JSON.stringify(bad) })).status, JSON.stringify(bad)).toBe(400);
    }
    expect(t.emulator.options).toMatchObject(unknowns);
  });

  it('needs no token, and unknown admin paths are 404', async () => {
    expect((await admin('state')).status).toBe(200);
    expect((await admin('nope')).status).toBe(404);
  });
});
