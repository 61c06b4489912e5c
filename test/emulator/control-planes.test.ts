// Control planes v2: the seeded quickstart, filters, labels, pages, get by ID.
import { describe, expect, it } from 'vitest';
import { addControlPlane } from './seed.js';
import { useEmulator } from './testing.js';

const t = useEmulator();

const names = (body: { data: { name: string }[] }) => body.data.map((cp) => cp.name);

describe('control planes', () => {
  it('is seeded with quickstart, whose proxy_urls point at the proxy port', async () => {
    const reply = await t.api.get('/v2/control-planes');
    expect(reply.status).toBe(200);
    expect(names(reply.body)).toEqual(['quickstart']);
    const proxy = new URL(t.emulator.proxyUrl);
    expect(reply.body.data[0].config).toMatchObject({
      cluster_type: 'CLUSTER_TYPE_CONTROL_PLANE',
      proxy_urls: [{ host: proxy.hostname, port: Number(proxy.port), protocol: 'http' }],
    });
  });

  it('filters by name: eq is exact, contains also matches quickstart-2', async () => {
    addControlPlane(t.emulator.store, 'quickstart-2', t.emulator.proxyUrl);
    addControlPlane(t.emulator.store, 'prod', t.emulator.proxyUrl);
    expect(names((await t.api.get('/v2/control-planes?filter[name][eq]=quickstart')).body)).toEqual(['quickstart']);
    expect(names((await t.api.get('/v2/control-planes?filter%5Bname%5D%5Bcontains%5D=quickstart')).body)).toEqual(['quickstart', 'quickstart-2']);
    expect(names((await t.api.get('/v2/control-planes?filter[name][neq]=quickstart')).body)).toEqual(['quickstart-2', 'prod']);
    expect((await t.api.get('/v2/control-planes?filter[name][eq]=nope')).body).toEqual({ data: [], meta: { page: { number: 1, size: 10, total: 0 } } });
  });

  it('filters by labels', async () => {
    addControlPlane(t.emulator.store, 'labelled', t.emulator.proxyUrl, { env: 'prod' });
    expect(names((await t.api.get('/v2/control-planes?labels=env:prod')).body)).toEqual(['labelled']);
    expect(names((await t.api.get('/v2/control-planes?labels=env:dev')).body)).toEqual([]);
  });

  it('pages with page[size] and page[number]', async () => {
    for (let i = 1; i <= 4; i++) addControlPlane(t.emulator.store, `cp-${i}`, t.emulator.proxyUrl);
    const page = await t.api.get('/v2/control-planes?page[size]=2&page[number]=3');
    expect(names(page.body)).toEqual(['cp-4']);
    expect(page.body.meta.page).toEqual({ number: 3, size: 2, total: 5 });
  });

  it('gets one by ID, 404 problem for an unknown one, 400 for a malformed one', async () => {
    const { data } = (await t.api.get('/v2/control-planes')).body;
    expect((await t.api.get(`/v2/control-planes/${data[0].id}`)).body).toEqual(data[0]);
    const missing = await t.api.get('/v2/control-planes/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: 404, title: 'Not Found' });
    const malformed = await t.api.get('/v2/control-planes/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(malformed.body.invalid_parameters[0]).toMatchObject({ field: 'controlPlaneId', source: 'path' });
  });

  it('answers 501 for control-plane operations the emulator does not implement', async () => {
    const reply = await t.api.post('/v2/control-planes', { name: 'new-cp' });
    expect(reply.status).toBe(501);
  });
});
