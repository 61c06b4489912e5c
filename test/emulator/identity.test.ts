// Kong Identity v1 as the emulator serves it: defaults, uniqueness, filters, pages, the one-time
// secret, PUT replace, the secret limit and the rules beyond the schemas.
import { describe, expect, it } from 'vitest';
import { AUTH_SERVER, authServerWithScope, useEmulator, type Client } from './testing.js';

const t = useEmulator();

const CLIENT = { name: 'Client', grant_types: ['client_credentials'], response_types: ['token'] };

async function createClient(api: Client, serverId: string, body: object = CLIENT) {
  const reply = await api.post(`/v1/auth-servers/${serverId}/clients`, body);
  expect(reply.status).toBe(201);
  return reply.body;
}

async function mintToken(issuer: string, clientId: string, secret: string): Promise<number> {
  const response = await fetch(`${issuer}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
  });
  await response.text();
  return response.status;
}

describe('auth servers', () => {
  it('creates with the spec defaults and a per-server issuer on the issuer port', async () => {
    const reply = await t.api.post('/v1/auth-servers', AUTH_SERVER);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ ...AUTH_SERVER, signing_algorithm: 'RS256', labels: {}, trusted_origins: [] });
    expect(reply.body.issuer).toMatch(new RegExp(`^${t.emulator.issuerOrigin}/[0-9a-f]+/auth$`));
    expect(reply.body.metadata_uri).toBe(`${reply.body.issuer}/.well-known/openid-configuration`);
    expect(reply.body.jwks_uri).toBe(`${reply.body.issuer}/.well-known/jwks`);
    expect((await t.api.get(`/v1/auth-servers/${reply.body.id}`)).body).toEqual(reply.body);
  });

  it('refuses a duplicate name with a 409 problem', async () => {
    await t.api.post('/v1/auth-servers', AUTH_SERVER);
    const reply = await t.api.post('/v1/auth-servers', { ...AUTH_SERVER, audience: 'other' });
    expect(reply.status).toBe(409);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    expect(reply.body).toMatchObject({ status: 409, title: 'Conflict' });
    expect(reply.body.instance).toMatch(/^kong:trace:\d+$/);
  });

  it('lets only one of two concurrent creates with the same name through (201 and 409)', async () => {
    const { server } = await authServerWithScope(t.api);
    const race = (path: string, body: object) => Promise.all([t.api.post(path, body), t.api.post(path, body)]);
    const creates = [
      await race('/v1/auth-servers', { ...AUTH_SERVER, name: 'raced' }),
      await race(`/v1/auth-servers/${server.id}/scopes`, { name: 'raced' }),
      await race(`/v1/auth-servers/${server.id}/clients`, { ...CLIENT, name: 'raced' }),
    ];
    for (const replies of creates) expect(replies.map((reply) => reply.status).sort()).toEqual([201, 409]);
  });

  it('refuses a rename onto another server’s name with 409', async () => {
    await t.api.post('/v1/auth-servers', { ...AUTH_SERVER, name: 'a' });
    const b = await t.api.post('/v1/auth-servers', { ...AUTH_SERVER, name: 'b' });
    expect((await t.api.patch(`/v1/auth-servers/${b.body.id}`, { name: 'a' })).status).toBe(409);
    expect((await t.api.patch(`/v1/auth-servers/${b.body.id}`, { name: 'b', description: 'same name is fine' })).status).toBe(200);
  });

  it('filters by name with eq and contains', async () => {
    for (const name of ['quickstart', 'quickstart-2', 'other']) await t.api.post('/v1/auth-servers', { ...AUTH_SERVER, name });
    const eq = await t.api.get('/v1/auth-servers?filter[name][eq]=quickstart');
    expect(eq.body.data.map((server: { name: string }) => server.name)).toEqual(['quickstart']);
    expect(eq.body.meta.page.total).toBe(1);
    const contains = await t.api.get('/v1/auth-servers?filter%5Bname%5D%5Bcontains%5D=quickstart');
    expect(contains.body.data.map((server: { name: string }) => server.name)).toEqual(['quickstart', 'quickstart-2']);
  });

  it('filters by labels and id', async () => {
    const prod = await t.api.post('/v1/auth-servers', { ...AUTH_SERVER, name: 'prod', labels: { env: 'prod' } });
    await t.api.post('/v1/auth-servers', { ...AUTH_SERVER, name: 'dev', labels: { env: 'dev' } });
    expect((await t.api.get('/v1/auth-servers?filter[labels][eq]=env:prod')).body.data.map((s: { id: string }) => s.id)).toEqual([prod.body.id]);
    expect((await t.api.get(`/v1/auth-servers?filter[id][eq]=${prod.body.id}`)).body.data).toHaveLength(1);
  });

  it('pages with page[size] and page[number], totals in meta.page', async () => {
    for (let i = 1; i <= 5; i++) await t.api.post('/v1/auth-servers', { ...AUTH_SERVER, name: `server-${i}` });
    const second = await t.api.get('/v1/auth-servers?page[size]=2&page[number]=2');
    expect(second.body.meta.page).toEqual({ number: 2, size: 2, total: 5 });
    expect(second.body.data.map((s: { name: string }) => s.name)).toEqual(['server-3', 'server-4']);
    const past = await t.api.get('/v1/auth-servers?page[size]=2&page[number]=4');
    expect(past.body).toEqual({ data: [], meta: { page: { number: 4, size: 2, total: 5 } } });
    expect((await t.api.get('/v1/auth-servers?page[size]=101')).status).toBe(400);
  });

  it('uses the pageSize knob as the default page size', async () => {
    for (let i = 1; i <= 3; i++) await t.api.post('/v1/auth-servers', { ...AUTH_SERVER, name: `server-${i}` });
    expect((await t.api.get('/v1/auth-servers')).body.meta.page).toEqual({ number: 1, size: 10, total: 3 });
    t.emulator.options.pageSize = 2;
    const first = await t.api.get('/v1/auth-servers');
    expect(first.body.data).toHaveLength(2);
    expect(first.body.meta.page).toEqual({ number: 1, size: 2, total: 3 });
  });

  it('sorts by name descending', async () => {
    for (const name of ['b', 'c', 'a']) await t.api.post('/v1/auth-servers', { ...AUTH_SERVER, name });
    const sorted = await t.api.get('/v1/auth-servers?sort=name%20desc');
    expect(sorted.body.data.map((s: { name: string }) => s.name)).toEqual(['c', 'b', 'a']);
    expect((await t.api.get('/v1/auth-servers?sort=colour')).status).toBe(400);
  });

  it("refuses reserved label keys (the spec's five and the labels page's insomnia and kuma) and keys that do not begin and end with a letter or digit", async () => {
    for (const key of [
      'konnect-team',
      'kong',
      'KIC-x',
      'mesh1',
      'insomnia-project',
      'kuma.zone',
      '_private',
      '-team',
      'team-',
      'team.',
      'a b',
      'x'.repeat(64),
    ]) {
      const reply = await t.api.post('/v1/auth-servers', { ...AUTH_SERVER, labels: { [key]: 'x' } });
      expect(reply.status, key).toBe(400);
      expect(reply.body.invalid_parameters[0]).toMatchObject({ field: `labels.${key}`, rule: 'is_label', source: 'body' });
    }
    const fine = { 'managed-by': 'kong-identity-oidc-action', 'github.owner': 'acme', a: 'b', team_2: 'x', ['k'.repeat(63)]: 'y' };
    const reply = await t.api.post('/v1/auth-servers', { ...AUTH_SERVER, labels: fine });
    expect(reply.status).toBe(201);
    expect(reply.body.labels).toEqual(fine);
  });

  it('allows at most 5 labels per resource, counted after a PATCH merges (a null value removes one)', async () => {
    const five = { a: '1', b: '2', c: '3', d: '4', e: '5' };
    const six = await t.api.post('/v1/auth-servers', { ...AUTH_SERVER, labels: { ...five, f: '6' } });
    expect(six.status).toBe(400);
    expect(six.body.invalid_parameters).toEqual([expect.objectContaining({ field: 'labels', rule: 'max_items', maximum: 5, source: 'body' })]);
    const created = await t.api.post('/v1/auth-servers', { ...AUTH_SERVER, labels: five });
    expect(created.status).toBe(201);
    const path = `/v1/auth-servers/${created.body.id}`;
    expect((await t.api.patch(path, { labels: { f: '6' } })).status).toBe(400);
    expect(t.emulator.store.getAuthServer(created.body.id)?.authServer.labels).toEqual(five);
    // A PATCH merges: setting one and removing another in one call stays at five; the others are kept.
    const swapped = await t.api.patch(path, { labels: { a: null, 'kio-teardown': '1700000000000-x1' } });
    expect(swapped.status).toBe(200);
    expect(swapped.body.labels).toEqual({ b: '2', c: '3', d: '4', e: '5', 'kio-teardown': '1700000000000-x1' });
    const cleared = await t.api.patch(path, { labels: { 'kio-teardown': null } });
    expect(cleared.body.labels).toEqual({ b: '2', c: '3', d: '4', e: '5' });
    expect((await t.api.patch(path, { description: 'labels untouched' })).body.labels).toEqual({ b: '2', c: '3', d: '4', e: '5' });
    // Clients alike.
    const { server } = await authServerWithScope(t.api, 'Other');
    expect((await t.api.post(`/v1/auth-servers/${server.id}/clients`, { ...CLIENT, labels: { ...five, f: '6' } })).status).toBe(400);
    const client = await createClient(t.api, server.id, { ...CLIENT, labels: five });
    expect((await t.api.patch(`/v1/auth-servers/${server.id}/clients/${client.id}`, { labels: { f: '6' } })).status).toBe(400);
    expect((await t.api.put(`/v1/auth-servers/${server.id}/clients/${client.id}`, { ...CLIENT, client_secret: 's', labels: { ...five, f: '6' } })).status).toBe(
      400,
    );
  });

  it('deletes a server with dependents only with force=true', async () => {
    const { server } = await authServerWithScope(t.api);
    expect((await t.api.delete(`/v1/auth-servers/${server.id}`)).status).toBe(400);
    expect((await t.api.delete(`/v1/auth-servers/${server.id}?force=true`)).status).toBe(204);
    expect((await t.api.get(`/v1/auth-servers/${server.id}`)).status).toBe(404);
  });

  it('answers 404 problems for unknown servers and their children', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const path of [`/v1/auth-servers/${unknown}`, `/v1/auth-servers/${unknown}/scopes`, `/v1/auth-servers/${unknown}/clients/abc/secrets`]) {
      const reply = await t.api.get(path);
      expect(reply.status, path).toBe(404);
      expect(reply.body).toMatchObject({ status: 404, title: 'Not Found' });
    }
  });
});

describe('scopes and claims', () => {
  it('refuses a duplicate scope name in one server, allows it in another', async () => {
    const { server } = await authServerWithScope(t.api, 'one');
    const duplicate = await t.api.post(`/v1/auth-servers/${server.id}/scopes`, { name: 'my-scope' });
    expect(duplicate.status).toBe(409);
    const other = await authServerWithScope(t.api, 'two');
    expect(other.scope.name).toBe('my-scope');
  });

  it('filters scopes with eq and contains', async () => {
    const { server } = await authServerWithScope(t.api);
    await t.api.post(`/v1/auth-servers/${server.id}/scopes`, { name: 'my-scope-2' });
    await t.api.post(`/v1/auth-servers/${server.id}/scopes`, { name: 'read' });
    const contains = await t.api.get(`/v1/auth-servers/${server.id}/scopes?filter[name][contains]=my-scope`);
    expect(contains.body.data.map((s: { name: string }) => s.name)).toEqual(['my-scope', 'my-scope-2']);
    const eq = await t.api.get(`/v1/auth-servers/${server.id}/scopes?filter[name][eq]=read`);
    expect(eq.body.data.map((s: { name: string }) => s.name)).toEqual(['read']);
  });

  it('refuses a scope name that cannot be requested', async () => {
    const { server } = await authServerWithScope(t.api);
    expect((await t.api.post(`/v1/auth-servers/${server.id}/scopes`, { name: 'two words' })).status).toBe(400);
  });

  it('takes the spec defaults for scopes and claims', async () => {
    const { server, scope } = await authServerWithScope(t.api);
    expect(scope).toMatchObject({ description: '', default: false, include_in_metadata: false, enabled: true });
    const claim = await t.api.post(`/v1/auth-servers/${server.id}/claims`, { name: 'test-claim', value: 'test' });
    expect(claim.status).toBe(201);
    expect(claim.body).toMatchObject({ include_in_token: false, include_in_all_scopes: false, include_in_scopes: [], enabled: true });
  });

  it('refuses claims and clients that name scopes the server does not have', async () => {
    const { server } = await authServerWithScope(t.api);
    const ghost = '00000000-0000-4000-8000-000000000000';
    const claim = await t.api.post(`/v1/auth-servers/${server.id}/claims`, { name: 'c', value: 'v', include_in_scopes: [ghost] });
    expect(claim.status).toBe(400);
    expect(claim.body.invalid_parameters[0]).toMatchObject({ field: 'include_in_scopes', rule: 'missing_reference' });
    const client = await t.api.post(`/v1/auth-servers/${server.id}/clients`, { ...CLIENT, allow_scopes: [ghost] });
    expect(client.status).toBe(400);
  });

  it('removes a deleted scope from clients and claims', async () => {
    const { server, scope } = await authServerWithScope(t.api);
    const claim = await t.api.post(`/v1/auth-servers/${server.id}/claims`, { name: 'c', value: 'v', include_in_scopes: [scope.id] });
    const client = await createClient(t.api, server.id, { ...CLIENT, allow_scopes: [scope.id] });
    expect((await t.api.delete(`/v1/auth-servers/${server.id}/scopes/${scope.id}`)).status).toBe(204);
    expect((await t.api.get(`/v1/auth-servers/${server.id}/clients/${client.id}`)).body.allow_scopes).toEqual([]);
    expect((await t.api.get(`/v1/auth-servers/${server.id}/claims/${claim.body.id}`)).body.include_in_scopes).toEqual([]);
  });
});

describe('clients', () => {
  it('shows the client secret once, in the create response only', async () => {
    const { server } = await authServerWithScope(t.api);
    const client = await createClient(t.api, server.id);
    expect(client.client_secret).toEqual(expect.any(String));
    expect(client).toMatchObject({
      access_token_duration: 300,
      id_token_duration: 300,
      token_endpoint_auth_method: 'client_secret_post',
      allow_all_scopes: false,
      redirect_uris: [],
    });
    const fetched = await t.api.get(`/v1/auth-servers/${server.id}/clients/${client.id}`);
    expect(fetched.body).not.toHaveProperty('client_secret');
    const listed = await t.api.get(`/v1/auth-servers/${server.id}/clients`);
    expect(listed.body.data[0]).not.toHaveProperty('client_secret');
    const secrets = await t.api.get(`/v1/auth-servers/${server.id}/clients/${client.id}/secrets`);
    expect(secrets.body.data).toHaveLength(1);
    expect(secrets.body.data[0]).not.toHaveProperty('secret');
    expect(await mintToken(server.issuer, client.id, client.client_secret)).toBe(200);
  });

  it('refuses a duplicate client name with 409', async () => {
    const { server } = await authServerWithScope(t.api);
    await createClient(t.api, server.id);
    expect((await t.api.post(`/v1/auth-servers/${server.id}/clients`, CLIENT)).status).toBe(409);
  });

  it('filters clients with eq and contains, and pages them', async () => {
    const { server } = await authServerWithScope(t.api);
    for (const name of ['ci-a', 'ci-b', 'other']) await createClient(t.api, server.id, { ...CLIENT, name });
    const contains = await t.api.get(`/v1/auth-servers/${server.id}/clients?filter[name][contains]=ci-&page[size]=1`);
    expect(contains.body.data.map((c: { name: string }) => c.name)).toEqual(['ci-a']);
    expect(contains.body.meta.page).toEqual({ number: 1, size: 1, total: 2 });
    const eq = await t.api.get(`/v1/auth-servers/${server.id}/clients?filter[name][eq]=other`);
    expect(eq.body.data.map((c: { name: string }) => c.name)).toEqual(['other']);
  });

  it('PUT creates a client with a caller-chosen ID and secret (201), then replaces it (200)', async () => {
    const { server } = await authServerWithScope(t.api);
    const path = `/v1/auth-servers/${server.id}/clients/my-ci-client`;
    const created = await t.api.put(path, { ...CLIENT, client_secret: 'first-secret', access_token_duration: 600 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'my-ci-client', access_token_duration: 600 });
    expect(created.body).not.toHaveProperty('client_secret');
    expect(await mintToken(server.issuer, 'my-ci-client', 'first-secret')).toBe(200);

    const replaced = await t.api.put(path, { ...CLIENT, name: 'Renamed', client_secret: 'second-secret' });
    expect(replaced.status).toBe(200);
    // Replace, not merge: the duration falls back to its default.
    expect(replaced.body).toMatchObject({ id: 'my-ci-client', name: 'Renamed', access_token_duration: 300, created_at: created.body.created_at });
    const secrets = await t.api.get(`${path}/secrets`);
    expect(secrets.body.data).toHaveLength(1);
    expect(await mintToken(server.issuer, 'my-ci-client', 'second-secret')).toBe(200);
    expect(await mintToken(server.issuer, 'my-ci-client', 'first-secret')).toBe(401);
  });

  it('keeps the secret ID when PUT repeats the same secret', async () => {
    const { server } = await authServerWithScope(t.api);
    const path = `/v1/auth-servers/${server.id}/clients/my-ci-client`;
    await t.api.put(path, { ...CLIENT, client_secret: 'same' });
    const before = (await t.api.get(`${path}/secrets`)).body.data[0].id;
    await t.api.put(path, { ...CLIENT, client_secret: 'same' });
    expect((await t.api.get(`${path}/secrets`)).body.data.map((s: { id: string }) => s.id)).toEqual([before]);
  });

  it('PUT refuses a name another client has', async () => {
    const { server } = await authServerWithScope(t.api);
    await createClient(t.api, server.id);
    const reply = await t.api.put(`/v1/auth-servers/${server.id}/clients/other-id`, { ...CLIENT, client_secret: 's' });
    expect(reply.status).toBe(409);
  });

  it('PATCH merges labels and a client_secret replaces the secrets', async () => {
    const { server } = await authServerWithScope(t.api);
    const client = await createClient(t.api, server.id, { ...CLIENT, labels: { team: 'a', env: 'dev' } });
    const path = `/v1/auth-servers/${server.id}/clients/${client.id}`;
    const patched = await t.api.patch(path, { labels: { env: null, owner: 'me' }, client_secret: 'patched' });
    expect(patched.status).toBe(200);
    expect(patched.body.labels).toEqual({ team: 'a', owner: 'me' });
    expect(await mintToken(server.issuer, client.id, 'patched')).toBe(200);
    expect(await mintToken(server.issuer, client.id, client.client_secret)).toBe(401);
  });
});

describe('client secrets', () => {
  it('returns a new secret value once, and allows at most 2 active secrets', async () => {
    const { server } = await authServerWithScope(t.api);
    const client = await createClient(t.api, server.id);
    const secrets = `/v1/auth-servers/${server.id}/clients/${client.id}/secrets`;

    const second = await t.api.post(secrets, { secret: 'new-secret', enabled: true });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ secret: 'new-secret', enabled: true });
    expect((await t.api.get(`${secrets}/${second.body.id}`)).body).not.toHaveProperty('secret');
    expect(await mintToken(server.issuer, client.id, 'new-secret')).toBe(200);

    const third = await t.api.post(secrets, {});
    expect(third.status).toBe(403);
    expect(third.headers.get('content-type')).toBe('application/problem+json');
    expect(third.body).toMatchObject({ status: 403, title: 'Forbidden' });

    // A disabled third secret is not active, so it is allowed; enabling it is not.
    const disabled = await t.api.post(secrets, { enabled: false });
    expect(disabled.status).toBe(201);
    expect(disabled.body.secret).toEqual(expect.any(String));
    expect((await t.api.patch(`${secrets}/${disabled.body.id}`, { enabled: true })).status).toBe(403);

    // Rotation: delete the old one, then the third can be enabled.
    const old = (await t.api.get(`${secrets}?filter[enabled]=true`)).body.data.find((s: { id: string }) => s.id !== second.body.id);
    expect((await t.api.delete(`${secrets}/${old.id}`)).status).toBe(204);
    expect(await mintToken(server.issuer, client.id, client.client_secret)).toBe(401);
    expect((await t.api.patch(`${secrets}/${disabled.body.id}`, { enabled: true })).body.enabled).toBe(true);
  });
});

describe('list queries', () => {
  it('matches filter[name][eq] exactly after URL decoding: spaces, plus signs, ampersands, case', async () => {
    for (const name of ['a b', 'a+b', 'a&b', 'A b']) await t.api.post('/v1/auth-servers', { ...AUTH_SERVER, name });
    const names = async (query: string) => (await t.api.get(`/v1/auth-servers?${query}`)).body.data.map((s: { name: string }) => s.name);
    expect(await names(`filter[name][eq]=${encodeURIComponent('a+b')}`)).toEqual(['a+b']);
    expect(await names(`filter[name][eq]=${encodeURIComponent('a&b')}`)).toEqual(['a&b']);
    // An unencoded `+` is a space in a query string, as in Konnect's (Go) query parsing.
    expect(await names('filter[name][eq]=a+b')).toEqual(['a b']);
    expect(await names('filter[name][eq]=a%20b')).toEqual(['a b']);
  });

  it('refuses filters on fields the spec does not offer, prototype names included', async () => {
    for (const query of ['filter[colour][eq]=red', 'filter[constructor][eq]=x', 'filter[__proto__][eq]=x', 'filter[name][startswith]=a']) {
      const reply = await t.api.get(`/v1/auth-servers?${query}`);
      expect(reply.status, query).toBe(400);
      expect(reply.body.invalid_parameters.length, query).toBeGreaterThan(0);
    }
  });
});
