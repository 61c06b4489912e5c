// The openid-connect config as Konnect checks and stores it, per Kong Gateway version: Kong's JSON
// schema (every field with its type, unknown fields refused), the whole config returned with
// defaults, the `consumer_claim` shorthand of 3.14+ and its refusals, and the 3.13 field.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quickstart, useEmulator, type Client, type Json } from './testing.js';
import type { Emulator } from './index.js';
import { KONG_DEFAULT_ORDER } from './v2/openid-connect.js';

const ISSUER = 'http://127.0.0.1:1/x/auth';

function schemaFields(version: string): Record<string, Json> {
  const file = new URL(`../contract/specs/plugins/openid-connect-${version}.json`, import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')).properties.config.properties;
}

/** A value of the field's type that Kong's schema accepts. */
function sampleOf(field: Json): unknown {
  if (field.enum) return field.enum[0];
  switch (field.type) {
    case 'string':
      return 'x';
    case 'integer':
    case 'number':
      return field.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [sampleOf(field.items ?? { type: 'string' })];
    case 'object':
      return Object.fromEntries(Object.entries(field.properties ?? {}).map(([name, sub]) => [name, sampleOf(sub)]));
    default:
      throw new Error(`no sample for ${JSON.stringify(field)}`);
  }
}

function oidc(config: Record<string, unknown>): Json {
  return { name: 'openid-connect', config: { issuer: ISSUER, ...config } };
}

async function write(api: Client, emulator: Emulator, config: Record<string, unknown>): Promise<Json> {
  return api.post(`${quickstart(emulator).core}/plugins`, oidc(config));
}

function validationError(field: string, message: string | RegExp): Json {
  return {
    code: 3,
    message: 'validation error',
    details: [
      { '@type': expect.any(String), type: 'ERROR_TYPE_FIELD', field, messages: [typeof message === 'string' ? message : expect.stringMatching(message)] },
    ],
  };
}

describe('Kong Gateway 3.15 (the default, as today’s Konnect)', () => {
  const t = useEmulator();
  const fields = schemaFields('3.15');

  it('returns every field of the schema: defaults filled in (3.14’s included, arrays in Kong’s order), unset ones null', async () => {
    const reply = await write(t.api, t.emulator, {});
    expect(reply.status).toBe(201);
    const { config } = reply.body;
    expect(Object.keys(config).sort()).toEqual(Object.keys(fields).sort());
    expect(Object.keys(config)).toHaveLength(234);
    expect(config).toMatchObject({
      issuer: ISSUER,
      hide_credentials: true,
      ssl_verify: true,
      // Kong's schema.lua order, not the docs' alphabetical one: it is the order the plugin tries them in.
      consumer_by: ['username', 'custom_id'],
      bearer_token_param_type: ['header', 'query', 'body'],
      auth_methods: ['password', 'client_credentials', 'authorization_code', 'bearer', 'introspection', 'userinfo', 'kong_oauth2', 'refresh_token', 'session'],
      logout_methods: ['POST', 'DELETE'],
      consumer_claims: null,
      consumer_optional: false,
      audience_claim: ['aud'],
      anonymous: null,
      upstream_headers: null,
      token_exchange: null,
    });
    expect(config).not.toHaveProperty('consumer_claim');
    // A record without required fields of its own is built from its fields' defaults.
    expect(config.redis).toMatchObject({ port: 6379, host: '127.0.0.1', password: null });
    for (const [name, field] of Object.entries(fields)) {
      if (field.default === undefined) continue;
      const kongOrder = KONG_DEFAULT_ORDER[name];
      if (kongOrder) {
        // The same values as the docs' default, in Kong's order.
        expect(config[name], name).toEqual(kongOrder);
        expect([...config[name]].sort(), name).toEqual([...(field.default as string[])].sort());
      } else {
        expect(config[name], name).toEqual(field.default);
      }
    }
    expect((await t.api.get(`${quickstart(t.emulator).core}/plugins/${reply.body.id}`)).body).toEqual(reply.body);
  });

  it('accepts every 3.15 field with its type and returns it as written', async () => {
    const config = Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, sampleOf(field)]));
    config['issuer'] = ISSUER;
    const reply = await write(t.api, t.emulator, config);
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    for (const name of ['upstream_headers', 'principals', 'token_exchange', 'bearer_token_header_name', 'jwks_endpoint', 'session_bind', 'consumer_claims']) {
      expect(reply.body.config[name], name).toEqual(config[name]);
    }
  });

  it('refuses unknown fields, at the top and inside records, with Kong’s error shape', async () => {
    const { core } = quickstart(t.emulator);
    const unknown = await write(t.api, t.emulator, { no_such_field: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual(validationError('config.no_such_field', 'unknown field'));
    const nested = await write(t.api, t.emulator, { redis: { port: 6379, colour: 'red' } });
    expect(nested.body).toEqual(validationError('config.redis.colour', 'unknown field'));
    const wrongType = await write(t.api, t.emulator, { upstream_headers: [{ header: 'x-sub' }] });
    expect(wrongType.body).toEqual(validationError('config.upstream_headers[0].path', 'required field missing'));
    const outOfRange = await write(t.api, t.emulator, { session_memcached_port: 70000 });
    expect(outOfRange.body).toEqual(validationError('config.session_memcached_port', 'value should be between 0 and 65535'));
    const notANumber = await write(t.api, t.emulator, { cache_ttl: '3600' });
    expect(notANumber.body).toEqual(validationError('config.cache_ttl', 'expected a number'));
    const badEnum = await write(t.api, t.emulator, { auth_methods: ['bearer', 'magic'] });
    expect(badEnum.body.details[0]).toMatchObject({
      field: 'config.auth_methods[1]',
      messages: [expect.stringMatching(/^expected one of: authorization_code, bearer/)],
    });
    expect((await t.api.get(`${core}/plugins`)).body.data).toEqual([]);
  });

  it('stores consumer_claim as consumer_claims: [claim] and does not echo it', async () => {
    const reply = await write(t.api, t.emulator, { consumer_claim: ['client_id'] });
    expect(reply.status).toBe(201);
    expect(reply.body.config.consumer_claims).toEqual([['client_id']]);
    expect(reply.body.config).not.toHaveProperty('consumer_claim');
    const read = await t.api.get(`${quickstart(t.emulator).core}/plugins/${reply.body.id}`);
    expect(read.body.config).not.toHaveProperty('consumer_claim');
    // Both forms saying the same thing are accepted.
    const same = await t.api.put(`${quickstart(t.emulator).core}/plugins/${reply.body.id}`, oidc({ consumer_claim: ['sub'], consumer_claims: [['sub']] }));
    expect(same.status).toBe(200);
    expect(same.body.config.consumer_claims).toEqual([['sub']]);
  });

  it('refuses consumer_claim and consumer_claims that disagree, with Kong’s message', async () => {
    const reply = await write(t.api, t.emulator, { consumer_claim: ['client_id'], consumer_claims: [['sub']] });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual(
      validationError('config.consumer_claim', /^both deprecated and new field are used but their values mismatch: consumer_claim = .* vs consumer_claims = /),
    );
  });

  it('refuses a flat consumer_claims (it is an array of claim paths)', async () => {
    const reply = await write(t.api, t.emulator, { consumer_claims: ['sub'] });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual(validationError('config.consumer_claims[0]', 'expected an array'));
  });

  it('accepts a vault reference in issuer, and refuses an issuer that is neither a URL nor a reference', async () => {
    const reference = await t.api.post(`${quickstart(t.emulator).core}/plugins`, { name: 'openid-connect', config: { issuer: '{vault://env/oidc-issuer}' } });
    expect(reference.status).toBe(201);
    expect(reference.body.config.issuer).toBe('{vault://env/oidc-issuer}');
    const bad = await write(t.api, t.emulator, { issuer: 'not a url' });
    expect(bad.body).toEqual(validationError('config.issuer', 'missing host in url'));
  });
});

describe('Kong Gateway 3.13 (an older control plane)', () => {
  const t = useEmulator({ gatewayVersion: '3.13' });
  const fields = schemaFields('3.13');

  it('returns the 3.13 fields with their 3.13 defaults; consumer_claim is a field, read back as written', async () => {
    const reply = await write(t.api, t.emulator, { consumer_claim: ['client_id'] });
    expect(reply.status).toBe(201);
    const { config } = reply.body;
    expect(Object.keys(config).sort()).toEqual(Object.keys(fields).sort());
    expect(config).toMatchObject({ consumer_claim: ['client_id'], hide_credentials: false, ssl_verify: false });
    expect(config).not.toHaveProperty('consumer_claims');
    expect((await t.api.get(`${quickstart(t.emulator).core}/plugins/${reply.body.id}`)).body.config.consumer_claim).toEqual(['client_id']);
  });

  it('refuses the 3.14+ fields (consumer_claims, upstream_headers) and a vault reference in issuer', async () => {
    expect((await write(t.api, t.emulator, { consumer_claims: [['sub']] })).body).toEqual(validationError('config.consumer_claims', 'unknown field'));
    expect((await write(t.api, t.emulator, { upstream_headers: [] })).body).toEqual(validationError('config.upstream_headers', 'unknown field'));
    expect((await write(t.api, t.emulator, { issuer: '{vault://env/oidc-issuer}' })).body).toEqual(validationError('config.issuer', 'missing host in url'));
  });
});
