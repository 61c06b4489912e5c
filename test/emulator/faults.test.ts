// Injected faults: the grammar, and each kind as a client meets it on the wire.
import { describe, expect, it } from 'vitest';
import { defaultOptions } from './context.js';
import { FaultSpecError, FaultTable, parseFaultSpec, pathMatches } from './http/faults.js';
import { RequestLog, startServer } from './http/server.js';
import { authServerWithScope, useEmulator } from './testing.js';

const t = useEmulator();

describe('fault grammar', () => {
  it('parses method, path, kind, retry-after and count, and writes the spec back normalised', () => {
    expect(parseFaultSpec('post /v1/auth-servers/*/clients/ apply-then-drop x1')).toEqual({
      spec: 'POST /v1/auth-servers/*/clients apply-then-drop x1',
      method: 'POST',
      path: '/v1/auth-servers/*/clients',
      kind: { type: 'apply-then-drop' },
      remaining: 1,
    });
    expect(parseFaultSpec('* /v2/** 429 retry-after=7')).toMatchObject({
      method: '*',
      kind: { type: 'status', status: 429, retryAfterSeconds: 7 },
      remaining: null,
      spec: '* /v2/** 429 retry-after=7',
    });
    expect(parseFaultSpec('GET /x 429').kind).toEqual({ type: 'status', status: 429, retryAfterSeconds: 1 });
    expect(parseFaultSpec('GET /x 429 retry-after=none x2')).toMatchObject({
      kind: { type: 'status', status: 429, retryAfterSeconds: null },
      spec: 'GET /x 429 retry-after=none x2',
    });
    expect(parseFaultSpec('POST /*/auth/oauth/token token:expired').kind).toEqual({ type: 'token', fault: 'expired' });
  });

  it('refuses malformed specs, naming the problem', () => {
    for (const bad of ['GET /x', 'GET /x 418', 'GET x 500', 'GET /x 500 retry-after=3', 'GET /x 500 x0', 'GET /x reset twice', 'GET /x token:nope']) {
      expect(() => parseFaultSpec(bad), bad).toThrow(FaultSpecError);
    }
  });

  it('matches `*` as one segment and `**` as any number of segments', () => {
    expect(pathMatches('/v1/auth-servers/*/clients', '/v1/auth-servers/abc/clients')).toBe(true);
    expect(pathMatches('/v1/auth-servers/*/clients', '/v1/auth-servers/abc/def/clients')).toBe(false);
    expect(pathMatches('/v1/auth-servers/*', '/v1/auth-servers')).toBe(false);
    expect(pathMatches('/v2/**', '/v2/control-planes/x/core-entities/plugins')).toBe(true);
    expect(pathMatches('/v2/**/plugins', '/v2/plugins')).toBe(true);
    expect(pathMatches('/v2/**/plugins', '/v2/control-planes/x/core-entities/plugins/')).toBe(true);
    expect(pathMatches('/v2/**/plugins', '/v2/control-planes/x/core-entities/routes')).toBe(false);
  });

  it('spends a counted fault and keeps an unlimited one', () => {
    const table = new FaultTable();
    table.add('GET /a 503 x2');
    table.add('GET /** 500');
    expect([1, 2, 3, 4].map(() => table.take('GET', '/a'))).toEqual([
      expect.objectContaining({ status: 503 }),
      expect.objectContaining({ status: 503 }),
      expect.objectContaining({ status: 500 }),
      expect.objectContaining({ status: 500 }),
    ]);
    expect(table.take('POST', '/a')).toBeUndefined();
  });
});

describe('faults on the wire', () => {
  it("429 carries Retry-After and Konnect's body, and skips the handler", async () => {
    t.emulator.addFault('POST /v1/auth-servers 429 retry-after=3 x1');
    const limited = await t.api.post('/v1/auth-servers', { name: 'a', audience: 'b' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.body).toEqual({ message: 'API rate limit exceeded' });
    expect(t.emulator.store.listAuthServers()).toEqual([]);
    expect((await t.api.post('/v1/auth-servers', { name: 'a', audience: 'b' })).status).toBe(201);
    expect(t.emulator.requests().map((entry) => entry.status)).toEqual([429, 201]);
    t.emulator.addFault('GET /v2/control-planes 429 retry-after=none x1');
    const bare = await t.api.get('/v2/control-planes');
    expect(bare.status).toBe(429);
    expect(bare.headers.get('retry-after')).toBeNull();
  });

  it('5xx answers with that status until the count is spent', async () => {
    t.emulator.addFault('* /v2/** 503 x2');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.api.get('/v2/control-planes')).status);
    expect(statuses).toEqual([503, 503, 200]);
    t.emulator.addFault('GET /v2/control-planes 502 x1');
    t.emulator.addFault('GET /v2/control-planes 504 x1');
    t.emulator.addFault('GET /v2/control-planes 500 x1');
    const more = [];
    for (let i = 0; i < 4; i++) more.push((await t.api.get('/v2/control-planes')).status);
    expect(more).toEqual([502, 504, 500, 200]);
  });

  it('reset drops the connection without running the handler', async () => {
    t.emulator.addFault('POST /v1/auth-servers reset x1');
    await expect(t.api.post('/v1/auth-servers', { name: 'a', audience: 'b' })).rejects.toThrow();
    expect(t.emulator.store.listAuthServers()).toEqual([]);
    expect(t.emulator.requests()).toEqual([expect.objectContaining({ method: 'POST', path: '/v1/auth-servers', status: 0 })]);
  });

  it('apply-then-drop makes the change, then drops the connection', async () => {
    const { server } = await authServerWithScope(t.api);
    t.emulator.addFault('POST /v1/auth-servers/*/clients apply-then-drop x1');
    const body = { name: 'Client', grant_types: ['client_credentials'], response_types: ['token'] };
    await expect(t.api.post(`/v1/auth-servers/${server.id}/clients`, body)).rejects.toThrow();
    const clients = await t.api.get(`/v1/auth-servers/${server.id}/clients?filter[name][eq]=Client`);
    expect(clients.body.meta.page.total).toBe(1);
    // The retry a client would make now meets the change it thought had failed.
    expect((await t.api.post(`/v1/auth-servers/${server.id}/clients`, body)).status).toBe(409);
  });

  it('applies to the proxy and issuer ports too', async () => {
    t.emulator.addFault('GET /anything 503 x1');
    expect((await fetch(`${t.emulator.proxyUrl}/anything`)).status).toBe(503);
    t.emulator.addFault('GET /*/auth/.well-known/openid-configuration 429 x1');
    const { server } = await authServerWithScope(t.api);
    const discovery = await fetch(`${server.issuer}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(429);
    expect((await fetch(`${server.issuer}/.well-known/openid-configuration`)).status).toBe(200);
  });

  it('token faults reach the handler as request.tokenFault', async () => {
    const options = defaultOptions();
    const faults = new FaultTable();
    const server = await startServer(0, { options, faults, log: new RequestLog() });
    server.setHandler((request) => ({ status: 200, body: { tokenFault: request.tokenFault ?? null } }));
    try {
      const kinds = ['wrong-aud', 'wrong-iss', 'bad-signature', 'expired'] as const;
      for (const kind of kinds) faults.add(`POST /*/auth/oauth/token token:${kind} x1`);
      const seen = [];
      for (let i = 0; i <= kinds.length; i++) {
        const response = await fetch(`${server.origin}/abc/auth/oauth/token`, { method: 'POST' });
        seen.push(((await response.json()) as { tokenFault: string | null }).tokenFault);
      }
      expect(seen).toEqual([...kinds, null]);
    } finally {
      await server.close();
    }
  });

  it('are managed at /_emulator/faults: text or JSON specs, listed, cleared; a bad spec adds nothing', async () => {
    const admin = `${t.emulator.apiUrl}/_emulator/faults`;
    const added = await fetch(admin, { method: 'POST', body: 'GET /v2/control-planes 503 x1\nPOST /v1/** reset' });
    expect(added.status).toBe(201);
    expect(await added.json()).toEqual([
      expect.objectContaining({ spec: 'GET /v2/control-planes 503 x1', remaining: 1 }),
      expect.objectContaining({ spec: 'POST /v1/** reset', remaining: null }),
    ]);
    const json = await fetch(admin, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ spec: 'GET /x 500' }) });
    expect(json.status).toBe(201);
    const bad = await fetch(admin, { method: 'POST', body: 'GET /y 500\nGET /z 418' });
    expect(bad.status).toBe(400);
    expect(((await (await fetch(admin)).json()) as unknown[]).length).toBe(3);

    expect((await t.api.get('/v2/control-planes')).status).toBe(503);
    expect((await fetch(admin, { method: 'DELETE' })).status).toBe(204);
    expect(await (await fetch(admin)).json()).toEqual([]);
    expect((await t.api.post('/v1/auth-servers', { name: 'a', audience: 'b' })).status).toBe(201);
  });
});
