// The how-to "Configure the OIDC plugin with Kong Identity", replayed as plain HTTP in its order:
// auth server, scope, claim, client; find the control plane; enable the plugin globally; mint a
// token; GET /anything with it. Each step gets what the how-to says it gets.
import { decodeJwt } from 'jose';
import { expect, it } from 'vitest';
import { useEmulator } from './testing.js';

const PROPAGATION_MS = 300;
const t = useEmulator({ propagationMs: PROPAGATION_MS });

it('replays the how-to against the emulator', async () => {
  const { api, emulator } = t;
  // The prerequisites are already on the data plane: seeded state needs no propagation.
  expect((await fetch(`${emulator.proxyUrl}/anything`)).status).toBe(200);

  const server = await api.post('/v1/auth-servers', {
    name: 'Appointments Dev',
    audience: 'http://myhttpbin.dev',
    description: 'Auth server for the Appointment dev environment',
  });
  expect(server.status).toBe(201);
  const { id: AUTH_SERVER_ID, issuer: ISSUER_URL } = server.body;

  const scope = await api.post(`/v1/auth-servers/${AUTH_SERVER_ID}/scopes`, {
    name: 'my-scope',
    description: 'Scope to test Kong Identity',
    default: false,
    include_in_metadata: false,
    enabled: true,
  });
  expect(scope.status).toBe(201);
  const SCOPE_ID = scope.body.id;

  const claim = await api.post(`/v1/auth-servers/${AUTH_SERVER_ID}/claims`, {
    name: 'test-claim',
    value: 'test',
    include_in_token: true,
    include_in_all_scopes: false,
    include_in_scopes: [SCOPE_ID],
    enabled: true,
  });
  expect(claim.status).toBe(201);

  const client = await api.post(`/v1/auth-servers/${AUTH_SERVER_ID}/clients`, {
    name: 'Client',
    grant_types: ['client_credentials'],
    allow_all_scopes: false,
    allow_scopes: [SCOPE_ID],
    access_token_duration: 3600,
    id_token_duration: 3600,
    response_types: ['id_token', 'token'],
  });
  expect(client.status).toBe(201);
  const { id: CLIENT_ID, client_secret: CLIENT_SECRET } = client.body;

  // The how-to finds the control plane with `contains`; with only `quickstart` there, one match.
  const controlPlanes = await api.get('/v2/control-planes?filter%5Bname%5D%5Bcontains%5D=quickstart');
  expect(controlPlanes.status).toBe(200);
  expect(controlPlanes.body.data).toHaveLength(1);
  const CONTROL_PLANE_ID = controlPlanes.body.data[0].id;

  const plugin = await api.post(`/v2/control-planes/${CONTROL_PLANE_ID}/core-entities/plugins/`, {
    name: 'openid-connect',
    config: { issuer: ISSUER_URL, auth_methods: ['bearer'], audience: ['http://myhttpbin.dev'] },
  });
  expect(plugin.status).toBe(201);
  const pluginCreatedAt = Date.now();

  const token = await fetch(`${ISSUER_URL}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: 'my-scope' }),
  });
  expect(token.status).toBe(200);
  const { access_token: ACCESS_TOKEN } = (await token.json()) as { access_token: string };
  expect(decodeJwt(ACCESS_TOKEN)).toMatchObject({ iss: ISSUER_URL, aud: ['http://myhttpbin.dev'], sub: CLIENT_ID, 'test-claim': 'test' });

  // Until the plugin reaches the data plane, the route is still open.
  if (Date.now() - pluginCreatedAt < PROPAGATION_MS - 50) {
    expect((await fetch(`${emulator.proxyUrl}/anything`)).status).toBe(200);
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, pluginCreatedAt + PROPAGATION_MS + 20 - Date.now())));

  expect((await fetch(`${emulator.proxyUrl}/anything`)).status).toBe(401);
  const gateway = await fetch(`${emulator.proxyUrl}/anything`, { headers: { authorization: `Bearer ${ACCESS_TOKEN}` } });
  expect(gateway.status).toBe(200);
  expect(await gateway.json()).toMatchObject({ method: 'GET', url: expect.stringContaining('/anything') });
});
