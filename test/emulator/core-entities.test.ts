// Core entities v2: the seeded service and route, plugins (global and nested) with Kong's unique
// constraint, PUT upserts, size/offset/next pages, tags and name filters, consumers, and publication.
import { describe, expect, it } from 'vitest';
import { quickstart, useEmulator, type Json } from './testing.js';

const t = useEmulator();

const OIDC = { name: 'openid-connect', config: { issuer: 'http://127.0.0.1:1/x/auth', auth_methods: ['bearer'], audience: ['http://myhttpbin.dev'] } };
const UNIQUE_ERROR = {
  code: 3,
  message: 'data constraint error',
  details: [expect.objectContaining({ type: 'ERROR_TYPE_REFERENCE', field: 'name', messages: [expect.stringContaining('(type: unique) constraint failed')] })],
};

describe('seeded prerequisites', () => {
  it('has example-service and example-route on quickstart', async () => {
    const { core } = quickstart(t.emulator);
    const service = await t.api.get(`${core}/services/example-service`);
    expect(service.status).toBe(200);
    expect(service.body).toMatchObject({ name: 'example-service', host: 'httpbin.konghq.com', path: '/anything', protocol: 'http' });
    const route = await t.api.get(`${core}/routes/example-route`);
    expect(route.body).toMatchObject({ name: 'example-route', paths: ['/anything'], service: { id: service.body.id } });
  });
});

describe('plugins', () => {
  it('creates a global plugin with the how-to’s body (trailing slash included), config defaults applied', async () => {
    const { core } = quickstart(t.emulator);
    const reply = await t.api.post(`${core}/plugins/`, OIDC);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      name: 'openid-connect',
      enabled: true,
      service: null,
      route: null,
      consumer: null,
      protocols: ['grpc', 'grpcs', 'http', 'https'],
    });
    expect(reply.body.config).toMatchObject({ ...OIDC.config, audience_claim: ['aud'], scopes_claim: ['scope'] });
    expect(reply.body.created_at).toEqual(expect.any(Number));
  });

  it('refuses a second plugin of the same name on the same scope with the 400 unique-constraint error', async () => {
    const { core } = quickstart(t.emulator);
    await t.api.post(`${core}/plugins`, OIDC);
    const again = await t.api.post(`${core}/plugins`, { ...OIDC, tags: ['other'] });
    expect(again.status).toBe(400);
    expect(again.body).toEqual(UNIQUE_ERROR);
    // PUT of a new ID is a create: refused the same way.
    const put = await t.api.put(`${core}/plugins/2b0f3a1e-8a3c-4f47-9a8c-4c1f2f6d9e01`, OIDC);
    expect(put.status).toBe(400);
    expect(put.body).toEqual(UNIQUE_ERROR);
  });

  it('allows the same plugin on another scope, and refuses a duplicate within a service', async () => {
    const { core } = quickstart(t.emulator);
    await t.api.post(`${core}/plugins`, OIDC);
    const onService = await t.api.post(`${core}/services/example-service/plugins`, OIDC);
    expect(onService.status).toBe(201);
    expect(onService.body.service).toEqual({ id: expect.any(String) });
    const onRoute = await t.api.post(`${core}/routes/example-route/plugins`, OIDC);
    expect(onRoute.status).toBe(201);
    const duplicate = await t.api.post(`${core}/plugins`, { ...OIDC, service: onService.body.service });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toEqual(UNIQUE_ERROR);
    // Nested lists show only their scope's plugins.
    const listed = await t.api.get(`${core}/services/${onService.body.service.id}/plugins`);
    expect(listed.body.data.map((plugin: Json) => plugin.id)).toEqual([onService.body.id]);
  });

  it('PUT upserts by ID: creates (200), then replaces keeping created_at', async () => {
    const { core } = quickstart(t.emulator);
    const id = '6f1e1d0c-3b4a-4c5d-8e9f-0a1b2c3d4e5f';
    const created = await t.api.put(`${core}/plugins/${id}`, { ...OIDC, tags: ['v1'] });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ id, tags: ['v1'] });
    const updated = await t.api.put(`${core}/plugins/${id}`, { ...OIDC, tags: ['v2'], enabled: false });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id, tags: ['v2'], enabled: false, created_at: created.body.created_at });
    expect((await t.api.get(`${core}/plugins`)).body.data).toHaveLength(1);
  });

  it('refuses unknown plugins, bad openid-connect configs and dangling references', async () => {
    const { core } = quickstart(t.emulator);
    const unknown = await t.api.post(`${core}/plugins`, { name: 'no-such-plugin' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 3, message: 'validation error' });
    const notArray = await t.api.post(`${core}/plugins`, { ...OIDC, config: { ...OIDC.config, audience_required: 'http://myhttpbin.dev' } });
    expect(notArray.status).toBe(400);
    expect(notArray.body.details[0]).toMatchObject({ type: 'ERROR_TYPE_FIELD', field: 'config.audience_required', messages: ['expected an array'] });
    const typo = await t.api.post(`${core}/plugins`, { ...OIDC, config: { ...OIDC.config, audience_requried: ['x'] } });
    expect(typo.body.details[0]).toMatchObject({ field: 'config.audience_requried', messages: ['unknown field'] });
    const noIssuer = await t.api.post(`${core}/plugins`, { name: 'openid-connect', config: { auth_methods: ['bearer'] } });
    expect(noIssuer.body.details[0]).toMatchObject({ field: 'config.issuer', messages: ['required field missing'] });
    const dangling = await t.api.post(`${core}/plugins`, { ...OIDC, route: { id: '00000000-0000-4000-8000-000000000000' } });
    expect(dangling.status).toBe(400);
    expect(dangling.body).toMatchObject({ message: 'data constraint error', details: [{ field: 'route.id' }] });
  });

  it('resolves a service or route named by {"name": …} to its id, or refuses the name with Kong’s message; never a global plugin', async () => {
    const { id, core } = quickstart(t.emulator);
    const { services, routes } = t.emulator.store.entities(id) ?? { services: [], routes: [] };
    const serviceId = services.find((service) => service.name === 'example-service')?.id;
    const routeId = routes.find((route) => route.name === 'example-route')?.id;
    const onRoute = await t.api.post(`${core}/plugins`, { ...OIDC, route: { name: 'example-route' } });
    expect(onRoute.status).toBe(201);
    expect(onRoute.body).toMatchObject({ route: { id: routeId }, service: null });
    const onService = await t.api.put(`${core}/plugins/6f1e1d0c-3b4a-4c5d-8e9f-0a1b2c3d4e5f`, { ...OIDC, service: { name: 'example-service' } });
    expect(onService.status).toBe(200);
    expect(onService.body).toMatchObject({ service: { id: serviceId }, route: null });
    // Each has its own scope: a global plugin of the same name is still free, a second one on the route is not.
    expect((await t.api.post(`${core}/plugins`, OIDC)).status).toBe(201);
    expect((await t.api.post(`${core}/plugins`, { ...OIDC, route: { id: routeId } })).body).toEqual(UNIQUE_ERROR);
    for (const [field, entity] of [
      ['route', 'routes'],
      ['service', 'services'],
    ] as const) {
      const unknown = await t.api.post(`${core}/plugins`, { name: 'rate-limiting', [field]: { name: 'no-such-one' } });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({
        code: 3,
        message: 'data constraint error',
        details: [
          {
            type: 'ERROR_TYPE_REFERENCE',
            field: `${field}.name`,
            messages: [`the foreign key cannot be resolved with '{name="no-such-one"}' for an existing '${entity}' entity`],
          },
        ],
      });
    }
    expect((await t.api.get(`${core}/plugins`)).body.data).toHaveLength(3);
    // A route's service may be named too.
    const route = await t.api.post(`${core}/routes`, { name: 'by-name', paths: ['/by-name'], service: { name: 'example-service' } });
    expect(route.body.service).toEqual({ id: serviceId });
    const dangling = await t.api.post(`${core}/routes`, { name: 'dangling', paths: ['/d'], service: { name: 'nope' } });
    expect(dangling.body.details[0]).toMatchObject({ field: 'service.name' });
  });

  it('refuses tags with `,` or `/` (Kong’s tag rule: they are the tags filter’s separators), on every entity', async () => {
    const { core } = quickstart(t.emulator);
    for (const tag of ['a,b', 'owner/repo', '']) {
      const plugin = await t.api.post(`${core}/plugins`, { ...OIDC, tags: ['fine', tag] });
      expect(plugin.status, tag).toBe(400);
      expect(plugin.body).toMatchObject({ code: 3, message: 'validation error', details: [{ type: 'ERROR_TYPE_FIELD', field: 'tags[1]' }] });
    }
    const service = await t.api.post(`${core}/services`, { name: 's', host: 'example.com', tags: ['a/b'] });
    expect(service.status).toBe(400);
    const route = await t.api.post(`${core}/routes`, { name: 'r', paths: ['/r'], tags: ['a,b'] });
    expect(route.status).toBe(400);
    // Spaces, colons, `=` and non-ASCII text are allowed.
    expect((await t.api.post(`${core}/plugins`, { ...OIDC, tags: ['managed by: action=1', 'équipe'] })).status).toBe(201);
  });

  it('gets by ID (404 when absent) and deletes (204, even when absent)', async () => {
    const { core } = quickstart(t.emulator);
    const created = await t.api.post(`${core}/plugins`, OIDC);
    expect((await t.api.get(`${core}/plugins/${created.body.id}`)).body).toEqual(created.body);
    expect((await t.api.delete(`${core}/plugins/${created.body.id}`)).status).toBe(204);
    expect((await t.api.get(`${core}/plugins/${created.body.id}`)).status).toBe(404);
    expect((await t.api.delete(`${core}/plugins/${created.body.id}`)).status).toBe(204);
  });

  it('publishes each change to the data plane after the propagation delay', async () => {
    const { id, core } = quickstart(t.emulator);
    const created = await t.api.post(`${core}/plugins`, OIDC);
    const now = Date.now();
    expect(t.emulator.store.dataPlaneConfig(id, 1000, now).plugins).toEqual([]);
    expect(t.emulator.store.dataPlaneConfig(id, 1000, now + 1000).plugins.map((plugin) => plugin.id)).toEqual([created.body.id]);
  });
});

describe('core-entity lists', () => {
  async function addServices(core: string, count: number): Promise<void> {
    for (let i = 1; i <= count; i++) {
      const reply = await t.api.post(`${core}/services`, { name: `svc-${i}`, host: 'example.internal', tags: i % 2 === 0 ? ['even', 'all'] : ['odd', 'all'] });
      expect(reply.status).toBe(201);
    }
  }

  it('pages with size, an opaque offset and next, until next is null', async () => {
    const { core } = quickstart(t.emulator);
    await addServices(core, 4);
    const seen: string[] = [];
    let path: string | null = `${core}/services?size=2&tags=all`;
    let pages = 0;
    while (path !== null) {
      const reply = await t.api.get(path);
      expect(reply.status).toBe(200);
      seen.push(...reply.body.data.map((service: Json) => service.name));
      if (reply.body.next !== null) {
        expect(reply.body.next).toBe(`${core}/services?size=2&tags=all&offset=${reply.body.offset}`);
      }
      path = reply.body.next;
      pages++;
    }
    expect(pages).toBe(2);
    expect(seen).toEqual(['svc-1', 'svc-2', 'svc-3', 'svc-4']);
  });

  it('defaults size to 100 or the pageSize knob, and refuses sizes over 1000', async () => {
    const { core } = quickstart(t.emulator);
    await addServices(core, 3);
    expect((await t.api.get(`${core}/services`)).body.data).toHaveLength(4);
    t.emulator.options.pageSize = 3;
    const first = await t.api.get(`${core}/services`);
    expect(first.body.data).toHaveLength(3);
    expect(first.body.next).toEqual(expect.stringContaining('offset='));
    expect((await t.api.get(`${core}/services?size=1001`)).status).toBe(400);
    expect((await t.api.get(`${core}/services?offset=garbage`)).status).toBe(400);
  });

  it('filters by tags (`,` = AND, `/` = OR) and filter[name][eq]', async () => {
    const { core } = quickstart(t.emulator);
    await addServices(core, 4);
    const names = async (query: string) => (await t.api.get(`${core}/services?${query}`)).body.data.map((service: Json) => service.name);
    expect(await names('tags=even')).toEqual(['svc-2', 'svc-4']);
    expect(await names('tags=even,odd')).toEqual([]);
    expect(await names('tags=even/odd')).toEqual(['svc-1', 'svc-2', 'svc-3', 'svc-4']);
    expect(await names('filter[name][eq]=svc-3')).toEqual(['svc-3']);
    expect(await names('filter[name][eq]=svc')).toEqual([]);
    expect((await t.api.get(`${core}/services?tags=a,b/c`)).status).toBe(400);
  });
});

describe('services and routes', () => {
  it('refuses a duplicate service name with the unique-constraint error', async () => {
    const { core } = quickstart(t.emulator);
    const reply = await t.api.post(`${core}/services`, { name: 'example-service', host: 'x.internal' });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual(UNIQUE_ERROR);
  });

  it('upserts a service by name, replacing it (omitted fields back to defaults)', async () => {
    const { core } = quickstart(t.emulator);
    const created = await t.api.post(`${core}/services`, { name: 'httpbin', host: 'httpbin.konghq.com', port: 8443, protocol: 'https' });
    expect(created.status).toBe(201);
    const upserted = await t.api.put(`${core}/services/httpbin`, { host: 'other.internal' });
    expect(upserted.status).toBe(200);
    expect(upserted.body).toMatchObject({ id: created.body.id, name: 'httpbin', host: 'other.internal', port: 80, protocol: 'http' });
  });

  it('requires host, as the spec does, even when url is given', async () => {
    const { core } = quickstart(t.emulator);
    const reply = await t.api.post(`${core}/services`, { name: 'httpbin', url: 'https://httpbin.konghq.com/anything' });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ code: 3, message: 'validation error', details: [{ type: 'ERROR_TYPE_FIELD', field: 'host' }] });
  });

  it('refuses routes to unknown services and routes without a matcher', async () => {
    const { core } = quickstart(t.emulator);
    const dangling = await t.api.post(`${core}/routes`, { name: 'r', paths: ['/r'], service: { id: '00000000-0000-4000-8000-000000000000' } });
    expect(dangling.status).toBe(400);
    expect(dangling.body.details[0]).toMatchObject({ type: 'ERROR_TYPE_REFERENCE', field: 'service.id' });
    const matcherless = await t.api.post(`${core}/services/example-service/routes`, { name: 'r', methods: [] });
    expect(matcherless.status).toBe(400);
  });

  it('refuses deleting a service routes still use; deleting its route removes the route’s plugins', async () => {
    const { core } = quickstart(t.emulator);
    await t.api.post(`${core}/routes/example-route/plugins`, OIDC);
    const refused = await t.api.delete(`${core}/services/example-service`);
    expect(refused.status).toBe(400);
    expect((await t.api.delete(`${core}/routes/example-route`)).status).toBe(204);
    expect((await t.api.get(`${core}/plugins`)).body.data).toEqual([]);
    expect((await t.api.delete(`${core}/services/example-service`)).status).toBe(204);
  });

  it('answers 404 for an unknown control plane', async () => {
    const reply = await t.api.get('/v2/control-planes/00000000-0000-4000-8000-000000000000/core-entities/plugins');
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ message: 'Not Found', status: 404 });
  });
});

describe('consumers', () => {
  const CONSUMER_ID = '8a388226-80e8-4027-a486-25e4f7db5d21';

  it('creates a consumer (201, Kong’s shape) and gets it by ID or by username', async () => {
    const { core } = quickstart(t.emulator);
    const created = await t.api.post(`${core}/consumers`, { username: 'bob-the-builder', custom_id: '4200', tags: ['silver-tier'] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username: 'bob-the-builder',
      custom_id: '4200',
      tags: ['silver-tier'],
      created_at: expect.any(Number),
      updated_at: expect.any(Number),
    });
    expect((await t.api.get(`${core}/consumers/${created.body.id}`)).body).toEqual(created.body);
    expect((await t.api.get(`${core}/consumers/bob-the-builder`)).body).toEqual(created.body);
    expect((await t.api.get(`${core}/consumers/nobody`)).status).toBe(404);
    const customIdOnly = await t.api.post(`${core}/consumers`, { custom_id: 'client-1' });
    expect(customIdOnly.body).toMatchObject({ username: null, custom_id: 'client-1', tags: null });
  });

  it('refuses a consumer with neither username nor custom_id, an empty one, or a bad tag', async () => {
    const { core } = quickstart(t.emulator);
    const neither = await t.api.post(`${core}/consumers`, { tags: ['x'] });
    expect(neither.status).toBe(400);
    expect(neither.body).toMatchObject({
      code: 3,
      message: 'validation error',
      details: [{ type: 'ERROR_TYPE_ENTITY', messages: ["at least one of these fields must be non-empty: 'custom_id', 'username'"] }],
    });
    expect((await t.api.post(`${core}/consumers`, { username: '' })).status).toBe(400);
    const badTag = await t.api.post(`${core}/consumers`, { username: 'u', tags: ['a/b'] });
    expect(badTag.body.details[0]).toMatchObject({ field: 'tags[0]' });
    const unknownField = await t.api.post(`${core}/consumers`, { username: 'u', name: 'u' });
    expect(unknownField.status).toBe(400);
    expect((await t.api.get(`${core}/consumers`)).body.data).toEqual([]);
  });

  it("answers a taken username, custom_id or id with Konnect's 400 data constraint error, on POST and on PUT", async () => {
    const { core } = quickstart(t.emulator);
    const first = await t.api.post(`${core}/consumers`, { username: 'alice', custom_id: 'c-1' });
    const constraint = (field: string, value: string) => ({
      code: 3,
      message: 'data constraint error',
      details: [
        expect.objectContaining({ type: 'ERROR_TYPE_REFERENCE', field, messages: [`${field} (type: unique) constraint failed for value '${value}': `] }),
      ],
    });
    const sameName = await t.api.post(`${core}/consumers`, { username: 'alice' });
    expect(sameName.status).toBe(400);
    expect(sameName.body).toEqual(constraint('username', 'alice'));
    const sameCustomId = await t.api.post(`${core}/consumers`, { username: 'carol', custom_id: 'c-1' });
    expect(sameCustomId.status).toBe(400);
    expect(sameCustomId.body).toEqual(constraint('custom_id', 'c-1'));
    const sameId = await t.api.post(`${core}/consumers`, { id: first.body.id, username: 'dave' });
    expect(sameId.body).toEqual(constraint('id', first.body.id));
    const putClash = await t.api.put(`${core}/consumers/${CONSUMER_ID}`, { custom_id: 'c-1' });
    expect(putClash.status).toBe(400);
    expect(putClash.body).toEqual(constraint('custom_id', 'c-1'));
    // The consumer itself may keep its own values.
    expect((await t.api.put(`${core}/consumers/${first.body.id}`, { username: 'alice', custom_id: 'c-1' })).status).toBe(200);
    expect((await t.api.get(`${core}/consumers`)).body.data).toHaveLength(1);
  });

  it("answers them with the Admin API's 409 under duplicateConsumerStatus: 409", async () => {
    const { core } = quickstart(t.emulator);
    t.emulator.options.duplicateConsumerStatus = 409;
    const first = await t.api.post(`${core}/consumers`, { username: 'alice', custom_id: 'c-1' });
    const sameName = await t.api.post(`${core}/consumers`, { username: 'alice' });
    expect(sameName.status).toBe(409);
    expect(sameName.body).toEqual({
      code: 5,
      name: 'unique constraint violation',
      message: `UNIQUE violation detected on '{username="alice"}'`,
      fields: { username: 'alice' },
    });
    const sameCustomId = await t.api.post(`${core}/consumers`, { username: 'carol', custom_id: 'c-1' });
    expect(sameCustomId.status).toBe(409);
    expect(sameCustomId.body.fields).toEqual({ custom_id: 'c-1' });
    expect((await t.api.put(`${core}/consumers/${CONSUMER_ID}`, { custom_id: 'c-1' })).status).toBe(409);
    expect((await t.api.post(`${core}/consumers`, { id: first.body.id, username: 'dave' })).status).toBe(409);
    expect((await t.api.get(`${core}/consumers`)).body.data).toHaveLength(1);
  });

  describe('keys in the path (consumerKeys)', () => {
    const refusedKeys = ['Partner A', 'a/b', 'Zoë', 'x'.repeat(129), 'user@example.com'];

    it('strict (the default): a key that is neither a UUID nor [0-9a-zA-Z.-_~]{1,128} is 400 invalid ID on GET, PUT and DELETE, before any lookup', async () => {
      const { core } = quickstart(t.emulator);
      const spaced = await t.api.post(`${core}/consumers`, { username: 'Partner A', custom_id: 'partner-a' });
      expect(spaced.status).toBe(201);
      for (const key of refusedKeys) {
        const path = `${core}/consumers/${encodeURIComponent(key)}`;
        for (const reply of [await t.api.get(path), await t.api.put(path, { custom_id: `id-${key.length}` }), await t.api.delete(path)]) {
          expect(reply.status, key).toBe(400);
          expect(reply.body).toEqual({ code: 3, message: `invalid ID:'${key}'` });
        }
      }
      // Refused, not missing: the Consumer named "Partner A" exists and is still there.
      expect((await t.api.get(`${core}/consumers/${spaced.body.id}`)).body.username).toBe('Partner A');
      expect((await t.api.get(`${core}/consumers/${'x'.repeat(128)}`)).status).toBe(404);
      expect((await t.api.get(`${core}/consumers/a.b-c_d~e`)).status).toBe(404);
    });

    it('lenient: any key is looked up as a username (or an id)', async () => {
      const { core } = quickstart(t.emulator);
      t.emulator.options.consumerKeys = 'lenient';
      const spaced = await t.api.post(`${core}/consumers`, { username: 'Partner A' });
      expect((await t.api.get(`${core}/consumers/${encodeURIComponent('Partner A')}`)).body.id).toBe(spaced.body.id);
      expect((await t.api.get(`${core}/consumers/${encodeURIComponent('Zoë')}`)).status).toBe(404);
      const byName = await t.api.put(`${core}/consumers/${encodeURIComponent('Zoë')}`, { custom_id: 'z' });
      expect(byName.body).toMatchObject({ username: 'Zoë', custom_id: 'z' });
      expect((await t.api.delete(`${core}/consumers/${encodeURIComponent('Partner A')}`)).status).toBe(204);
      expect((await t.api.get(`${core}/consumers/${spaced.body.id}`)).status).toBe(404);
    });

    it("strict: username and custom_id follow koko's patterns (single spaces between words, at most 128 characters); lenient takes them", async () => {
      const { core } = quickstart(t.emulator);
      const refused = [
        [{ username: 'Zoë' }, 'username', "must match pattern '^[0-9a-zA-Z.\\-_~+@/]+(?: [0-9a-zA-Z.\\-_~+@/]+)*$'"],
        [{ username: 'two  spaces' }, 'username', expect.stringMatching(/^must match pattern/)],
        [{ username: ' leading' }, 'username', expect.stringMatching(/^must match pattern/)],
        [{ custom_id: 'a,b' }, 'custom_id', expect.stringMatching(/^must match pattern/)],
        [{ username: 'u'.repeat(129) }, 'username', 'length must be <= 128, but got 129'],
      ] as const;
      for (const [body, field, message] of refused) {
        const reply = await t.api.post(`${core}/consumers`, body);
        expect(reply.status, JSON.stringify(body)).toBe(400);
        expect(reply.body).toMatchObject({ message: 'validation error', details: [{ type: 'ERROR_TYPE_FIELD', field, messages: [message] }] });
      }
      expect((await t.api.post(`${core}/consumers`, { username: 'Partner A', custom_id: 'client (1) #2' })).status).toBe(201);
      expect((await t.api.post(`${core}/consumers`, { username: 'u'.repeat(128) })).status).toBe(201);
      t.emulator.options.consumerKeys = 'lenient';
      for (const [body] of refused) expect((await t.api.post(`${core}/consumers`, body)).status, JSON.stringify(body)).toBe(201);
    });
  });

  it('allows at most 8 tags of at most 128 characters', async () => {
    const { core } = quickstart(t.emulator);
    const tags = (count: number, length = 5) => Array.from({ length: count }, (_, i) => `${i}`.padStart(length, 't'));
    const tooMany = await t.api.post(`${core}/consumers`, { username: 'a', tags: tags(9) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({
      message: 'validation error',
      details: [{ field: 'tags', messages: ['maximum 8 items required, but found 9 items'] }],
    });
    const tooLong = await t.api.post(`${core}/consumers`, { username: 'a', tags: ['ok', 'x'.repeat(129)] });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ details: [{ field: 'tags[1]', messages: ['length must be <= 128, but got 129'] }] });
    const put = await t.api.put(`${core}/consumers/${CONSUMER_ID}`, { username: 'a', tags: tags(9) });
    expect(put.status).toBe(400);
    expect((await t.api.get(`${core}/consumers`)).body.data).toEqual([]);
    expect((await t.api.post(`${core}/consumers`, { username: 'a', tags: tags(8, 128) })).status).toBe(201);
  });

  it('PUT upserts by ID (create, then replace keeping created_at) and by username', async () => {
    const { core } = quickstart(t.emulator);
    const created = await t.api.put(`${core}/consumers/${CONSUMER_ID}`, { username: 'dave', tags: ['v1'] });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ id: CONSUMER_ID, username: 'dave', tags: ['v1'] });
    const replaced = await t.api.put(`${core}/consumers/${CONSUMER_ID}`, { custom_id: 'dave-id' });
    expect(replaced.body).toMatchObject({ id: CONSUMER_ID, username: null, custom_id: 'dave-id', tags: null, created_at: created.body.created_at });
    const byName = await t.api.put(`${core}/consumers/erin`, { custom_id: 'erin-id' });
    expect(byName.status).toBe(200);
    expect(byName.body).toMatchObject({ username: 'erin', custom_id: 'erin-id' });
    const again = await t.api.put(`${core}/consumers/erin`, { custom_id: 'erin-2' });
    expect(again.body).toMatchObject({ id: byName.body.id, username: 'erin', custom_id: 'erin-2' });
  });

  it('lists with filter[username][eq], filter[custom_id][eq], custom_id, tags and size/offset pages', async () => {
    const { core } = quickstart(t.emulator);
    for (const [username, customId, tag] of [
      ['a', 'id-a', 'x'],
      ['b', 'id-b', 'y'],
      ['c', 'id-c', 'x'],
    ] as const) {
      expect((await t.api.post(`${core}/consumers`, { username, custom_id: customId, tags: [tag] })).status).toBe(201);
    }
    const usernames = async (query: string) => (await t.api.get(`${core}/consumers?${query}`)).body.data.map((consumer: Json) => consumer.username);
    expect(await usernames('filter[username][eq]=b')).toEqual(['b']);
    expect(await usernames('filter[custom_id][eq]=id-c')).toEqual(['c']);
    expect(await usernames('filter[custom_id][eq]=id')).toEqual([]);
    expect(await usernames('custom_id=id-a')).toEqual(['a']);
    expect(await usernames('custom_id=id')).toEqual([]);
    expect(await usernames('filter[name][eq]=a')).toEqual(['a']);
    expect(await usernames('tags=x')).toEqual(['a', 'c']);
    const first = await t.api.get(`${core}/consumers?size=2`);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.next).toBe(`${core}/consumers?size=2&offset=${first.body.offset}`);
    const second = await t.api.get(first.body.next);
    expect(second.body).toEqual({ data: [expect.objectContaining({ username: 'c' })], next: null });
  });

  it('lets plugins scope to an existing consumer; deleting the consumer (204, by username) deletes them', async () => {
    const { id, core } = quickstart(t.emulator);
    const consumer = await t.api.post(`${core}/consumers`, { username: 'frank' });
    const plugin = await t.api.post(`${core}/plugins`, { name: 'rate-limiting', consumer: { id: consumer.body.id } });
    expect(plugin.status).toBe(201);
    expect(plugin.body.consumer).toEqual({ id: consumer.body.id });
    expect((await t.api.delete(`${core}/consumers/frank`)).status).toBe(204);
    expect((await t.api.get(`${core}/consumers/${consumer.body.id}`)).status).toBe(404);
    expect((await t.api.get(`${core}/plugins`)).body.data).toEqual([]);
    expect((await t.api.delete(`${core}/consumers/frank`)).status).toBe(204);
    const dangling = await t.api.post(`${core}/plugins`, { name: 'rate-limiting', consumer: { id: consumer.body.id } });
    expect(dangling.body).toMatchObject({ message: 'data constraint error', details: [{ field: 'consumer.id' }] });
    // Consumers reach the data plane like every other core entity.
    expect(t.emulator.store.dataPlaneConfig(id, 0).consumers).toEqual([]);
  });
});
