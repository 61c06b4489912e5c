// The management API's gate: the Konnect token, the spec's routes, request validation (refused
// with the 400 Konnect gives, never accepted silently) and response validation (an emulator reply
// that breaks the spec becomes a loud 500 and a recorded violation).
import { describe, expect, it } from 'vitest';
import { createApiHandler, ViolationLog } from './api/router.js';
import { defaultOptions } from './context.js';
import { FaultTable } from './http/faults.js';
import { RequestLog, startServer } from './http/server.js';
import { Store } from './store.js';
import { quickstart, useEmulator } from './testing.js';

const t = useEmulator();

describe('authentication', () => {
  it('answers 401 without the Konnect token, in each API’s shape', async () => {
    const { core } = quickstart(t.emulator);
    for (const token of [null, 'kpat_wrong']) {
      const identity = await t.api.get('/v1/auth-servers', { token });
      expect(identity.status).toBe(401);
      expect(identity.headers.get('content-type')).toBe('application/problem+json');
      expect(identity.body).toMatchObject({ status: 401, title: 'Unauthorized' });
      expect(identity.body.instance).toMatch(/^kong:trace:\d+$/);

      const controlPlanes = await t.api.get('/v2/control-planes', { token });
      expect(controlPlanes.status).toBe(401);
      expect(controlPlanes.body).toMatchObject({ status: 401, title: 'Unauthorized' });

      const plugins = await t.api.get(`${core}/plugins`, { token });
      expect(plugins.status).toBe(401);
      expect(plugins.body).toEqual({ message: 'Unauthorized', status: 401 });
    }
    expect(t.emulator.store.listAuthServers()).toEqual([]);
  });

  it('refuses writes without the token and leaves the state alone', async () => {
    const reply = await t.api.post('/v1/auth-servers', { name: 'x', audience: 'y' }, { token: null });
    expect(reply.status).toBe(401);
    expect(t.emulator.store.listAuthServers()).toEqual([]);
  });
});

describe('routing', () => {
  it('answers 404 problems for paths no spec declares', async () => {
    for (const path of ['/v1/nope', '/v2/control-planes/00000000-0000-4000-8000-000000000000/nope', '/v3/anything', '/']) {
      const reply = await t.api.get(path);
      expect(reply.status, path).toBe(404);
      expect(reply.body).toMatchObject({ status: 404, title: 'Not Found' });
    }
  });
});

describe('spec-violating requests are refused with 400', () => {
  it('a missing required field (Kong Identity problem+json)', async () => {
    const reply = await t.api.post('/v1/auth-servers', { name: 'no audience' });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    expect(reply.body).toMatchObject({ status: 400, title: 'Bad Request', type: 'https://httpstatuses.com/400' });
    expect(reply.body.instance).toMatch(/^kong:trace:\d+$/);
    expect(reply.body.invalid_parameters).toEqual([{ field: 'audience', rule: 'required', source: 'body', reason: 'is a required field' }]);
    expect(t.emulator.store.listAuthServers()).toEqual([]);
  });

  it('a wrong type', async () => {
    const server = await t.api.post('/v1/auth-servers', { name: 'a', audience: 'b' });
    const reply = await t.api.post(`/v1/auth-servers/${server.body.id}/clients`, {
      name: 'c',
      grant_types: ['client_credentials'],
      response_types: ['token'],
      access_token_duration: '3600',
    });
    expect(reply.status).toBe(400);
    expect(reply.body.invalid_parameters).toEqual([expect.objectContaining({ field: 'access_token_duration', rule: 'is_integer', source: 'body' })]);
  });

  it('an unknown enum value', async () => {
    const reply = await t.api.post('/v1/auth-servers', { name: 'a', audience: 'b', signing_algorithm: 'HS256' });
    expect(reply.status).toBe(400);
    expect(reply.body.invalid_parameters[0]).toMatchObject({ field: 'signing_algorithm', source: 'body' });
    expect(reply.body.invalid_parameters[0].reason).toContain('RS256');
  });

  it('a value out of range and a malformed path ID', async () => {
    const server = await t.api.post('/v1/auth-servers', { name: 'a', audience: 'b' });
    const short = await t.api.post(`/v1/auth-servers/${server.body.id}/clients`, {
      name: 'c',
      grant_types: ['client_credentials'],
      response_types: ['token'],
      access_token_duration: 10,
    });
    expect(short.status).toBe(400);
    expect(short.body.invalid_parameters[0]).toMatchObject({ field: 'access_token_duration' });
    const badId = await t.api.get('/v1/auth-servers/not-a-uuid');
    expect(badId.status).toBe(400);
    expect(badId.body.invalid_parameters[0]).toMatchObject({ field: 'authServerId', rule: 'is_uuid', source: 'path' });
  });

  // Konnect's platform APIs refuse a body field they do not know ("unknown field", e.g.
  // Kong/terraform-provider-konnect#193), though the specs leave their request objects open.
  it('an unknown or read-only body field (Kong Identity), on create and on PATCH', async () => {
    const typo = await t.api.post('/v1/auth-servers', { name: 'a', audience: 'b', audiance: 'c' });
    expect(typo.status).toBe(400);
    expect(typo.body.invalid_parameters).toEqual([expect.objectContaining({ field: 'audiance', rule: 'unknown_property', source: 'body' })]);
    const readOnly = await t.api.post('/v1/auth-servers', { name: 'a', audience: 'b', issuer: 'https://elsewhere/auth' });
    expect(readOnly.status).toBe(400);
    expect(readOnly.body.invalid_parameters[0]).toMatchObject({ field: 'issuer', rule: 'unknown_property' });
    expect(t.emulator.store.listAuthServers()).toEqual([]);

    const server = await t.api.post('/v1/auth-servers', { name: 'a', audience: 'b' });
    const patchId = await t.api.patch(`/v1/auth-servers/${server.body.id}`, { id: '00000000-0000-4000-8000-000000000000', description: 'x' });
    expect(patchId.status).toBe(400);
    expect(patchId.body.invalid_parameters[0]).toMatchObject({ field: 'id', rule: 'unknown_property' });
    const scope = await t.api.post(`/v1/auth-servers/${server.body.id}/scopes`, { name: 's', labels: { env: 'dev' } });
    expect(scope.status).toBe(400);
    expect((await t.api.get(`/v1/auth-servers/${server.body.id}`)).body).toEqual(server.body);
  });

  it('core entities answer Kong’s validation error', async () => {
    const { core } = quickstart(t.emulator);
    const reply = await t.api.post(`${core}/plugins`, { name: 'openid-connect', protocols: ['ftp'], config: { issuer: 'http://x/auth' } });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ code: 3, message: 'validation error', details: [{ type: 'ERROR_TYPE_FIELD', field: 'protocols[0]' }] });
    const unknownProperty = await t.api.post(`${core}/plugins`, { name: 'cors', colour: 'blue' });
    expect(unknownProperty.status).toBe(400);
    expect(unknownProperty.body.details[0]).toMatchObject({ field: 'colour' });
    expect((await t.api.get(`${core}/plugins`)).body.data).toEqual([]);
  });

  it('a body that is not JSON: 415 for the wrong content type, 400 for broken JSON', async () => {
    const wrongType = await t.api.call('POST', '/v1/auth-servers', undefined, { raw: 'name=a', contentType: 'application/x-www-form-urlencoded' });
    expect(wrongType.status).toBe(415);
    const broken = await t.api.call('POST', '/v1/auth-servers', undefined, { raw: '{"name":', contentType: 'application/json' });
    expect(broken.status).toBe(400);
    expect(broken.body.invalid_parameters[0]).toMatchObject({ field: 'body' });
  });
});

describe('response validation', () => {
  it('turns a response that breaks the spec into a 500 and records the violation', async () => {
    const options = defaultOptions();
    const log = new RequestLog();
    const violations = new ViolationLog();
    const server = await startServer(0, { options, faults: new FaultTable(), log });
    try {
      const ctx = { store: new Store('http://127.0.0.1:1'), options, konnectToken: 'kpat_test' };
      const broken = { listAuthServers: () => ({ status: 200, body: { data: 'not a list' } }) };
      server.setHandler(createApiHandler(ctx, broken, violations));
      const response = await fetch(`${server.origin}/v1/auth-servers`, { headers: { authorization: 'Bearer kpat_test' } });
      expect(response.status).toBe(500);
      const body = (await response.json()) as { title: string; violations: unknown[] };
      expect(body.title).toBe('Emulator response violates the spec');
      expect(violations.list()).toEqual([expect.objectContaining({ method: 'GET', path: '/v1/auth-servers', operationId: 'listAuthServers', status: 200 })]);
      expect(violations.list()[0]?.violations.length).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  it('exposes recorded violations at GET /_emulator/violations (none in normal use)', async () => {
    await t.api.get('/v2/control-planes');
    const reply = await fetch(`${t.emulator.apiUrl}/_emulator/violations`);
    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual([]);
  });
});
