import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StoredAuthServer } from '../store.js';
import { EXPIRED_AGO_SECONDS, FAULTY_AUDIENCE, FAULTY_ISSUER } from './token.js';
import {
  addHowToIdentity,
  addSecret,
  mintToken,
  newClaim,
  newClient,
  newScope,
  requestToken,
  startTestEmulator,
  type HowToIdentity,
  type TestEmulator,
} from './test-kit.js';

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
  emulator.options.openidScope = 'refused';
  identity = addHowToIdentity(emulator.store);
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

function clientCredentials(overrides: Record<string, string> = {}): Record<string, string> {
  return { grant_type: 'client_credentials', client_id: identity.client.id, client_secret: identity.secret, scope: 'my-scope', ...overrides };
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('discovery and JWKS', () => {
  it('publishes the document as captured from Kong Identity: its endpoints, openid, offline_access and the scopes marked for metadata, Basic-only introspection', async () => {
    identity.stored.scopes.push(
      newScope({ name: 'listed', include_in_metadata: true }),
      newScope({ name: 'listed-but-disabled', include_in_metadata: true, enabled: false }),
    );
    const { status, body } = await getJson(identity.stored.authServer.metadata_uri);
    expect(status).toBe(200);
    const issuer = identity.issuer;
    expect(issuer).toBe(`${emulator.issuerOrigin}/${identity.stored.issuerSlug}/auth`);
    // The capture's fields, in its order (a Kong workshop's document of 2026: test/contract/specs/SOURCE.md).
    expect(body).toEqual({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/oauth/token`,
      introspection_endpoint: `${issuer}/introspect`,
      userinfo_endpoint: `${issuer}/userinfo`,
      revocation_endpoint: `${issuer}/revoke`,
      end_session_endpoint: `${issuer}/end_session`,
      device_authorization_endpoint: `${issuer}/device_authorization`,
      jwks_uri: `${issuer}/.well-known/jwks`,
      scopes_supported: ['openid', 'offline_access', 'listed'],
      response_types_supported: ['code', 'id_token', 'id_token token'],
      grant_types_supported: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
      revocation_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
      revocation_endpoint_auth_signing_alg_values_supported: ['RS256'],
      introspection_endpoint_auth_methods_supported: ['client_secret_basic'],
      introspection_endpoint_auth_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
      ui_locales_supported: ['en'],
      request_uri_parameter_supported: false,
    });
    expect(Object.keys(body)).not.toContain('claims_supported');
  });

  it('publishes one public signing key with a UUID kid, alg and use, and no private part', async () => {
    const { status, body } = await getJson(identity.stored.authServer.jwks_uri);
    expect(status).toBe(200);
    const keys = body['keys'] as Record<string, unknown>[];
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({
      kty: 'RSA',
      alg: 'RS256',
      use: 'sig',
      kid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      n: expect.any(String),
      e: 'AQAB',
    });
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('answers 404 for an unknown auth server or path, and 405 for a wrong method', async () => {
    expect((await getJson(`${emulator.issuerOrigin}/0123456789/auth/.well-known/openid-configuration`)).status).toBe(404);
    const unknownPath = await getJson(`${identity.issuer}/nothing-here`);
    expect(unknownPath.status).toBe(404);
    expect(unknownPath.body['error']).toBe('not_found');
    const wrongMethod = await fetch(`${identity.issuer}/oauth/token`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it('forgets an auth server once it is deleted', async () => {
    emulator.store.deleteAuthServer(identity.stored.authServer.id);
    expect((await getJson(identity.stored.authServer.metadata_uri)).status).toBe(404);
  });
});

describe('the token endpoint', () => {
  it('mints the how-to token as Kong Identity does: aud an array, client_id, nbf, jti; it verifies against the published JWKS', async () => {
    const before = nowSeconds();
    const { status, headers, body } = await requestToken(identity.issuer, clientCredentials());
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600, scope: 'my-scope' });

    const token = body['access_token'] as string;
    const claims = decodeJwt(token);
    expect(Object.keys(claims).sort()).toEqual(['aud', 'client_id', 'exp', 'iat', 'iss', 'jti', 'nbf', 'scope', 'sub', 'test-claim']);
    expect(claims).toMatchObject({
      iss: identity.issuer,
      aud: ['http://myhttpbin.dev'],
      sub: identity.client.id,
      client_id: identity.client.id,
      scope: 'my-scope',
      'test-claim': 'test',
    });
    expect(claims.nbf).toBe(claims.iat);
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.iat).toBeLessThanOrEqual(nowSeconds());
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);

    const jwks = createRemoteJWKSet(new URL(identity.stored.authServer.jwks_uri));
    const verified = await jwtVerify(token, jwks, { issuer: identity.issuer, audience: 'http://myhttpbin.dev', algorithms: ['RS256'] });
    const published = ((await getJson(identity.stored.authServer.jwks_uri)).body['keys'] as { kid: string }[])[0];
    expect(verified.protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: published?.kid });
  });

  describe('openid (the openidScope knob)', () => {
    it('refused (the default): a client without allow_all_scopes gets invalid_scope, as for any scope it is not allowed', async () => {
      for (const scope of ['openid', 'openid my-scope']) {
        const { status, body } = await requestToken(identity.issuer, clientCredentials({ scope }));
        expect(status, scope).toBe(400);
        expect(body['error'], scope).toBe('invalid_scope');
        expect(body['error_description']).toContain("'openid'");
      }
      // The scopes it is allowed still work, and the discovery document still lists openid.
      expect((await requestToken(identity.issuer, clientCredentials())).status).toBe(200);
      expect((await getJson(identity.stored.authServer.metadata_uri)).body['scopes_supported']).toContain('openid');
    });

    it('refused: a client with allow_all_scopes gets it', async () => {
      identity.client.allow_all_scopes = true;
      const { status, body } = await requestToken(identity.issuer, clientCredentials({ scope: 'openid' }));
      expect(status).toBe(200);
      expect(decodeJwt(body['access_token'] as string).scope).toBe('openid');
    });

    it('refused: an auth-server scope named openid follows the rules of any scope', async () => {
      const openid = newScope({ name: 'openid' });
      identity.stored.scopes.push(openid);
      expect((await requestToken(identity.issuer, clientCredentials({ scope: 'openid' }))).status).toBe(400);
      identity.client.allow_scopes.push(openid.id);
      expect((await requestToken(identity.issuer, clientCredentials({ scope: 'openid' }))).status).toBe(200);
    });

    it('granted: every client may ask for it, though no scope of that name exists', async () => {
      emulator.options.openidScope = 'granted';
      const { status, body } = await requestToken(identity.issuer, clientCredentials({ scope: 'openid my-scope' }));
      expect(status).toBe(200);
      expect(body['scope']).toBe('openid my-scope');
      expect(decodeJwt(body['access_token'] as string).scope).toBe('openid my-scope');
    });
  });

  it('issues a fresh jti per token and keeps the signing key', async () => {
    const first = decodeJwt(await mintToken(identity));
    const second = decodeJwt(await mintToken(identity));
    expect(first.jti).not.toBe(second.jti);
    const [kidA, kidB] = [decodeProtectedHeader(await mintToken(identity)).kid, decodeProtectedHeader(await mintToken(identity)).kid];
    expect(kidA).toBe(kidB);
  });

  it('signs with the auth server signing_algorithm (PS384 here)', async () => {
    identity.stored.authServer.signing_algorithm = 'PS384';
    const token = await mintToken(identity);
    expect(decodeProtectedHeader(token).alg).toBe('PS384');
    const jwks = createRemoteJWKSet(new URL(identity.stored.authServer.jwks_uri));
    await expect(jwtVerify(token, jwks, { algorithms: ['PS384'] })).resolves.toBeDefined();
    const discovery = await getJson(identity.stored.authServer.metadata_uri);
    expect(discovery.body['id_token_signing_alg_values_supported']).toEqual(['PS384']);
  });

  describe('claims', () => {
    function addClaims(stored: StoredAuthServer) {
      const other = newScope({ name: 'other' });
      stored.scopes.push(other);
      identity.client.allow_scopes.push(other.id);
      stored.claims.push(
        newClaim({ name: 'always', value: 'yes', include_in_all_scopes: true }),
        newClaim({ name: 'for-other-scope', value: 'o', include_in_scopes: [other.id] }),
        newClaim({ name: 'when-no-scope', value: 'n' }),
        newClaim({ name: 'never', value: 'x', include_in_token: false, include_in_all_scopes: true }),
        newClaim({ name: 'disabled', value: 'x', enabled: false, include_in_all_scopes: true }),
        newClaim({ name: 'number', value: '42', include_in_all_scopes: true }),
        newClaim({ name: 'object', value: '{"tier":"gold","n":[1,2]}', include_in_all_scopes: true }),
        newClaim({ name: 'boolean', value: 'true', include_in_all_scopes: true }),
        newClaim({ name: 'templated', value: '${ .Client.Name }-${ upper .AuthServer.Name }', include_in_all_scopes: true }),
        newClaim({ name: 'iss', value: 'overridden?', include_in_all_scopes: true }),
      );
    }

    it('includes a claim by its scope rules, types JSON values and renders templates', async () => {
      addClaims(identity.stored);
      const claims = decodeJwt(await mintToken(identity, 'my-scope'));
      expect(claims).toMatchObject({
        'test-claim': 'test',
        always: 'yes',
        number: 42,
        object: { tier: 'gold', n: [1, 2] },
        boolean: true,
        templated: 'Client-APPOINTMENTS DEV',
        iss: identity.issuer,
      });
      for (const absent of ['for-other-scope', 'when-no-scope', 'never', 'disabled']) expect(claims).not.toHaveProperty(absent);
    });

    it('includes the "no scope requested" claims only when no scope is requested, and grants default scopes then', async () => {
      addClaims(identity.stored);
      identity.scope.default = true;
      const { status, body } = await requestToken(identity.issuer, clientCredentials({ scope: '' }));
      expect(status).toBe(200);
      // No scope requested: no scope field in the response; the token says what was granted.
      expect(body).not.toHaveProperty('scope');
      const claims = decodeJwt(body['access_token'] as string);
      expect(claims).toMatchObject({ scope: 'my-scope', 'when-no-scope': 'n', always: 'yes', 'test-claim': 'test' });
      expect(claims).not.toHaveProperty('for-other-scope');
    });

    it('grants no scope without a request when no allowed scope is a default: no scope field, the claim ""', async () => {
      const { status, body } = await requestToken(identity.issuer, {
        grant_type: 'client_credentials',
        client_id: identity.client.id,
        client_secret: identity.secret,
      });
      expect(status).toBe(200);
      expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
      const claims = decodeJwt(body['access_token'] as string);
      expect(claims['scope']).toBe('');
      expect(claims).not.toHaveProperty('test-claim');
    });
  });

  describe('refuses', () => {
    const refusal = async (form: Record<string, string>, init: RequestInit = {}) => requestToken(identity.issuer, form, init);

    it('a wrong secret, an unknown client, a missing secret: 401 invalid_client', async () => {
      for (const form of [
        clientCredentials({ client_secret: 'wrong' }),
        clientCredentials({ client_id: 'no-such-client' }),
        clientCredentials({ client_secret: '' }),
      ]) {
        const { status, body, headers } = await refusal(form);
        expect(status).toBe(401);
        expect(body['error']).toBe('invalid_client');
        expect(typeof body['error_description']).toBe('string');
        expect(headers.get('cache-control')).toBe('no-store');
      }
    });

    it('a deleted or disabled secret, while a second active secret still works', async () => {
      const second = addSecret(identity.storedClient);
      expect((await refusal(clientCredentials({ client_secret: second }))).status).toBe(200);
      identity.storedClient.secrets.splice(0, 1);
      expect((await refusal(clientCredentials())).body['error']).toBe('invalid_client');
      const remaining = identity.storedClient.secrets[0];
      if (remaining) remaining.info.enabled = false;
      expect((await refusal(clientCredentials({ client_secret: second }))).body['error']).toBe('invalid_client');
    });

    it('client_secret_basic is accepted as well as client_secret_post; a wrong Basic secret is 401 with a Basic challenge', async () => {
      const basic = (secret: string) => ({
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Authorization: `Basic ${Buffer.from(`${identity.client.id}:${secret}`).toString('base64')}`,
        },
      });
      const good = await refusal({ grant_type: 'client_credentials', scope: 'my-scope' }, basic(identity.secret));
      expect(good.status).toBe(200);
      expect(decodeJwt(good.body['access_token'] as string).client_id).toBe(identity.client.id);
      const { status, body, headers } = await refusal({ grant_type: 'client_credentials', scope: 'my-scope' }, basic('wrong'));
      expect(status).toBe(401);
      expect(body['error']).toBe('invalid_client');
      expect(headers.get('www-authenticate')).toMatch(/^Basic /);
    });

    it('a scope not allowed, unknown or disabled: 400 invalid_scope', async () => {
      const notAllowed = newScope({ name: 'not-allowed' });
      const disabled = newScope({ name: 'disabled', enabled: false });
      identity.stored.scopes.push(notAllowed, disabled);
      identity.client.allow_scopes.push(disabled.id);
      for (const scope of ['not-allowed', 'unknown', 'disabled', 'my-scope not-allowed']) {
        const { status, body } = await refusal(clientCredentials({ scope }));
        expect(status, scope).toBe(400);
        expect(body['error'], scope).toBe('invalid_scope');
      }
    });

    it('lets allow_all_scopes request any enabled scope', async () => {
      identity.stored.scopes.push(newScope({ name: 'anything' }));
      identity.client.allow_all_scopes = true;
      identity.client.allow_scopes = [];
      const { status, body } = await refusal(clientCredentials({ scope: 'anything my-scope' }));
      expect(status).toBe(200);
      expect(body['scope']).toBe('anything my-scope');
    });

    it('another grant type: 400 unsupported_grant_type; a client without client_credentials: 400 unauthorized_client', async () => {
      const password = await refusal(clientCredentials({ grant_type: 'password' }));
      expect(password.status).toBe(400);
      expect(password.body['error']).toBe('unsupported_grant_type');
      identity.client.grant_types = ['implicit'];
      const unauthorized = await refusal(clientCredentials());
      expect(unauthorized.status).toBe(400);
      expect(unauthorized.body['error']).toBe('unauthorized_client');
    });

    it('a JSON body, a missing grant_type, a repeated parameter: 400 invalid_request', async () => {
      const json = await fetch(`${identity.issuer}/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(clientCredentials()),
      });
      expect(json.status).toBe(400);
      expect(((await json.json()) as Record<string, unknown>)['error']).toBe('invalid_request');
      const { grant_type: _omitted, ...withoutGrant } = clientCredentials();
      expect((await refusal(withoutGrant)).body['error']).toBe('invalid_request');
      const repeated = await fetch(`${identity.issuer}/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `${new URLSearchParams(clientCredentials()).toString()}&scope=my-scope`,
      });
      expect(((await repeated.json()) as Record<string, unknown>)['error']).toBe('invalid_request');
    });
  });

  describe('token faults still answer 200, with the token broken', () => {
    const tokenPath = () => `/${identity.stored.issuerSlug}/auth/oauth/token`;
    const jwks = () => createRemoteJWKSet(new URL(identity.stored.authServer.jwks_uri));

    it('wrong-aud', async () => {
      emulator.addFault(`POST ${tokenPath()} token:wrong-aud x1`);
      const claims = decodeJwt(await mintToken(identity));
      expect(claims.aud).toEqual([FAULTY_AUDIENCE]);
      expect(claims.iss).toBe(identity.issuer);
      // Only the first request is hit.
      expect(decodeJwt(await mintToken(identity)).aud).toEqual(['http://myhttpbin.dev']);
    });

    it('wrong-iss', async () => {
      emulator.addFault(`POST ${tokenPath()} token:wrong-iss x1`);
      const token = await mintToken(identity);
      expect(decodeJwt(token).iss).toBe(FAULTY_ISSUER);
      await expect(jwtVerify(token, jwks(), { issuer: identity.issuer })).rejects.toThrow(/iss/);
    });

    it('bad-signature: the published kid, but no published key verifies it', async () => {
      emulator.addFault(`POST ${tokenPath()} token:bad-signature x1`);
      const token = await mintToken(identity);
      const good = await mintToken(identity);
      expect(decodeProtectedHeader(token).kid).toBe(decodeProtectedHeader(good).kid);
      await expect(jwtVerify(good, jwks())).resolves.toBeDefined();
      await expect(jwtVerify(token, jwks())).rejects.toThrow(/signature verification failed/);
    });

    it('expired', async () => {
      emulator.addFault(`POST ${tokenPath()} token:expired x1`);
      const { status, body } = await requestToken(identity.issuer, clientCredentials());
      expect(status).toBe(200);
      const claims = decodeJwt(body['access_token'] as string);
      expect(claims.exp).toBeLessThanOrEqual(nowSeconds() - EXPIRED_AGO_SECONDS + 1);
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
      await expect(jwtVerify(body['access_token'] as string, jwks())).rejects.toThrow(/exp/);
    });
  });
});

describe('introspection and userinfo', () => {
  const introspect = async (token: string, authorization?: string) => {
    const response = await fetch(`${identity.issuer}/introspect`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        ...(authorization ? { Authorization: authorization } : {}),
      },
      body: new URLSearchParams({ token }).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const basic = () => `Basic ${Buffer.from(`${identity.client.id}:${identity.secret}`).toString('base64')}`;

  it('reports a good token active with its claims, a broken one inactive, and refuses an unknown caller', async () => {
    const token = await mintToken(identity);
    const active = await introspect(token, basic());
    expect(active.status).toBe(200);
    expect(active.body).toMatchObject({ active: true, sub: identity.client.id, scope: 'my-scope', client_id: identity.client.id, 'test-claim': 'test' });
    emulator.addFault(`POST /${identity.stored.issuerSlug}/auth/oauth/token token:expired x1`);
    expect((await introspect(await mintToken(identity), basic())).body).toEqual({ active: false });
    expect((await introspect('garbage', basic())).body).toEqual({ active: false });
    const anonymous = await introspect(token);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body['error']).toBe('invalid_client');
  });

  it('authenticates the caller with Basic only (the one method discovery lists for it)', async () => {
    const token = await mintToken(identity);
    const response = await fetch(`${identity.issuer}/introspect`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, client_id: identity.client.id, client_secret: identity.secret }).toString(),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as Record<string, unknown>)['error']).toBe('invalid_client');
    expect((await introspect(token, basic())).body['active']).toBe(true);
  });

  it('revokes (RFC 7009): 200 for an authenticated client, 401 for anyone else', async () => {
    const token = await mintToken(identity);
    const revoke = (init: RequestInit) => fetch(`${identity.issuer}/revoke`, { method: 'POST', ...init });
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const ok = await revoke({ headers: { ...form, Authorization: basic() }, body: new URLSearchParams({ token }).toString() });
    expect(ok.status).toBe(200);
    const posted = await revoke({
      headers: form,
      body: new URLSearchParams({ token, client_id: identity.client.id, client_secret: identity.secret }).toString(),
    });
    expect(posted.status).toBe(200);
    expect((await revoke({ headers: form, body: new URLSearchParams({ token }).toString() })).status).toBe(401);
  });

  it('reads Basic credentials raw or form-encoded, so a caller-chosen secret with + or % works', async () => {
    const secret = addSecret(identity.storedClient, 'a+b%2Fc');
    const token = await mintToken(identity);
    const raw = `Basic ${Buffer.from(`${identity.client.id}:${secret}`).toString('base64')}`;
    const encoded = `Basic ${Buffer.from(`${identity.client.id}:${encodeURIComponent(secret)}`).toString('base64')}`;
    expect((await introspect(token, raw)).body['active']).toBe(true);
    expect((await introspect(token, encoded)).body['active']).toBe(true);
    expect((await introspect(token, `Basic ${Buffer.from(`${identity.client.id}:a b/c`).toString('base64')}`)).status).toBe(401);
  });

  it('answers userinfo for a good token only', async () => {
    const token = await mintToken(identity);
    const ok = await fetch(`${identity.issuer}/userinfo`, { headers: { Authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ sub: identity.client.id });
    const refused = await fetch(`${identity.issuer}/userinfo`, { headers: { Authorization: 'Bearer nope' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });
});

describe('other auth servers', () => {
  it('keeps each auth server its own issuer and keys', async () => {
    const other = emulator.store.newAuthServer({ name: 'Other', audience: 'other-api' });
    const client = newClient({ name: 'c', allow_all_scopes: true });
    const storedClient = { client, secrets: [] };
    const secret = addSecret(storedClient);
    other.clients.push(storedClient);
    emulator.store.addAuthServer(other);
    const { body } = await requestToken(other.authServer.issuer, { grant_type: 'client_credentials', client_id: client.id, client_secret: secret });
    const token = body['access_token'] as string;
    expect(decodeJwt(token)).toMatchObject({ iss: other.authServer.issuer, aud: ['other-api'] });
    const otherKeys = createRemoteJWKSet(new URL(other.authServer.jwks_uri));
    const howToKeys = createRemoteJWKSet(new URL(identity.stored.authServer.jwks_uri));
    await expect(jwtVerify(token, otherKeys)).resolves.toBeDefined();
    await expect(jwtVerify(token, howToKeys)).rejects.toThrow();
    // The how-to client's credentials mean nothing to the other auth server.
    const crossed = await requestToken(other.authServer.issuer, clientCredentials({ scope: '' }));
    expect(crossed.body['error']).toBe('invalid_client');
  });
});
